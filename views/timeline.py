"""Timeline: dated events in the order they happened, each at the precision the text
gave (day, month or year), filtered by actor and event type; a chart and a table."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import EventRow, dated_events
from views.common import GraphRef, event_rows, run_page

PRECISIONS = ["day", "month", "year"]


def chart(rows: list[EventRow]) -> alt.LayerChart:
    frame = pd.DataFrame(
        [
            {
                "start": e.start.isoformat() if e.start else None,
                "end": e.end.isoformat() if e.end else None,
                "event": e.event_class,
                "date": e.date,
                "precision": e.precision or "day",
                "what": e.label,
                "actors": e.labels("actor", "participant"),
                "places": e.labels("place"),
            }
            for e in rows
        ]
    )
    colour = alt.Color(
        "precision:N",
        title="Date known to the",
        scale=alt.Scale(domain=PRECISIONS, range=["#4e79a7", "#f28e2b", "#bab0ac"]),
    )
    tooltip = ["date:N", "precision:N", "event:N", "what:N", "actors:N", "places:N"]
    base = alt.Chart(frame)
    spans = base.mark_bar(size=12, cornerRadius=3, opacity=0.55).encode(
        x=alt.X("start:T", title=None),
        x2="end:T",
        y=alt.Y("event:N", title=None),
        color=colour,
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=70).encode(
        x="start:T", y="event:N", color=colour, tooltip=tooltip
    )
    height = 40 + 28 * frame["event"].nunique()
    return (spans + points).properties(height=height).interactive(bind_y=False)


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
        "Event types", sorted({e.event_class for e in dated}), placeholder="every type"
    )
    rows = dated_events(dated, actors=chosen, classes=classes)
    st.caption(
        f"{len(rows)} of {len(dated)} dated events ({len(everything) - len(dated)} "
        "more have no date in the text). A month or year is drawn as a bar over its "
        "whole period."
    )
    if not rows:
        st.info("No dated event matches the filters.")
        return
    st.altair_chart(chart(rows), width="stretch")
    st.dataframe(
        [
            {
                "date": e.date,
                "precision": e.precision,
                "note": e.date_note,
                "event": e.event_class,
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
