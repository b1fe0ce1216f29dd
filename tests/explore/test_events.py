"""graph.explore.events: events in the order their period ends, on the seed graph."""

from __future__ import annotations

from graph.explore.events import dated_events, events


def test_dated_events_are_in_order_with_their_precision(engine):
    rows = dated_events(events(engine))
    assert rows and all(r.precision in {"day", "month", "year"} for r in rows)
    ends = [r.end for r in rows]
    assert ends == sorted(ends)  # type: ignore[type-var]


def test_one_per_sentence_never_repeats_a_sentence(engine):
    from graph.explore.events import events, one_per_sentence

    russia = "https://w3id.org/newskg/id/place/russia"
    mine = [e for e in events(engine) if e.involves(russia)]
    merged = one_per_sentence(mine)
    sentences = [(e.document, e.evidence) for e in merged]
    assert len(sentences) == len(set(sentences)) < len(mine)
    both = next(e for e in merged if "; " in e.event_class)
    parts = [e for e in mine if (e.document, e.evidence) == (both.document, both.evidence)]
    assert both.event_class.split("; ") == list(dict.fromkeys(e.event_class for e in parts))
    assert set(both.participants) == {p for e in parts for p in e.participants}


def test_drawn_period_ends_a_coarse_date_at_the_publication_date():
    import datetime as dt

    from graph.explore.events import drawn_period
    from graph.explore.rows import EventRow

    def event(date: str) -> EventRow:
        return EventRow("e", "e", "Capture", "", date, "", "", (), "d", "", "", 0)

    april = "2025-04-19"
    assert drawn_period(event("2025"), april) == (dt.date(2025, 1, 1), dt.date(2025, 4, 19))
    assert drawn_period(event("2025-04"), april) == (dt.date(2025, 4, 1), dt.date(2025, 4, 19))
    assert drawn_period(event("2024"), april) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert drawn_period(event("2025-03-02"), april) == (dt.date(2025, 3, 2), dt.date(2025, 3, 2))
    assert drawn_period(event("2025"), "") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert drawn_period(event(""), april) is None
