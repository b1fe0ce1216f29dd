"""The map both the Map page and the workbench's Map view draw: country outlines from
data installed with the package under the places as labelled points, all drawn by the
browser with no tile server (``map_provider=None``: Streamlit then fetches no base-map
style), so the map is whole offline."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pydeck as pdk
import shapely
import streamlit as st
from shapely.ops import polylabel

from graph import CountryOutline, MapPoint, country_outlines, human_label

COLOURS = {
    "Country": [47, 125, 50],
    "Region": [89, 161, 79],
    "Settlement": [23, 162, 184],
    "Facility": [156, 117, 95],
}
OTHER = [140, 209, 125]
FOCUS = [0, 0, 0]
WATER = [214, 228, 238]
LAND = [246, 244, 238]
BORDER = [150, 150, 150]
LABEL = [38, 39, 48]
COUNTRY_NAME = [105, 105, 105]
# A view fitted on a width this narrow still shows its places on a wider page.
FIT_WIDTH, FIT_HEIGHT = 640, 460
MAX_ZOOM = 6.5
# Country names are placed for a map this wide (the page's width on a laptop), and only
# for a country that fills at least this share of it.
NAMED_WIDTH = 960
MIN_NAMED_SHARE = 0.004


@st.cache_resource(show_spinner="Reading the country outlines…")
def outlines() -> list[dict[str, object]]:
    """The base layer's rows, built once per process (about a second)."""
    found: Sequence[CountryOutline] = country_outlines()
    return [{"country": o.country, "ring": o.ring} for o in found]


@dataclass(frozen=True)
class CountryName:
    """Where the map writes a country's name (in capitals)."""

    name: str
    lon: float
    lat: float


@st.cache_resource(show_spinner=False)
def country_shapes() -> dict[str, list[shapely.Polygon]]:
    """Each country's land as polygons, to place its name on."""
    shapes: dict[str, list[shapely.Polygon]] = {}
    for outline in country_outlines():
        shapes.setdefault(outline.country, []).append(shapely.Polygon(outline.ring))
    return shapes


def view_bounds(view: pdk.ViewState, width: float, height: float) -> tuple[float, ...]:
    """West, south, east and north of what ``view`` shows on a map of that many pixels."""
    world = 512 * 2**view.zoom  # pixels round the world at this zoom (deck.gl's tiles)
    half_lon = 360 * width / 2 / world
    middle = _mercator_y(view.latitude)
    half_y = 2 * math.pi * height / 2 / world

    def latitude(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)

    return (
        view.longitude - half_lon,
        latitude(middle - half_y),
        view.longitude + half_lon,
        latitude(middle + half_y),
    )


def country_names(
    view: pdk.ViewState, height: float, points: Sequence[MapPoint] = ()
) -> list[CountryName]:
    """A name for each country a good part of ``view`` shows, at the point of its visible
    land farthest from the coast or the view's edge (so Russia is named in the part of it
    on screen). A country one of ``points`` names in view already (a point labelled
    "Ukraine") is not named twice."""
    west, south, east, north = view_bounds(view, NAMED_WIDTH, height)
    named = {
        p.label.casefold()
        for p in points
        if p.lat is not None
        and p.lon is not None
        and west <= p.lon <= east
        and south <= p.lat <= north
    }
    least = MIN_NAMED_SHARE * (east - west) * (north - south)
    names = []
    for country, polygons in country_shapes().items():
        if country.casefold() in named:
            continue
        pieces = [
            piece
            for clipped in shapely.clip_by_rect(polygons, west, south, east, north)
            for piece in getattr(clipped, "geoms", [clipped])
            if isinstance(piece, shapely.Polygon) and piece.area >= least
        ]
        if not pieces:
            continue
        largest = max(pieces, key=lambda piece: piece.area)
        at = polylabel(largest, tolerance=0.05)
        names.append(CountryName(country.upper(), round(at.x, 3), round(at.y, 3)))
    return names


