"""Tables: the graph in the flat layouts analysts already use, read with SPARQL.

``events_table`` gives one row per event in the layout of political event datasets (ICEWS,
POLECAT, GDELT): date and its precision, event class, PLOVER category, CAMEO root, actor,
target, location with coordinates, source document and evidence sentence. The read runs
through the query engine, under its timeout like every other.
"""

from __future__ import annotations

import csv
import io

from graph.explore.sparql import select
from graph.store.engine import QueryEngine
from graph.vocab import human_header

EVENT_COLUMNS = (
    "date",
    "date_precision",
    "event_class",
    "plover",
    "cameo",
    "actor",
    "target",
    "location",
    "latitude",
    "longitude",
    "document",
    "evidence",
)


def events_table(engine: QueryEngine) -> list[dict[str, str]]:
    """One row per event, in document order (``queries/event-table.rq``)."""
    rows = select(engine, "event-table")
    return [{column: row.get(column, "") for column in EVENT_COLUMNS} for row in rows]


def events_csv(engine: QueryEngine) -> bytes:
    """The events table as UTF-8 CSV for people: a header row in words (``Event class``,
    ``PLOVER``) and each event's class by its ontology label (``Offensive or incursion``,
    not ``Offensive``). :func:`events_table` keeps the names, for programs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([human_header(column) for column in EVENT_COLUMNS])
    for row in events_table(engine):
        shown = {**row, "event_class": human_header(row["event_class"])}
        writer.writerow([shown[column] for column in EVENT_COLUMNS])
    return out.getvalue().encode("utf-8")
