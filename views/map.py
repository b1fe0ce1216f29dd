"""Map: places with coordinates as points sized by how often they are mentioned, and a
clear list of the places the graph has no coordinates for. The points are drawn by the
browser; only the base map comes from the network, so offline the points still show."""

from __future__ import annotations

import math

import pydeck as pdk
import streamlit as st

from views.common import GraphRef, md, place_rows, run_page

COLOURS = {
    "Country": [47, 125, 50],
    "Region": [89, 161, 79],
    "Settlement": [23, 162, 184],
    "Facility": [156, 117, 95],
}
OTHER = [140, 209, 125]


def page(ref: GraphRef) -> None:
    rows = place_rows(ref.data_dir, ref.version)
    located = [p for p in rows if p.lat is not None and p.lon is not None]
    missing = [p for p in rows if p.lat is None or p.lon is None]
    focus = st.query_params.get("place", "")
    if not rows:
        st.info("The graph has no places yet.")
        return
    if located:
        points = [
            {
                "label": p.label,
                "kind": p.subtype or "place",
                "mentions": p.mentions,
                "lat": p.lat,
                "lon": p.lon,
                "radius": 12_000 * math.sqrt(max(p.mentions, 1)),
                "colour": [0, 0, 0] if p.iri == focus else COLOURS.get(p.subtype, OTHER),
            }
            for p in located
        ]
        centre = next((p for p in located if p.iri == focus), None)
        lat = centre.lat if centre else sum(p.lat or 0.0 for p in located) / len(located)
        lon = centre.lon if centre else sum(p.lon or 0.0 for p in located) / len(located)
        layer = pdk.Layer(
            "ScatterplotLayer",
            points,
            get_position=["lon", "lat"],
            get_radius="radius",
            get_fill_color="colour",
            opacity=0.7,
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            radius_min_pixels=4,
            radius_max_pixels=40,
            pickable=True,
        )
        # A text tooltip: deck.gl sets it as text, never parses it as HTML.
        deck = pdk.Deck(
            layers=[layer],
            initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=5 if centre else 2),
            tooltip={"text": "{label} ({kind})\n{mentions} mentions"},
        )
        st.pydeck_chart(deck, height=520)
        st.caption(
            f"{len(located)} of {len(rows)} places have coordinates; a point's size "
            "grows with its mentions. Without internet the base map may be blank; "
            "the points are still drawn."
        )
        if centre is not None:
            st.caption(f"Centred on {md(centre.label)} (black).")
    if missing:
        st.info(
            f"{len(missing)} place(s) have no coordinates in the graph (GeoNames has no "
            "match for them), so they are not on the map:"
        )
        st.dataframe(
            [
                {"place": p.label, "kind": p.subtype or "place", "mentions": p.mentions}
                for p in missing
            ],
            hide_index=True,
            width="stretch",
            column_config={"place": "Place", "kind": "Kind", "mentions": "Mentions"},
        )
    st.subheader("Places with coordinates")
    st.dataframe(
        [
            {
                "place": p.label,
                "kind": p.subtype or "place",
                "mentions": p.mentions,
                "latitude": p.lat,
                "longitude": p.lon,
            }
            for p in located
        ],
        hide_index=True,
        width="stretch",
    )


run_page("Map", page)
