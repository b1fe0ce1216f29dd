"""The events chart the Timeline and Entity pages draw: event kinds as rows, a date
known to the day as a strong point, a month or a year as a light band in a lane of its
own, ended at the article's publication date, so that precise dates stand out and the
precision stays visible."""

from __future__ import annotations

import altair as alt
import pandas as pd

from graph import EventRow, drawn_period, human_label

PRECISIONS = ["day", "month", "year"]
PRECISION_COLOURS = ["#1f4e79", "#f28e2b", "#bab0ac"]


def event_kind(event_class: str) -> str:
    """Event classes as people say them ("Capture; AidDecision" -> Capture; aid decision)."""
    # Capitalized here: human_header would read the joined labels as one name again.
    kinds = "; ".join(human_label(c) for c in event_class.split("; "))
    return kinds[:1].upper() + kinds[1:]


def label_limit(labels: pd.Series) -> int:
    """Pixels an axis needs for its longest label, at least the theme's 100."""
    return max(100, round(7.5 * int(labels.str.len().max())))


def events_chart(
    rows: list[EventRow], published: dict[str, str], *, row_height: int = 34
) -> alt.LayerChart | None:
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
    if not records:
        return None
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
    # Row labels in full: Streamlit's chart theme cuts an axis label at 100 px
    # ("Agreement or cea…"); at its label size a character takes under 7.5 px.
    y = alt.Y("event:N", title=None, axis=alt.Axis(labelLimit=label_limit(frame["event"])))
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
    height = 40 + row_height * frame["event"].nunique()
    return (bands + days).properties(height=height).interactive(bind_y=False)
