"""Map: places with coordinates as points sized by how often they are mentioned, and a
clear list of the places the graph has no coordinates for. Everything is drawn by the
browser from the page's own data, country outlines included (``views/geo.py``): the map
needs no network."""

from __future__ import annotations

import streamlit as st

from views.common import GraphRef, md, place_rows, run_page
from views.geo import place_map


def page(ref: GraphRef) -> None:
    rows = place_rows(ref.data_dir, ref.version)
    located = [p for p in rows if p.lat is not None and p.lon is not None]
    missing = [p for p in rows if p.lat is None or p.lon is None]
    focus = st.query_params.get("place", "")
    if not rows:
        st.info("The graph has no places yet.")
        return
    if located:
        place_map(located, focus=focus)
        st.caption(
            f"{len(located)} of {len(rows)} places have coordinates; a point's size "
            "grows with its mentions; zoom in where labels crowd. Country outlines: "
            "Natural Earth, drawn offline."
        )
        centre = next((p for p in located if p.iri == focus), None)
        if centre is not None:
            st.caption(f"Centred on {md(centre.label)} (black).")
    if missing:
        st.info(
            f"{len(missing)} place(s) have no coordinates in the graph (GeoNames has no "
            "match for them), so they are not on the map:"
        )
        st.dataframe(
            [
                {"place": p.label, "kind": p.subtype or "Place", "mentions": p.mentions}
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
                "kind": p.subtype or "Place",
                "mentions": p.mentions,
                "latitude": p.lat,
                "longitude": p.lon,
            }
            for p in located
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "place": "Place",
            "kind": "Kind",
            "mentions": "Mentions",
            "latitude": "Latitude",
            "longitude": "Longitude",
        },
    )


run_page("Map", page)
