"""Add documents: upload or paste an article; it is checked, saved to the data directory
and built into the graph, and every page shows it on the next rerun, without a restart.

After an article is added the form is emptied for the next one: its widgets take new keys
(a generation number in the session) and the page reruns, showing the outcome it kept.
A refused article leaves the form as it was, to be fixed."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from graph import KGError, build_corpus, load_settings, pasted_article, save_article
from views.common import GraphRef, md, run_page, show_error

UPLOAD, PASTE = "Upload a file", "Paste an article"
GENERATION = "add_form_generation"
OUTCOME = "add_outcome"


class Outcome(NamedTuple):
    """What the last add did, shown once after the rerun that empties the form. (A
    tuple: the page's module runs anew on every rerun, so a class of its own would not be
    the class of the value kept from the run before.)"""

    added: bool
    message: str


def add(data_dir: str, file_name: str, raw: bytes, what: str) -> Outcome | None:
    """Save and build one article; ``what`` names it to the user (the file they chose, or
    the title they pasted). A bad one is a single error line and nothing changes (None)."""
    settings = load_settings(data_dir)
    try:
        path = save_article(settings, file_name, raw)
        with st.status("Adding the article to the graph…") as status:
            report = build_corpus(settings, [path])
            status.update(
                label=f"Built in {report.seconds:.1f} s", state="complete", expanded=False
            )
    except KGError as exc:
        show_error(exc)
        return None
    # Cached rows are keyed by the store a build made current, so they would be read
    # again anyway; clearing them lets go of the old graph's copies now.
    st.cache_data.clear()
    if report.changed:
        return Outcome(
            True,
            f"Added {what} in {report.seconds:.1f} s: the graph now holds "
            f"{report.documents} article(s).",
        )
    return Outcome(False, f"{what} is already in the graph, unchanged.")


def done(outcome: Outcome | None) -> None:
    """After an add: keep its outcome, empty the form (new widget keys) and rerun."""
    if outcome is None:
        return
    st.session_state[OUTCOME] = tuple(outcome)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.rerun()


def page(ref: GraphRef) -> None:
    kept = st.session_state.pop(OUTCOME, None)
    if kept is not None:
        outcome = Outcome(*kept)
        (st.success if outcome.added else st.info)(outcome.message)
        st.page_link("views/sources.py", label="Read it with its entities marked in Sources")
    generation = st.session_state.get(GENERATION, 0)
    how = st.radio("How", [UPLOAD, PASTE], horizontal=True, label_visibility="collapsed")
    if how == UPLOAD:
        with st.form("upload"):
            file = st.file_uploader(
                "An article: a .txt or .md file (UTF-8; Markdown may "
                "start with YAML front matter: title, published, url, "
                "outlet)",
                type=["txt", "md"],
                key=f"upload-file-{generation}",
            )
            submitted = st.form_submit_button("Add to the graph", type="primary")
        if submitted:
            if file is None:
                show_error("Choose a file to add first.")
            else:
                done(add(ref.data_dir, file.name, file.getvalue(), md(file.name)))
    else:
        with st.form("paste"):
            title = st.text_input("Title", max_chars=200, key=f"paste-title-{generation}")
            text = st.text_area(
                "Text",
                height=300,
                placeholder="The article's text, as plain text or Markdown.",
                key=f"paste-text-{generation}",
            )
            submitted = st.form_submit_button("Add to the graph", type="primary")
        if submitted:
            # The pasted text is saved as a Markdown file, but the user chose no file:
            # the message names the article by its title.
            name = title.strip()
            what = f"the article “{md(name)}”" if name else "the pasted article"
            done(
                add(
                    ref.data_dir,
                    f"{name or 'pasted article'}.md",
                    pasted_article(title, text),
                    what,
                )
            )
    st.caption(
        "Articles are saved under uploads/ in the data directory and built with the "
        "rest: only the new article is parsed, entities are resolved across all."
    )


run_page("Add documents", page)
