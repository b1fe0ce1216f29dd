"""graph.explore.events: events in the order their period ends, on the seed graph."""

from __future__ import annotations

from graph.explore.events import dated_events, events


def test_dated_events_are_in_order_with_their_precision(engine):
    rows = dated_events(events(engine))
    assert rows and all(r.precision in {"day", "month", "year"} for r in rows)
    ends = [r.end for r in rows]
    assert ends == sorted(ends)  # type: ignore[type-var]
