"""Rows: the frozen dataclasses the explorer's reads give its pages, and how values are read.

Every label, sentence and title in a row is untrusted text from the graph: the pages escape
it (``views/html.py``, Streamlit's widgets). Dates are kept as the graph writes them, at
the precision the text gave (``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``), and
:func:`period` turns one into the days it spans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.vocab import human_label

# Most specific first: an entity typed both kg:MilitaryUnit and kg:Organization is a unit.
PRECEDENCE = ("MilitaryUnit", "Person", "Organization", "Place")
PLACE_SUBTYPES = ("Country", "Region", "Settlement", "Facility")


_CLASS_IN_LABEL = re.compile(r"\((\w+)\)")


def event_label(label: str) -> str:
    """An event's label with its class in human words: 'kill (CasualtyReport)' ->
    'kill (casualty report)'."""
    return _CLASS_IN_LABEL.sub(lambda m: f"({human_label(m.group(1))})", label)


def local_name(iri: str) -> str:
    """The last segment of an IRI, a fallback label for things that have none."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class DocumentInfo:
    """An article and its front matter."""

    iri: str
    doc_id: str
    title: str
    published: str
    date_inferred: bool
    outlet: str
    url: str


@dataclass(frozen=True)
class Participant:
    """An entity taking part in an event, and how (actor, target, place …)."""

    role: str
    iri: str
    label: str


@dataclass(frozen=True)
class EventRow:
    """One event with its date at the precision the text gave (day, month or year)."""

    iri: str
    label: str
    event_class: str
    plover: str
    date: str
    precision: str
    date_note: str
    participants: tuple[Participant, ...]
    document: str
    document_title: str
    evidence: str
    begin: int

    def labels(self, *roles: str) -> str:
        return "; ".join(p.label for p in self.participants if p.role in roles)

    def involves(self, iri: str) -> bool:
        return any(p.iri == iri for p in self.participants)

    @property
    def start(self) -> dt.date | None:
        return period(self.date)[0]

    @property
    def end(self) -> dt.date | None:
        return period(self.date)[1]


@dataclass(frozen=True)
class ClaimRow:
    """Who claims what, with which stance, and which events it is about."""

    iri: str
    claimant_iri: str
    claimant: str
    stance: str
    verb: str
    content: str
    date: str
    precision: str
    contested: bool
    about: tuple[tuple[str, str], ...]  # (event IRI, event label)
    contests: tuple[str, ...]
    document: str
    document_title: str
    evidence: str
    begin: int


@dataclass(frozen=True)
class ClaimGroup:
    """Claims about the same events, or answering each other."""

    topic: str
    claims: tuple[ClaimRow, ...]

    @property
    def contested(self) -> bool:
        return any(c.contested for c in self.claims)


@dataclass(frozen=True)
class MapPoint:
    """A place; ``lat``/``lon`` are None when the graph has no coordinates for it."""

    iri: str
    label: str
    subtype: str
    mentions: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class CountryOutline:
    """One piece of a country's land (a main part or an island): a closed ring of
    (longitude, latitude) points, for a map's base layer."""

    country: str
    ring: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Span:
    """A marked stretch of a text: characters ``begin``..``end`` refer to ``entity``."""

    begin: int
    end: int
    entity: str
    label: str
    type: str
    subtype: str = ""


@dataclass(frozen=True)
class Passage:
    """A text to show with its spans marked (an article, or one evidence sentence)."""

    heading: str
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class RelationRow:
    """A typed relation of an entity, in either direction, with its evidence."""

    direction: str  # "out" (entity -> other) or "in" (other -> entity)
    relation: str
    other: str
    other_label: str
    role: str
    evidence: str


@dataclass(frozen=True)
class EntityDetails:
    """Everything the entity page shows about one entity."""

    iri: str
    label: str
    type: str
    subtype: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]
    relations: tuple[RelationRow, ...]
    events: tuple[EventRow, ...]
    claims_by: tuple[ClaimRow, ...]
    claims_about: tuple[ClaimRow, ...]
    evidence: tuple[Passage, ...]
    point: MapPoint | None
    reported: tuple[str, ...] = ()  # the events (IRIs) its claims report, among ``events``


@dataclass(frozen=True)
class Hop:
    """One step of a path: how ``source`` and ``target`` are connected."""

    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    kind: str
    evidence: str


@dataclass(frozen=True)
class DatedRow:
    """A result row with a date: what it is, and the period the date stands for."""

    label: str
    date: str
    start: dt.date
    end: dt.date


# --- Reading values ---


def as_int(value: str | None, default: int = 0) -> int:
    """A number the graph stores as text; ``default`` when missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def as_float(value: str | None) -> float | None:
    """A coordinate the graph stores as text; None when missing or not a number."""
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def entity_type(classes: Iterable[str]) -> tuple[str, str]:
    """An entity's type and place subtype from its class IRIs, most specific first."""
    names = {local_name(c) for c in classes}
    kind = next((t for t in PRECEDENCE if t in names), min(names) if names else "")
    return kind, next((t for t in PLACE_SUBTYPES if t in names), "")


def period(date: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` value."""
    found = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not found:
        return None, None
    try:
        year = int(found.group(1))
        if found.group(3):
            day = dt.date(year, int(found.group(2)), int(found.group(3)))
            return day, day
        if found.group(2):
            month = int(found.group(2))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None, None