def radius(mentions: int) -> float:
    """A point's radius in pixels: its area grows with the place's mentions."""
    return 4 + 2 * math.sqrt(max(mentions, 1))


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fitted_view(points: Sequence[MapPoint], focus: MapPoint | None = None) -> pdk.ViewState:
    """A view on ``focus``, else one that shows every place that is not a country (a
    country's outline shows it whatever the view), else every place."""
    if focus is not None and focus.lat is not None and focus.lon is not None:
        return pdk.ViewState(latitude=focus.lat, longitude=focus.lon, zoom=5)
    shown = [p for p in points if p.subtype != "Country"] or list(points)
    lats = [p.lat for p in shown if p.lat is not None]
    lons = [p.lon for p in shown if p.lon is not None]
    north, south = _mercator_y(max(lats)), _mercator_y(min(lats))
    span_x = max(max(lons) - min(lons), 1e-6) * math.pi / 180
    span_y = max(north - south, 1e-6)
    # A world 512 px wide at zoom 0 (deck.gl's tiles); a margin of a quarter of a step.
    zoom = min(
        math.log2(FIT_WIDTH * 2 * math.pi / (512 * span_x)),
        math.log2(FIT_HEIGHT * 2 * math.pi / (512 * span_y)),
    )
    middle = math.degrees(2 * math.atan(math.exp((north + south) / 2)) - math.pi / 2)
    return pdk.ViewState(
        latitude=middle,
        longitude=(max(lons) + min(lons)) / 2,
        zoom=max(0.5, min(MAX_ZOOM, zoom - 0.5)),
    )


def place_map(points: Sequence[MapPoint], *, focus: str = "", height: int = 520) -> None:
    """Draw ``points`` (all with coordinates) over the country outlines, each labelled.
    ``focus`` is the IRI of a place to centre on and mark in black."""
    rows = [
        {
            "label": p.label,
            "kind": human_label(p.subtype or "Place"),
            "mentions": p.mentions,
            "lat": p.lat,
            "lon": p.lon,
            "radius": radius(p.mentions),
            # The label starts just right of its point.
            "offset": [radius(p.mentions) + 4, 0],
            "colour": FOCUS if focus and p.iri == focus else COLOURS.get(p.subtype, OTHER),
        }
        for p in points
    ]
    water = pdk.Layer(
        "PolygonLayer",
        [{"ring": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
        id="water",
        get_polygon="ring",
        get_fill_color=WATER,
        stroked=False,
    )
    land = pdk.Layer(
        "PolygonLayer",
        outlines(),
        id="countries",
        get_polygon="ring",
        get_fill_color=LAND,
        get_line_color=BORDER,
        line_width_min_pixels=1,
    )
    dots = pdk.Layer(
        "ScatterplotLayer",
        rows,
        id="places",
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units="'pixels'",
        get_fill_color="colour",
        opacity=0.8,
        stroked=True,
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        pickable=True,
    )
    # Glyphs drawn by deck.gl: a label is text, never markup. The font atlas is made in
    # the browser from a local font; 'auto' takes every character the labels use.
    labels = pdk.Layer(
        "TextLayer",
        rows,
        id="labels",
        get_position=["lon", "lat"],
        get_text="label",
        get_size=13,
        get_color=LABEL,
        get_text_anchor="'start'",
        get_alignment_baseline="'center'",
        get_pixel_offset="offset",
        # Quoted: pydeck takes a bare string for a JavaScript expression.
        font_family='`"Source Sans", "Source Sans Pro", sans-serif`',
        character_set="'auto'",
        background=True,
        get_background_color=[255, 255, 255, 210],
        background_padding=[3, 1],
        pickable=True,
    )
    centre = next((p for p in points if focus and p.iri == focus), None)
    view = fitted_view(points, centre)
    # Under the places, lighter than their labels: the names of the countries in view.
    countries = pdk.Layer(
        "TextLayer",
        [dataclasses.asdict(name) for name in country_names(view, height, points)],
        id="country-names",
        get_position=["lon", "lat"],
        get_text="name",
        get_size=12,
        get_color=COUNTRY_NAME,
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        font_family='`"Source Sans", "Source Sans Pro", sans-serif`',
        font_weight="600",
        character_set="'auto'",
    )
    deck = pdk.Deck(
        layers=[water, land, countries, dots, labels],
        initial_view_state=view,
        map_provider=None,
        # A text tooltip: deck.gl sets it as text, never parses it as HTML.
        tooltip={"text": "{label} ({kind})\n{mentions} mentions"},
    )
    st.pydeck_chart(deck, height=height)
