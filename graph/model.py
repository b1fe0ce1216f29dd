"""The data every stage hands on: frozen dataclasses and named tuples, and nothing else.

A document (:class:`Document`) is parsed into an :class:`Extraction` (its sentences,
entity :class:`Mention` s and :class:`Facts`); resolution turns the mentions of many
documents into :class:`Entity` s and a :class:`Resolution`; the RDF builder renders each
entity's :class:`EntityForm`. This module imports nothing of the package, so every stage
can use it without an import circle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

# Entity kinds, and the subtypes of places.
PERSON = "person"
PLACE = "place"
ORGANIZATION = "organization"
MILITARY_UNIT = "military_unit"

COUNTRY = "country"
REGION = "region"
SETTLEMENT = "settlement"
FACILITY = "facility"

# The IRI path segment of each kind's entities: slugs are unique within one.
KIND_PATHS = {PERSON: "person", PLACE: "place", ORGANIZATION: "organization", MILITARY_UNIT: "unit"}

# The precisions of a date.
DAY, MONTH, YEAR = "day", "month", "year"


# Input.


@dataclass(frozen=True)
class Document:
    """One article: its body text and what is known about it."""

    doc_id: str
    source: str
    text: str
    title: str
    content_hash: str
    published: dt.date | None = None
    date_inferred: bool = False
    url: str | None = None
    outlet: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)


# Extraction: what one document yields.


@dataclass(frozen=True)
class TimeValue:
    """A normalized date: ISO text ("2024-08-06", "2024-09", "2024"), its precision, a note."""

    value: str
    precision: str
    note: str | None = None

    @property
    def xsd_type(self) -> str:
        return {DAY: "date", MONTH: "gYearMonth", YEAR: "gYear"}[self.precision]

    @property
    def anchor(self) -> dt.date:
        """First day the value covers; used as context for later bare months."""
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class Quantity:
    """A number the text states, by character offsets into the document."""

    start: int
    end: int
    text: str
    value: float | None
    minimum: float | None
    maximum: float | None
    unit: str | None
    counted: str | None
    qualifier: str | None


@dataclass(frozen=True)
class Arg:
    """A participant: a mention of the document, or an entity key the rules imply."""

    role: str
    mention: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class Event:
    """Something that happened, anchored at its trigger word."""

    sentence: int
    start: int
    end: int
    trigger: str
    event_class: str
    plover: str
    cameo: str | None
    args: tuple[Arg, ...] = ()
    date: TimeValue | None = None
    date_reported: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Relation:
    """A typed edge between two entities with the sentence that states it."""

    subject: Arg
    predicate: str
    object: Arg
    sentence: int
    rule: str
    role: str | None = None


@dataclass(frozen=True)
class Claim:
    """A reported statement: who says what, in which stance, about which events."""

    sentence: int
    start: int
    end: int
    verb: str
    stance: str
    claimants: tuple[Arg, ...]
    content_start: int
    content_end: int
    events: tuple[int, ...] = ()
    quantities: tuple[int, ...] = ()
    date: TimeValue | None = None
    refers_to: int | None = None
    contests: tuple[int, ...] = ()
    topic: str | None = None
    anaphoric: bool = False
    casualties: bool = False
    named: tuple[int, ...] = ()  # mentions inside the content


@dataclass(frozen=True)
class PlacedQuantity:
    """A quantity and the event or claim it describes."""

    quantity: Quantity
    sentence: int
    event: int | None = None
    claim: int | None = None


@dataclass(frozen=True)
class Facts:
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()
    quantities: tuple[PlacedQuantity, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, by character offsets into ``Document.text``."""

    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in a document, as the text has it.

    ``name`` is the cleaned name ("Volodymyr Zelensky" for "President Volodymyr Zelensky's");
    ``key`` is set when the rules already know which entity this is; ``state`` is the ISO
    code of the state the entity belongs to or lies in, where the text or the tables say.
    """

    start: int
    end: int
    text: str
    sentence: int
    kind: str
    name: str
    subtype: str | None = None
    key: str | None = None
    state: str | None = None
    roles: tuple[str, ...] = ()
    metonym: bool = False
    rule: str = "ner"
    place_cue: str = ""  # "place" after "near", "in"...; "city" after "the city of"


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its sentences and its entity mentions."""

    doc_id: str
    content_hash: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    acronyms: tuple[tuple[str, str], ...] = field(default=())
    facts: Facts = field(default_factory=Facts)
    version: int = 0  # the extractor's version, so a cache from an older one is redone

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            doc_id=data["doc_id"],
            content_hash=data["content_hash"],
            sentences=tuple(Sentence(**s) for s in data["sentences"]),
            mentions=tuple(Mention(**{**m, "roles": tuple(m["roles"])}) for m in data["mentions"]),
            acronyms=tuple((a, b) for a, b in data.get("acronyms", ())),
            facts=_facts_from_json(data.get("facts") or {}),
            version=data.get("version", 0),
        )


