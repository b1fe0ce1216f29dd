"""graph.explore.places: places as map points, those without coordinates kept apart."""

from __future__ import annotations

from graph.explore.places import places


def test_places_carry_coordinates_regions_included(engine):
    rows = places(engine)
    assert all((p.lat is None) == (p.lon is None) for p in rows)
    region = next(p for p in rows if p.label == "Kursk region")
    assert region.lat is not None  # the centroid of its towns, from the gazetteer
    ukraine = next(p for p in rows if p.label == "Ukraine")
    assert ukraine.lat is not None and ukraine.mentions > 10
