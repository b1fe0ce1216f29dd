"""Events: every event with its participants, in time order, for the timeline and entity pages.

Takes the query engine and gives :class:`EventRow`\\ s: dated events in the order their
period ends (a day before the month around it, the month before its year), then undated
ones; :func:`dated_events` narrows them to actors and event classes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.explore.rows import EventRow, Participant, as_int, event_label, local_name, period
from graph.explore.sparql import select
from graph.store.engine import QueryEngine

PARTICIPANT_ROLES = ("actor", "target", "place", "participant", "beneficiary")


def _date_order(date: str) -> tuple[int, dt.date, dt.date]:
    """Periods in the order they end, then the longer first ("2024-09" before "2024")."""
    start, end = period(date)
    if start is None or end is None:
        return 1, dt.date.max, dt.date.max
    return 0, end, start


def events(engine: QueryEngine) -> list[EventRow]:
    """Every event: dated ones in the order their period ends, then undated ones."""
    people: dict[str, list[Participant]] = defaultdict(list)
    for row in select(engine, "event-participants"):
        people[row["event"]].append(
            Participant(row["role"], row["entity"], row.get("label") or local_name(row["entity"]))
        )
    order = {role: i for i, role in enumerate(PARTICIPANT_ROLES)}
    found: dict[str, EventRow] = {}
    for row in select(engine, "events"):
        iri = row["event"]
        if iri in found:
            continue
        found[iri] = EventRow(
            iri=iri,
            label=event_label(row.get("label") or local_name(iri)),
            event_class=row["class"],
            plover=row.get("plover", ""),
            date=row.get("date", ""),
            precision=row.get("precision", ""),
            date_note=row.get("note", ""),
            participants=tuple(
                sorted(set(people[iri]), key=lambda p: (order.get(p.role, 9), p.label))
            ),
            document=row.get("doc", ""),
            document_title=row.get("title", ""),
            evidence=row.get("evidence", ""),
            begin=as_int(row.get("begin")),
        )
    return sorted(found.values(), key=lambda e: (*_date_order(e.date), e.document, e.begin))


def dated_events(
    rows: Iterable[EventRow], *, actors: Sequence[str] = (), classes: Sequence[str] = ()
) -> list[EventRow]:
    """Events with a date, optionally only those with one of ``actors`` (IRIs) taking
    part in any role, or of one of the event ``classes``."""
    return [
        e
        for e in rows
        if e.start is not None
        and (not actors or any(e.involves(a) for a in actors))
        and (not classes or e.event_class in classes)
    ]


def one_per_sentence(rows: Iterable[EventRow]) -> list[EventRow]:
    """Events read from the same sentence as one row, so a page never shows a sentence
    twice: the first event's date, the event classes joined ("Capture; Offensive") and
    every participant of any of them; in the order of their first event."""
    merged: dict[tuple[str, str], EventRow] = {}
    for event in rows:
        key = (event.document, event.evidence) if event.evidence else (event.iri, "")
        first = merged.get(key)
        if first is None:
            merged[key] = event
            continue
        classes = first.event_class.split("; ")
        merged[key] = dataclasses.replace(
            first,
            event_class="; ".join(
                classes + [event.event_class] * (event.event_class not in classes)
            ),
            date=first.date or event.date,
            precision=first.precision or event.precision,
            participants=tuple(dict.fromkeys((*first.participants, *event.participants))),
        )
    return list(merged.values())


def drawn_period(event: EventRow, published: str = "") -> tuple[dt.date, dt.date] | None:
    """The days a timeline draws for an event: its period, ended at its article's
    publication date (``published``, ISO), since a text cannot report what happens after
    it ("2025" in an April article is January to April); None when undated."""
    start, end = event.start, event.end
    if start is None or end is None:
        return None
    issued, _ = period(published) if published else (None, None)
    if issued is not None and start <= issued < end:
        end = issued
    return start, end
