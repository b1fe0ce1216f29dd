"""Export: the whole graph, or the part the Network page's filters show, as Turtle, TriG,
N-Triples or JSON-LD, for other tools."""

from __future__ import annotations

import io

import streamlit as st

from graph import NetworkFilter, filtered_network, label_of, subgraph_quads
from views.common import (
    FILTER_KEY,
    GraphRef,
    document_rows,
    documents_of_entities,
    load_graph,
    md,
    open_store,
    run_page,
)

FORMATS = {  # label -> (export format, file extension, media type)
    "Turtle": ("turtle", "ttl", "text/turtle"),
    "TriG (keeps the named graphs)": ("trig", "trig", "application/trig"),
    "N-Triples": ("nt", "nt", "application/n-triples"),
    "JSON-LD": ("jsonld", "jsonld", "application/ld+json"),
}
WHOLE, FILTERED = "The whole graph", "The network as filtered on the Network page"


@st.cache_data(max_entries=8, show_spinner="Serializing the graph…")
def exported(data_dir: str, version: str, fmt: str, chosen: NetworkFilter | None) -> bytes:
    store = open_store(data_dir, version)
    quads = None
    if chosen is not None:
        g = load_graph(data_dir, version)
        sub = filtered_network(g, chosen, documents_of_entities(data_dir, version))
        quads = subgraph_quads(store, g, sub)
    out = io.BytesIO()
    store.export(fmt, out, quads)
    return out.getvalue()


def describe(ref: GraphRef, chosen: NetworkFilter) -> str:
    """The filter in words, every graph value escaped for Markdown."""
    g = load_graph(ref.data_dir, ref.version)
    parts = []
    if chosen.kinds is not None:
        parts.append("types: " + ", ".join(chosen.kinds))
    if chosen.relations is not None:
        parts.append("relations: " + ", ".join(chosen.relations))
    if chosen.documents is not None:
        titles = {d.iri: d.title for d in document_rows(ref.data_dir, ref.version)}
        parts.append("articles: " + "; ".join(titles.get(d, d) for d in chosen.documents))
    if chosen.focus:
        parts.append(f"within {chosen.depth} hop(s) of {label_of(g, chosen.focus)}")
    return md("; ".join(parts)) if parts else "nothing filtered out"


def page(ref: GraphRef) -> None:
    chosen = st.session_state.get(FILTER_KEY)
    part = st.radio(
        "What",
        [WHOLE, FILTERED],
        horizontal=True,
        index=1 if chosen is not None and chosen != NetworkFilter() else 0,
        disabled=chosen is None,
    )
    if chosen is None:
        st.caption("To export part of the graph, open **Network** and filter it first.")
    label = st.radio("Format", list(FORMATS), horizontal=True)
    fmt, extension, media = FORMATS[label]
    subset = chosen if part == FILTERED and chosen is not None else None
    data = exported(ref.data_dir, ref.version, fmt, subset)
    name = f"{'network' if subset else 'graph'}.{extension}"
    st.download_button(f"Download {name}", data, file_name=name, mime=media, type="primary")
    if subset is not None:
        st.caption(
            f"{len(data) / 1024:,.0f} KiB: the entities of the filtered network "
            f"({describe(ref, subset)}) with their statements, the relations among "
            "them with their assertions, their mentions, and the sentences, articles "
            "and ontology terms these come from."
        )
    else:
        st.caption(
            f"{len(data) / 1024:,.0f} KiB: every entity, document, mention, event and "
            "claim with its provenance, and the ontology. Turtle, N-Triples and "
            "JSON-LD hold the union of the named graphs; TriG keeps them apart."
        )


run_page("Export", page)
