"""Export: the whole graph as Turtle, TriG, N-Triples or JSON-LD, for other tools."""

from __future__ import annotations

import io

import streamlit as st

from views.common import GraphRef, open_store, run_page

FORMATS = {  # label -> (export format, file extension, media type)
    "Turtle": ("turtle", "ttl", "text/turtle"),
    "TriG (keeps the named graphs)": ("trig", "trig", "application/trig"),
    "N-Triples": ("nt", "nt", "application/n-triples"),
    "JSON-LD": ("jsonld", "jsonld", "application/ld+json"),
}


@st.cache_data(max_entries=4, show_spinner="Serializing the graph…")
def exported(data_dir: str, version: str, fmt: str) -> bytes:
    out = io.BytesIO()
    open_store(data_dir, version).export(fmt, out)
    return out.getvalue()


def page(ref: GraphRef) -> None:
    label = st.radio("Format", list(FORMATS), horizontal=True)
    fmt, extension, media = FORMATS[label]
    data = exported(ref.data_dir, ref.version, fmt)
    st.download_button(f"Download graph.{extension}", data, file_name=f"graph.{extension}",
                       mime=media, type="primary")
    st.caption(f"{len(data) / 1024:,.0f} KiB: every entity, document, mention, event and "
               "claim with its provenance, and the ontology. Turtle, N-Triples and JSON-LD "
               "hold the union of the named graphs; TriG keeps them apart.")


run_page("Export", page)
