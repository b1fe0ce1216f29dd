"""Readouts of an extraction's facts by entity name, so fact tests assert in one line."""

from graph.model import Arg, Extraction


def names(ex: Extraction, arg: Arg) -> str | None:
    return ex.mentions[arg.mention].name if arg.mention is not None else arg.key


def events(ex: Extraction):
    """(class, PLOVER category, {role: name}, date value) of every event."""
    return [
        (
            e.event_class,
            e.plover,
            {a.role: names(ex, a) for a in e.args},
            e.date.value if e.date else None,
        )
        for e in ex.facts.events
    ]


def relations(ex: Extraction):
    """(subject name, predicate, object name) of every relation."""
    return {(names(ex, r.subject), r.predicate, names(ex, r.object)) for r in ex.facts.relations}
