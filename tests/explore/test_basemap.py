"""graph.explore.basemap: country outlines read from an installed wheel, never fetched."""

from __future__ import annotations

import itertools

from graph.explore.basemap import country_outlines


def _inside(lon: float, lat: float, ring: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: is the point inside the ring?"""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_outlines_cover_every_country_near_the_seed_and_hold_its_places():
    outlines = country_outlines()
    countries = {o.country for o in outlines}
    # countryinfo's GeoJSON, the other candidate, has no Hungary, Serbia or Myanmar.
    assert {"Ukraine", "Russia", "Hungary", "Serbia", "Myanmar", "North Korea"} <= countries
    assert len(countries) > 190
    ukraine = [o.ring for o in outlines if o.country == "Ukraine"]
    russia = [o.ring for o in outlines if o.country == "Russia"]
    assert any(_inside(30.52, 50.45, ring) for ring in ukraine)  # Kyiv
    assert any(_inside(36.19, 51.73, ring) for ring in russia)  # Kursk
    assert not any(_inside(36.19, 51.73, ring) for ring in ukraine)


def test_outlines_are_closed_light_and_inside_web_mercator():
    outlines = country_outlines()
    assert all(o.ring[0] == o.ring[-1] and len(o.ring) >= 4 for o in outlines)
    assert sum(len(o.ring) for o in outlines) < 80_000  # simplified: the page stays light
    assert all(-85 <= lat <= 85 for o in outlines for _, lat in o.ring)
