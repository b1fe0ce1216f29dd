"""Path finder: the shortest connections between two entities, each hop with the relation
that makes it and a sentence that supports it."""

from __future__ import annotations

import streamlit as st

from graph import Hop, entity_choices, label_of, path_hops, render_network, shortest_paths
from views.common import GraphRef, load_graph, md, query_engine, run_page, show_html

HEIGHT = 380


@st.cache_data(max_entries=32, show_spinner="Looking for connections…")
def find_paths(
    data_dir: str, version: str, a: str, b: str, limit: int, relations_only: bool
) -> list[list[Hop]]:
    g = load_graph(data_dir, version)
    engine = query_engine(data_dir)
    return [
        path_hops(g, path, engine)
        for path in shortest_paths(g, a, b, limit, relations_only=relations_only)
    ]


def page(ref: GraphRef) -> None:
    g = load_graph(ref.data_dir, ref.version)
    choices = entity_choices(g)
    if len(choices) < 2:
        st.info("The graph needs two entities to connect.")
        return
    left, right = st.columns(2)
    a = left.selectbox("From", choices, format_func=lambda iri: label_of(g, iri))
    b = right.selectbox("To", choices, index=1, format_func=lambda iri: label_of(g, iri))
    relations_only = st.toggle(
        "Typed relations only",
        value=False,
        help="Skip 'named in the same sentence' links, which connect "
        "almost everything in a dense article.",
    )
    limit = st.slider("Paths to show", 1, 10, 3)
    if a == b:
        st.info("Choose two different entities.")
        return
    paths = find_paths(ref.data_dir, ref.version, a, b, limit, relations_only)
    if not paths:
        st.warning(
            f"No connection between {md(label_of(g, a))} and {md(label_of(g, b))}"
            + (" through typed relations." if relations_only else ".")
        )
        return
    st.caption(f"{len(paths)} shortest path(s) of {len(paths[0])} hop(s).")
    for number, hops in enumerate(paths, start=1):
        sequence = [a]
        for hop in hops:
            sequence.append(hop.target if hop.source == sequence[-1] else hop.source)
        st.markdown(f"**Path {number}:** " + " → ".join(md(label_of(g, iri)) for iri in sequence))
        st.dataframe(
            [
                {
                    "from": h.source_label,
                    "relation": h.relation,
                    "to": h.target_label,
                    "evidence": h.evidence,
                }
                for h in hops
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "from": "From",
                "relation": "Relation",
                "to": "To",
                "evidence": "Evidence",
            },
        )
    nodes = {a, b} | {x for hops in paths for h in hops for x in (h.source, h.target)}
    view = render_network(g.subgraph(nodes).copy(), height=HEIGHT, focus=a)
    show_html(view.html, HEIGHT + 4)


run_page("Path finder", page)
