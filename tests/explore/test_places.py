"""graph.explore.places: places as map points, those without coordinates kept apart."""

from __future__ import annotations

from graph.explore.places import places


def test_places_without_coordinates_are_kept_apart(engine):
    rows = places(engine)
    assert any(p.lat is None for p in rows) and any(p.lat is not None for p in rows)
    ukraine = next(p for p in rows if p.label == "Ukraine")
    assert ukraine.lat is not None and ukraine.mentions > 10