def _facts_from_json(data: dict[str, Any]) -> Facts:
    """Rebuild :class:`Facts` from ``dataclasses.asdict`` output (the extraction cache)."""

    def arg(a: dict[str, Any]) -> Arg:
        return Arg(**a)

    def time(t: dict[str, Any] | None) -> TimeValue | None:
        return TimeValue(**t) if t else None

    events = tuple(
        Event(**{**e, "args": tuple(arg(a) for a in e["args"]), "date": time(e["date"])})
        for e in data.get("events", ())
    )
    relations = tuple(
        Relation(**{**r, "subject": arg(r["subject"]), "object": arg(r["object"])})
        for r in data.get("relations", ())
    )
    claims = tuple(
        Claim(
            **{
                **c,
                "claimants": tuple(arg(a) for a in c["claimants"]),
                "events": tuple(c["events"]),
                "quantities": tuple(c["quantities"]),
                "contests": tuple(c["contests"]),
                "named": tuple(c.get("named", ())),
                "date": time(c["date"]),
            }
        )
        for c in data.get("claims", ())
    )
    quantities = tuple(
        PlacedQuantity(**{**q, "quantity": Quantity(**q["quantity"])})
        for q in data.get("quantities", ())
    )
    return Facts(events, relations, claims, quantities)


# Resolution: entities across documents.


class MentionRef(NamedTuple):
    """Where a mention lives: document id and position in that document's extraction.

    A named tuple, not a dataclass: a corpus has hundreds of thousands of them as dict keys,
    and tuples hash and compare in C.
    """

    doc_id: str
    index: int  # type: ignore[assignment]  # shadows tuple.index, unused here


# A mention as evidence: its document and character offsets. A plain tuple, so partials
# store and load with marshal, many times faster than pickle.
EvidenceSpan = tuple[str, int, int]


@dataclass(frozen=True)
class Evidenced:
    """A value (a role, or the key of a related entity) and the mentions that state it.

    No mentions means the value comes from reference data (the gazetteer), not the text.
    """

    value: str
    refs: tuple[EvidenceSpan, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A canonical entity with everything the RDF builder needs."""

    key: str
    kind: str
    subtype: str | None
    label: str
    slug: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]  # sorted; none for an entity only facts imply
    mention_count: int = 0
    roles: tuple[Evidenced, ...] = ()
    state: Evidenced | None = None
    part_of: Evidenced | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None

    @property
    def path(self) -> str:
        """The IRI path segment of its kind: slugs are unique within one."""
        return KIND_PATHS[self.kind]


@dataclass(frozen=True)
class Node:
    """What a document's quads need of an entity: its IRI and type."""

    iri: str
    kind: str
    subtype: str | None


@dataclass(frozen=True)
class Resolution:
    """The entity key of every mention and the entities documents name (all of them, for a
    whole corpus; those a few documents name, for an incremental build)."""

    by_mention: Mapping[MentionRef, str]
    nodes: Mapping[str, Node]
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class Names:
    """What a document tells about names across the corpus."""

    full_names: frozenset[tuple[str, str]]  # (surname, key of the full-named person)
    org_names: frozenset[str]  # keys of named organizations and units
    acronyms: frozenset[tuple[str, str]]  # (acronym, long form), folded
    long_forms: frozenset[tuple[str, str]]  # (folded name, key of what goes by it)
    initials: frozenset[tuple[str, str]]  # (initials of a long form, key of what goes by it)


class Partial(NamedTuple):
    """What one document's mentions of one entity say about it (counters are value ->
    mentions)."""

    doc_id: str
    mentions: int
    kinds: dict[str, int]
    subtypes: dict[str, int]
    names: dict[str, int]
    full_names: dict[str, int]
    regional: dict[str, int]
    first_name: str
    aliases: frozenset[str]
    roles: dict[str, tuple[EvidenceSpan, ...]]
    states: dict[str, tuple[EvidenceSpan, ...]]
    serving: dict[str, tuple[EvidenceSpan, ...]]  # states of mentions with a serving role


class EntityForm(NamedTuple):
    """What an entity's quads are made of, in plain values (marshal stores it fast): the
    index keeps every entity's form, so an update compares forms and writes only the
    difference, not the thousands of unchanged quads of a hub."""

    iri: str
    head: tuple[Any, ...]  # classes, label, aliases, lat, lon, GeoNames id, country code
    counts: tuple[int, int]  # mentions, documents
    documents: tuple[str, ...]
    # (predicate IRI, "iri" or "en", object) -> IRIs of the evidence (mentions, or the
    # reference data the edge comes from)
    edges: dict[tuple[str, str, str], tuple[str, ...]]
