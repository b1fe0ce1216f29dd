"""Claims: who claims what, grouped by the events they are about (claims that answer each
other share a group), contested groups first.

A content that is a bare noun phrase ("control", "the operation") says little alone: its
row also shows the words around it in its evidence sentence ("… inside Sumy, claiming
control over more than 90 square kilometers."), so the row reads without opening the
article. The content itself is still shown as extracted.
"""

from __future__ import annotations

import streamlit as st

from graph import ClaimRow, group_claims
from views.common import GraphRef, claim_rows, in_context, md, run_page


def claim_table(claims: tuple[ClaimRow, ...]) -> None:
    contexts = [in_context(c) for c in claims]
    # The column only in a group where some content needs it: no column of blanks.
    context = {"in the sentence": contexts} if any(contexts) else {}
    st.dataframe(
        {
            "claimant": [c.claimant for c in claims],
            "stance": [c.stance for c in claims],
            "verb": [c.verb for c in claims],
            "content": [c.content for c in claims],
            **context,
            "date": [c.date for c in claims],
            "contested": [c.contested for c in claims],
            "evidence": [c.evidence for c in claims],
            "article": [c.document_title for c in claims],
        },
        hide_index=True,
        width="stretch",
        column_config={
            "claimant": "Claimant",
            "stance": "Stance",
            "verb": "Verb",
            "content": "Content",
            "in the sentence": "In the sentence",
            "date": "Date",
            "contested": "Contested",
            "evidence": "Evidence",
            "article": "Article",
        },
    )


def page(ref: GraphRef) -> None:
    rows = claim_rows(ref.data_dir, ref.version)
    stances = sorted({c.stance for c in rows if c.stance})
    chosen = st.multiselect("Stances", stances, placeholder="every stance")
    only_contested = st.toggle("Only contested claims")
    rows = [
        c
        for c in rows
        if (not chosen or c.stance in chosen) and (not only_contested or c.contested)
    ]
    groups = group_claims(rows)
    columns = st.columns(3)
    columns[0].metric("Claims", len(rows))
    columns[1].metric("Contested", sum(c.contested for c in rows))
    columns[2].metric("Topics", len(groups))
    if not groups:
        st.info("No claim matches the filters.")
        return
    for group in groups:
        mark = "⚠️ Contested · " if group.contested else ""
        with st.expander(
            f"{mark}{md(group.topic)} ({len(group.claims)})", expanded=group.contested
        ):
            claim_table(group.claims)


run_page("Claims", page)
