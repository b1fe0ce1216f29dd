"""Timeline: dated events in the order they happened, each at the precision the text
gave (day, month or year), filtered by actor and event type; a chart and a table."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import EventRow, dated_events, drawn_period, human_header
from views.common import GraphRef, document_rows, event_rows, run_page

PRECISIONS = ["day", "month", "year"]
PRECISION_COLOURS = ["#1f4e79", "#f28e2b", "#bab0ac"]


def event_kind(event_class: str) -> str:
    return human_header(event_class)


def chart(rows: list[EventRow], published: dict[str, str]) -> alt.LayerChart:
    """Days as strong points; a month or year as a light band in a lane of its own under
    the points, ended at the article's publication date, so precise dates stand out."""
    records = []
    for e in rows:
        drawn = drawn_period(e, published.get(e.document, ""))
        if drawn is None:
            continue
        records.append(
            {
                "start": drawn[0].isoformat(),
                "end": drawn[1].isoformat(),
                "event": event_kind(e.event_class),
                "date": e.date,
                "precision": e.precision or "day",
                "lane": "exact day" if (e.precision or "day") == "day" else "month or year",
                "what": e.label,
                "actors": e.labels("actor", "participant"),
                "places": e.labels("place"),
            }
        )
    frame = pd.DataFrame(records)
    colour = alt.Color(
        "precision:N",
        title="Date precision",
        scale=alt.Scale(domain=PRECISIONS, range=PRECISION_COLOURS),
    )
    tooltip = [
        alt.Tooltip("date:N", title="Date"),
        alt.Tooltip("precision:N", title="Precision"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("actors:N", title="Actors"),
        alt.Tooltip("places:N", title="Places"),
    ]
    y = alt.Y("event:N", title=None)
    lane = alt.YOffset("lane:N", scale=alt.Scale(domain=["exact day", "month or year"]))
    base = alt.Chart(frame)
    bands = (
        base.transform_filter(alt.datum.precision != "day")
        .mark_bar(size=7, cornerRadius=2, opacity=0.35)
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            y=y,
            yOffset=lane,
            color=colour,
            tooltip=tooltip,
        )
    )
    days = (
        base.transform_filter(alt.datum.precision == "day")
        .mark_point(filled=True, size=110, opacity=1)
        .encode(x="start:T", y=y, yOffset=lane, color=colour, tooltip=tooltip)
    )
    height = 40 + 34 * frame["event"].nunique()
    return (bands + days).properties(height=height).interactive(bind_y=False)


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
    st.altair_chart(chart(rows, published), width="stretch")
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
