"""The map's base layer names the countries in view, offline, from the outlines' data."""

from __future__ import annotations

import json

import pydeck as pdk

from graph import MapPoint
from views.geo import country_names, view_bounds

UKRAINE = MapPoint("ukraine", "Ukraine", "Country", 22, 49.0, 32.0)
KURSK = MapPoint("kursk", "Kursk region", "Region", 13, 51.68, 35.98)
# The view the Map page opens on for the seed graph: Ukraine and the Kursk region.
SEED_VIEW = pdk.ViewState(latitude=49.9, longitude=34.2, zoom=5.3)


def test_view_bounds_span_what_a_view_of_that_many_pixels_shows():
    west, south, east, north = view_bounds(SEED_VIEW, 960, 520)
    # 960 px at zoom 5.3 is 960 / (512 * 2**5.3 / 360) degrees of longitude.
    assert round(east - west, 1) == round(960 * 360 / (512 * 2**5.3), 1)
    assert south < 49.9 < north and round(west + east, 6) == round(2 * 34.2, 6)


def test_countries_in_view_are_named_inside_their_visible_land():
    names = {row.name: row for row in country_names(SEED_VIEW, 520, [UKRAINE, KURSK])}
    assert {"RUSSIA", "BELARUS", "MOLDOVA", "ROMANIA"} <= set(names)
    west, south, east, north = view_bounds(SEED_VIEW, 960, 520)
    # Russia is named in the part of it on screen, not in Siberia.
    russia = names["RUSSIA"]
    assert west < russia.lon < east and south < russia.lat < north
    assert russia.lon > 35  # east of the border with Ukraine
    # Far countries are not named; Ukraine is named by its place's label already.
    assert "UKRAINE" not in names and "FRANCE" not in names


def test_a_country_is_named_when_its_place_is_out_of_view():
    russia_in_siberia = MapPoint("russia", "Russia", "Country", 20, 60.0, 100.0)
    names = {row.name for row in country_names(SEED_VIEW, 520, [russia_in_siberia])}
    assert {"RUSSIA", "UKRAINE"} <= names


def test_map_page_names_the_neighbouring_countries_under_the_places(open_page):
    app = open_page("map")
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    order = [layer["id"] for layer in deck["layers"]]
    assert order.index("countries") < order.index("country-names") < order.index("places")
    layer = deck["layers"][order.index("country-names")]
    names = {row["name"] for row in layer["data"]}
    assert {"RUSSIA", "BELARUS"} <= names and "UKRAINE" not in names
    assert layer["@@type"] == "TextLayer"
