"""The explorer's Streamlit page: counts, the most mentioned entities and the network.

Run with ``streamlit run app.py``; the data directory is ``$KG_DATA`` or ``.kg``. On first
run, when nothing is built yet, it builds the graph from ``seeds/``. All logic lives in the
``graph`` package; this file only wires it to widgets and caches.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st
import streamlit.components.v1 as components

from graph import (
    TYPES,
    GraphStore,
    KGError,
    NetworkView,
    Settings,
    Stats,
    build_corpus,
    entity_graph,
    load_settings,
    most_mentioned,
    render_network,
    type_counts,
)

ROOT = Path(__file__).resolve().parent
TYPE_TITLES = {"Person": "Person", "Organization": "Organization",
               "MilitaryUnit": "Military unit", "Place": "Place"}
TOP_ENTITIES = 25
NETWORK_HEIGHT = 620


# Caches are keyed on the data directory and the store a build made current, so a rebuild
# (by the CLI or another session) is picked up on the next rerun; max_entries=1 lets go of
# the old store instead of holding its deleted files open.
@st.cache_resource(max_entries=1, show_spinner=False)
def open_store(data_dir: str, version: str) -> GraphStore:
    return GraphStore.open(load_settings(data_dir))


# A resource, not data: cache_data would unpickle a copy of the whole graph on every rerun,
# which on a large corpus costs more than the page. Nothing mutates it.
@st.cache_resource(max_entries=1, show_spinner="Reading the graph…")
def load_graph(data_dir: str, version: str) -> nx.MultiDiGraph:
    return entity_graph(open_store(data_dir, version))


@st.cache_data(max_entries=4, show_spinner=False)
def graph_stats(data_dir: str, version: str) -> Stats:
    return open_store(data_dir, version).stats()


@st.cache_data(max_entries=4, show_spinner=False)
def overview(data_dir: str, version: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    g = load_graph(data_dir, version)
    rows = [{"entity": row.label, "type": row.subtype or TYPE_TITLES.get(row.type, row.type),
             "mentions": row.mentions, "articles": row.documents,
             "connections": row.connections}
            for row in most_mentioned(g, TOP_ENTITIES)]
    return type_counts(g), rows


@st.cache_data(max_entries=4, show_spinner="Laying out the network…")
def network_view(data_dir: str, version: str) -> NetworkView:
    return render_network(load_graph(data_dir, version), height=NETWORK_HEIGHT)


def current_version(settings: Settings) -> str | None:
    """Name of the store a build made current, or None before the first build."""
    try:
        return settings.current_file.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def build_seeds(settings: Settings) -> None:
    seeds = settings.seeds_dir if settings.seeds_dir.is_absolute() else ROOT / settings.seeds_dir
    with st.status(f"Building the graph from {settings.seeds_dir}/ on first run…") as status:
        report = build_corpus(settings, [seeds])
        status.update(label=f"Built the graph from {report.documents} article(s) in "
                            f"{report.seconds:.0f} s", state="complete", expanded=False)


def show_network(view: NetworkView) -> None:
    # st.iframe replaces components.v1.html (deprecated in recent Streamlit), but the
    # oldest Streamlit this project allows does not have it yet.
    embed = getattr(st, "iframe", None) or components.html
    embed(view.html, height=NETWORK_HEIGHT + 4)
    if view.notice:
        st.caption(view.notice)


def main() -> None:
    st.set_page_config(page_title="News knowledge graph", layout="wide")
    st.title("News knowledge graph")
    settings = load_settings()
    try:
        version = current_version(settings)
        if version is None:
            build_seeds(settings)
            version = current_version(settings)
        data_dir = str(settings.data_dir.resolve())
        stats = graph_stats(data_dir, version or "")
        counts, rows = overview(data_dir, version or "")
        view = network_view(data_dir, version or "")
    except KGError as exc:
        st.error(str(exc))
        st.stop()

    columns = st.columns(1 + len(TYPES))
    columns[0].metric("Documents", f"{stats.documents:,}")
    for column, name in zip(columns[1:], TYPES, strict=True):
        column.metric(TYPE_TITLES[name], f"{counts.get(name, 0):,}")

    st.subheader("Most mentioned entities")
    st.dataframe(rows, hide_index=True, width="stretch",
                 column_config={"entity": "Entity", "type": "Type", "mentions": "Mentions",
                                "articles": "Articles", "connections": "Connections"})
    st.subheader("Network")
    show_network(view)


main()

