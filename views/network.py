"""Network: the entities and their relations as an interactive PyVis graph, with filters
(types, relations, articles, publication dates), a search box, the ego network of one
entity and a node cap that says what it left out."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from graph import (
    NetworkFilter,
    NetworkView,
    entity_choices,
    filtered_network,
    human_header,
    label_of,
    node_kind,
    relation_labels,
    render_network,
    search_entities,
)
from views.common import (
    FILTER_KEY,
    GraphRef,
    document_rows,
    documents_of_entities,
    load_graph,
    md,
    run_page,
    show_html,
)

HEIGHT = 620
DEFAULT_CAP = 300


@st.cache_data(max_entries=16, show_spinner="Laying out the network…")
def network_view(data_dir: str, version: str, chosen: NetworkFilter, cap: int) -> NetworkView:
    sub = filtered_network(
        load_graph(data_dir, version), chosen, documents_of_entities(data_dir, version)
    )
    return render_network(sub, max_nodes=cap, height=HEIGHT, focus=chosen.focus or None)


def page(ref: GraphRef) -> None:
    g = load_graph(ref.data_dir, ref.version)
    docs = document_rows(ref.data_dir, ref.version)
    all_kinds = sorted({node_kind(d) for _, d in g.nodes(data=True)})
    all_relations = relation_labels(g)

    search, centre, depth_column = st.columns([2, 2, 1])
    text = search.text_input("Search entities", placeholder="a name or alias, e.g. Kursk")
    matches = search_entities(g, text) if text.strip() else []
    if text.strip() and not matches:
        search.caption("No entity matches.")
    options = ["", *(matches or entity_choices(g))]
    focus = centre.selectbox(
        "Centre on",
        options,
        index=1 if matches else 0,
        format_func=lambda iri: "(everything)" if not iri else label_of(g, iri),
        help="Show only this entity and what is within the chosen number of hops.",
    )
    depth = depth_column.slider("Hops", 1, 3, 1, disabled=not focus)

    with st.expander("Filters", expanded=False):
        kinds = st.multiselect(
            "Entity types", all_kinds, default=all_kinds, format_func=human_header
        )
        relations = st.multiselect("Relations", all_relations, default=all_relations)
        chosen = st.multiselect(
            "Articles",
            [d.iri for d in docs],
            default=[d.iri for d in docs],
            format_func=lambda iri: next(d.title for d in docs if d.iri == iri),
        )
        dates = sorted(dt.date.fromisoformat(d.published) for d in docs if d.published)
        if dates and dates[0] < dates[-1]:
            period = st.slider("Published between", dates[0], dates[-1], (dates[0], dates[-1]))
            chosen = [
                d.iri
                for d in docs
                if d.iri in chosen
                and (
                    not d.published or period[0] <= dt.date.fromisoformat(d.published) <= period[1]
                )
            ]
        cap = st.number_input(
            "Most entities to draw",
            10,
            5000,
            DEFAULT_CAP,
            step=50,
            help="The most mentioned are kept; a browser lays out a few "
            "hundred nodes quickly, not thousands.",
        )

    every_doc = len(chosen) == len(docs)
    network_filter = NetworkFilter(
        kinds=None if set(kinds) == set(all_kinds) else tuple(sorted(kinds)),
        relations=None if set(relations) == set(all_relations) else tuple(sorted(relations)),
        documents=None if every_doc else tuple(sorted(chosen)),
        focus=focus or "",
        depth=depth if focus else 1,
    )
    # Not a widget key: Streamlit drops those when another page runs, and Export reads it.
    st.session_state[FILTER_KEY] = network_filter
    view = network_view(ref.data_dir, ref.version, network_filter, int(cap))
    show_html(view.html, HEIGHT + 4)
    st.caption(
        f"Showing {view.nodes_shown:,} of {view.nodes_total:,} entities and "
        f"{view.edges_shown:,} of {view.edges_total:,} links"
        + (" after filtering" if view.nodes_total < g.number_of_nodes() else "")
        + ". Hover a node for its evidence; drag to rearrange."
    )
    if view.capped:
        st.warning(view.notice + " Raise the limit under Filters, or centre on an entity.")
    if focus:
        st.page_link(
            "views/entity.py",
            query_params={"entity": focus},
            label=f"Open the entity page of {md(label_of(g, focus))}",
        )


run_page("Network", page)
