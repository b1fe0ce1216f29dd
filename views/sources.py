"""Sources: each article with its front matter and its entity mentions marked in the
colours of the network (the text is escaped; hover a mark for the entity it refers to)."""

from __future__ import annotations

import streamlit as st

from views.common import GraphRef, document_rows, passage_of, run_page, show_html
from views.html import highlight_page

CHARS_PER_LINE = 120
LINE_PIXELS = 24


def page(ref: GraphRef) -> None:
    docs = document_rows(ref.data_dir, ref.version)
    if not docs:
        st.info("The graph has no articles yet.")
        return
    titles = {d.iri: d.title for d in docs}
    iri = st.selectbox("Article", list(titles), format_func=lambda iri: titles[iri])
    doc = next(d for d in docs if d.iri == iri)
    st.dataframe(
        [
            {"field": name, "value": value}
            for name, value in (
                ("title", doc.title),
                (
                    "published",
                    doc.published + (" (inferred from the text)" if doc.date_inferred else ""),
                ),
                ("outlet", doc.outlet or "—"),
                ("url", doc.url or "—"),
                ("id", doc.doc_id),
            )
        ],
        hide_index=True,
        width="stretch",
        column_config={"field": "", "value": ""},
    )
    passage = passage_of(ref.data_dir, ref.version, iri)
    entities = {s.entity for s in passage.spans}
    st.caption(f"{len(passage.spans)} mentions of {len(entities)} entities.")
    lines = sum(len(p) // CHARS_PER_LINE + 1 for p in passage.text.split("\n"))
    show_html(highlight_page([passage]), 80 + LINE_PIXELS * lines, fit=True)


run_page("Sources", page)
