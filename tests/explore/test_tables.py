"""graph.explore.tables: the events table an analyst exports (kg export -f events-csv)."""

from __future__ import annotations

import csv
import io

from graph.explore.tables import EVENT_COLUMNS, events_csv, events_table


def test_events_table_has_one_row_per_event_in_document_order(engine):
    rows = events_table(engine)
    assert rows and all(set(row) == set(EVENT_COLUMNS) for row in rows)
    offensive = [r for r in rows if r["event_class"] == "Offensive" and r["location"]]
    assert offensive and offensive[0]["plover"] == "ASSAULT" and offensive[0]["evidence"]
    dated = [r for r in rows if r["date"]]
    assert dated and all(r["date_precision"] in {"day", "month", "year"} for r in dated)


def test_events_csv_is_the_table_with_a_header(engine):
    text = events_csv(engine).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
    assert len(list(reader)) == len(events_table(engine))
