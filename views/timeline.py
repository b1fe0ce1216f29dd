"""Timeline: dated events in the order they happened, each at the precision the text
gave (day, month or year), filtered by actor and event type; a chart and a table."""

from __future__ import annotations

import streamlit as st

from graph import dated_events
from views.charts import event_kind, events_chart
from views.common import GraphRef, document_rows, event_rows, run_page


def page(ref: GraphRef) -> None:
    everything = event_rows(ref.data_dir, ref.version)
    dated = dated_events(everything)
    actors = {
        p.iri: p.label for e in dated for p in e.participants if p.role in ("actor", "participant")
    }
    left, right = st.columns(2)
    chosen = left.multiselect(
        "Actors",
        sorted(actors, key=lambda i: actors[i].casefold()),
        format_func=lambda iri: actors[iri],
        placeholder="every actor",
    )
    classes = right.multiselect(
        "Event types",
        sorted({e.event_class for e in dated}, key=event_kind),
        format_func=event_kind,
        placeholder="every type",
    )
    rows = dated_events(dated, actors=chosen, classes=classes)
    st.caption(
        f"{len(rows)} of {len(dated)} dated events ({len(everything) - len(dated)} "
        "more have no date in the text). A date known to the day is a point; a month or "
        "year is a light band in the lower lane, ending at the article's publication date."
    )
    if not rows:
        st.info("No dated event matches the filters.")
        return
    published = {d.iri: d.published for d in document_rows(ref.data_dir, ref.version)}
    drawn = events_chart(rows, published)
    if drawn is not None:
        st.altair_chart(drawn, width="stretch")
    st.dataframe(
        [
            {
                "date": e.date,
                "precision": e.precision,
                "note": e.date_note,
                "event": event_kind(e.event_class),
                "PLOVER": e.plover,
                "actors": e.labels("actor", "participant"),
                "targets": e.labels("target", "beneficiary"),
                "places": e.labels("place"),
                "evidence": e.evidence,
                "article": e.document_title,
            }
            for e in rows
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "date": "Date",
            "precision": "Precision",
            "note": "Note",
            "event": "Event",
            "actors": "Actors",
            "targets": "Targets",
            "places": "Places",
            "evidence": "Evidence",
            "article": "Article",
        },
    )


run_page("Timeline", page)
