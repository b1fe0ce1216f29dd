"""Overview: the articles, how many entities of each type, who is most mentioned and most
connected, and how many claims are contested."""

from __future__ import annotations

import streamlit as st

from graph import TYPES, most_connected, most_mentioned, type_counts
from views.common import (
    TYPE_TITLES,
    GraphRef,
    claim_rows,
    document_rows,
    graph_stats,
    load_graph,
    run_page,
    type_title,
)

TOP = 15


def page(ref: GraphRef) -> None:
    stats = graph_stats(ref.data_dir, ref.version)
    g = load_graph(ref.data_dir, ref.version)
    counts = type_counts(g)
    contested = sum(c.contested for c in claim_rows(ref.data_dir, ref.version))

    columns = st.columns(2 + len(TYPES))
    columns[0].metric("Documents", f"{stats.documents:,}")
    for column, name in zip(columns[1:], TYPES, strict=False):
        column.metric(TYPE_TITLES[name], f"{counts.get(name, 0):,}")
    columns[-1].metric("Contested claims", f"{contested:,}")

    st.subheader("Articles")
    docs = document_rows(ref.data_dir, ref.version)
    # A column only when some article has it: no column of blanks or "None".
    optional = [c for c in ("outlet", "url") if any(getattr(d, c) for d in docs)]
    st.dataframe(
        [
            {
                "title": d.title,
                "published": d.published + (" (inferred)" if d.date_inferred else ""),
                **{c: getattr(d, c) or "" for c in optional},
            }
            for d in docs
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "title": "Title",
            "published": "Published",
            "outlet": "Outlet",
            "url": st.column_config.LinkColumn("URL"),
        },
    )

    # The most mentioned table has five columns, the most connected three: shared out
    # evenly, the first would scroll sideways and cut its last header ("Connectio…").
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Most mentioned entities")
        st.dataframe(
            [
                {
                    "entity": row.label,
                    "type": row.subtype or TYPE_TITLES.get(row.type, row.type),
                    "mentions": row.mentions,
                    "articles": row.documents,
                    "connections": row.connections,
                }
                for row in most_mentioned(g, TOP)
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "entity": "Entity",
                "type": "Type",
                "mentions": "Mentions",
                "articles": "Articles",
                "connections": "Connections",
            },
        )
    with right:
        st.subheader("Most connected entities")
        st.dataframe(
            [
                {
                    "entity": g.nodes[iri]["label"],
                    "type": type_title(g.nodes[iri]),
                    "connections": count,
                }
                for iri, count in most_connected(g, TOP)
            ],
            hide_index=True,
            width="stretch",
            column_config={"entity": "Entity", "type": "Type", "connections": "Connected to"},
        )
    st.caption(
        f"{stats.triples:,} triples. Open **Network** to see how they connect, "
        "**Timeline** for what happened when and **Claims** for who says what."
    )


run_page("News knowledge graph", page)
