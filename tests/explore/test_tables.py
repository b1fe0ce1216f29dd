"""graph.explore.tables: the events table an analyst exports (kg export -f events-csv)."""

from __future__ import annotations

import csv
import io
import re

from graph import human_header
from graph.explore.tables import EVENT_COLUMNS, events_csv, events_table


def test_events_table_has_one_row_per_event_in_document_order(engine):
    rows = events_table(engine)
    assert rows and all(set(row) == set(EVENT_COLUMNS) for row in rows)
    offensive = [r for r in rows if r["event_class"] == "Offensive" and r["location"]]
    assert offensive and offensive[0]["plover"] == "ASSAULT" and offensive[0]["evidence"]
    dated = [r for r in rows if r["date"]]
    assert dated and all(r["date_precision"] in {"day", "month", "year"} for r in dated)


def test_events_csv_is_the_table_under_human_headers_with_classes_in_words(engine):
    text = events_csv(engine).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == (
        "Date",
        "Date precision",
        "Event class",
        "PLOVER",
        "CAMEO",
        "Actor",
        "Target",
        "Location",
        "Latitude",
        "Longitude",
        "Document",
        "Evidence",
    )
    rows, table = list(reader), events_table(engine)
    assert len(rows) == len(table)
    # Row by row the same events; a class is its ontology label, never its name.
    for row, event in zip(rows, table, strict=True):
        assert (row["Date"], row["Evidence"]) == (event["date"], event["evidence"])
        assert row["Event class"] == human_header(event["event_class"])
    classes = {row["Event class"] for row in rows}
    assert "Offensive or incursion" in classes
    assert not {c for c in classes if re.search(r"[a-z][A-Z]", c)}, classes
