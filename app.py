"""The explorer: wires the pages in ``views/`` into one Streamlit app.

Run with ``streamlit run app.py``; the data directory is ``$KG_DATA`` or ``.kg``. On first
run, when nothing is built yet, the graph is built from ``seeds/``. All logic lives in the
``graph`` package and the pages; this file only lists them.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="News knowledge graph", layout="wide")

# No icons: Streamlit fetches Material icons from Google Fonts, and the app must work
# offline (the browser tests block every request beyond loopback).
PAGES = {
    "Explore": [
        st.Page("views/overview.py", title="Overview", default=True),
        st.Page("views/network.py", title="Network", url_path="network"),
        st.Page("views/entity.py", title="Entity", url_path="entity"),
        st.Page("views/paths.py", title="Path finder", url_path="paths"),
    ],
    "Facts": [
        st.Page("views/timeline.py", title="Timeline", url_path="timeline"),
        st.Page("views/claims.py", title="Claims", url_path="claims"),
        st.Page("views/map.py", title="Map", url_path="map"),
        st.Page("views/sources.py", title="Sources", url_path="sources"),
    ],
    "Data": [
        st.Page("views/workbench.py", title="Query workbench", url_path="workbench"),
        st.Page("views/add.py", title="Add documents", url_path="add"),
        st.Page("views/export.py", title="Export", url_path="export"),
    ],
}

st.navigation(PAGES).run()
