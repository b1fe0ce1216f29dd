"""Claims: who claims what, grouped by the events they are about (claims that answer each
other share a group), contested groups first."""

from __future__ import annotations

import streamlit as st

from graph import group_claims
from views.common import GraphRef, claim_rows, md, run_page


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
            st.dataframe(
                [
                    {
                        "claimant": c.claimant,
                        "stance": c.stance,
                        "verb": c.verb,
                        "content": c.content,
                        "date": c.date,
                        "contested": c.contested,
                        "evidence": c.evidence,
                        "article": c.document_title,
                    }
                    for c in group.claims
                ],
                hide_index=True,
                width="stretch",
                column_config={
                    "claimant": "Claimant",
                    "stance": "Stance",
                    "verb": "Verb",
                    "content": "Content",
                    "date": "Date",
                    "contested": "Contested",
                    "evidence": "Evidence",
                    "article": "Article",
                },
            )


run_page("Claims", page)
