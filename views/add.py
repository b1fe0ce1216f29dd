"""Add documents: upload or paste an article; it is checked, saved to the data directory
and built into the graph, and every page shows it on the next rerun, without a restart."""

from __future__ import annotations

import streamlit as st

from graph import KGError, build_corpus, load_settings, pasted_article, save_article
from views.common import GraphRef, md, run_page, show_error

UPLOAD, PASTE = "Upload a file", "Paste an article"


def add(data_dir: str, name: str, raw: bytes) -> None:
    """Save and build one article; a bad one is a single error line and nothing changes."""
    settings = load_settings(data_dir)
    try:
        path = save_article(settings, name, raw)
        with st.status("Adding the article to the graph…") as status:
            report = build_corpus(settings, [path])
            status.update(
                label=f"Built in {report.seconds:.1f} s", state="complete", expanded=False
            )
    except KGError as exc:
        show_error(exc)
        return
    # Cached rows are keyed by the store a build made current, so they would be read
    # again anyway; clearing them lets go of the old graph's copies now.
    st.cache_data.clear()
    if report.changed:
        st.success(f"Added {md(name)}: the graph now holds {report.documents} article(s).")
    else:
        st.info(f"{md(name)} is already in the graph, unchanged.")
    st.page_link("views/sources.py", label="Read it with its entities marked in Sources")


def page(ref: GraphRef) -> None:
    how = st.radio("How", [UPLOAD, PASTE], horizontal=True, label_visibility="collapsed")
    if how == UPLOAD:
        with st.form("upload", clear_on_submit=True):
            file = st.file_uploader(
                "An article: a .txt or .md file (UTF-8; Markdown may "
                "start with YAML front matter: title, published, url, "
                "outlet)",
                type=["txt", "md"],
            )
            submitted = st.form_submit_button("Add to the graph", type="primary")
        if submitted:
            if file is None:
                show_error("Choose a file to add first.")
            else:
                add(ref.data_dir, file.name, file.getvalue())
    else:
        with st.form("paste"):
            title = st.text_input("Title", max_chars=200)
            text = st.text_area(
                "Text", height=300, placeholder="The article's text, as plain text or Markdown."
            )
            submitted = st.form_submit_button("Add to the graph", type="primary")
        if submitted:
            add(
                ref.data_dir, f"{title.strip() or 'pasted article'}.md", pasted_article(title, text)
            )
    st.caption(
        "Articles are saved under uploads/ in the data directory and built with the "
        "rest: only the new article is parsed, entities are resolved across all."
    )


run_page("Add documents", page)
