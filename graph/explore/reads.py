"""Explore: the graph read into the rows the explorer's pages show.

Takes a :class:`GraphStore` (or the networkx view of :mod:`graph.explore.network`) and gives frozen
dataclasses: documents with their front matter, events in time order with their date
precision, claims grouped by what they are about (contested groups first), places as map
points (and the ones without coordinates), everything the graph says about one entity, the
hops of a path with their evidence, and an article with its mentions marked.

Queries are whole-graph or bound to IRIs that pyoxigraph has validated (``VALUES`` built
from ``NamedNode``), never to text a user typed; search and filters run in Python. Every
label, sentence and title is untrusted: :func:`highlight_page` escapes all of it, and the
other functions return plain text for widgets that escape it themselves.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx
from pyoxigraph import Literal, NamedNode, Quad
from rdflib.namespace import RDF

from graph.errors import InputError
from graph.explore.network import (
    CO_MENTION,
    CO_MENTION_LABEL,
    RELATION,
    TYPES,
    ego_graph,
    iri_values,
    local_name,
    sentence_texts,
)
from graph.explore.viz import style_of
from graph.store.engine import compact
from graph.store.lifecycle import GraphStore, QueryResult, Term
from graph.vocab import ITSRDF, NIF, PROV

_PREFIXES = """\
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX schema: <https://schema.org/>
"""

# Most specific first, as in graph.explore.network: a unit is also an organization.
_PRECEDENCE = ("MilitaryUnit", "Person", "Organization", "Place")
_PLACE_SUBTYPES = ("Country", "Region", "Settlement", "Facility")
PARTICIPANT_ROLES = ("actor", "target", "place", "participant", "beneficiary")
UNLINKED_TOPIC = "Claims not linked to an event"


# --- Rows ---------------------------------------------------------------------------------


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


# --- Helpers ------------------------------------------------------------------------------


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _entity_type(classes: Iterable[str]) -> tuple[str, str]:
    names = {local_name(c) for c in classes}
    kind = next((t for t in _PRECEDENCE if t in names), min(names) if names else "")
    return kind, next((t for t in _PLACE_SUBTYPES if t in names), "")


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


def _date_order(date: str) -> tuple[int, dt.date, dt.date]:
    """Periods in the order they end, then the longer first ("2024-09" before "2024")."""
    start, end = period(date)
    if start is None or end is None:
        return 1, dt.date.max, dt.date.max
    return 0, end, start


# --- Documents ----------------------------------------------------------------------------

DOCUMENTS_QUERY = (
    _PREFIXES
    + """\
SELECT ?doc ?id ?title ?published ?inferred ?outlet ?url WHERE {
  ?doc a kg:Document .
  OPTIONAL { ?doc kg:documentId ?id }
  OPTIONAL { ?doc schema:headline ?title }
  OPTIONAL { ?doc schema:datePublished ?published }
  OPTIONAL { ?doc kg:dateInferred ?inferred }
  OPTIONAL { ?doc kg:outlet ?outlet }
  OPTIONAL { ?doc schema:url ?url }
}"""
)


def documents(store: GraphStore) -> list[DocumentInfo]:
    """Every article, newest first."""
    found: dict[str, DocumentInfo] = {}
    for row in store.select(DOCUMENTS_QUERY):
        iri = row["doc"]
        found.setdefault(
            iri,
            DocumentInfo(
                iri=iri,
                doc_id=row.get("id") or local_name(iri),
                title=row.get("title") or row.get("id") or local_name(iri),
                published=row.get("published", ""),
                date_inferred=row.get("inferred") == "true",
                outlet=row.get("outlet", ""),
                url=row.get("url", ""),
            ),
        )
    return sorted(found.values(), key=lambda d: (d.published, d.doc_id), reverse=True)


TEXT_QUERY = _PREFIXES + "SELECT ?doc ?text WHERE { {values} ?doc nif:isString ?text }"

MENTIONS_QUERY = (
    _PREFIXES
    + """\
SELECT ?begin ?end ?entity ?label ?class WHERE {
  {values}
  ?mention itsrdf:taIdentRef ?entity ; nif:referenceContext ?doc ;
           nif:beginIndex ?begin ; nif:endIndex ?end .
  ?entity a ?class .
  OPTIONAL { ?entity rdfs:label ?label }
}"""
)


def document_passage(store: GraphStore, doc_iri: str) -> Passage:
    """An article's text with every entity mention as a span."""
    values = iri_values("doc", [doc_iri])
    rows = store.select(TEXT_QUERY.replace("{values}", values))
    if not rows:
        raise InputError(f"no document {doc_iri!r} in the graph")
    classes: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in store.select(MENTIONS_QUERY.replace("{values}", values)):
        key = (_int(row["begin"]), _int(row["end"]), row["entity"])
        classes[key].add(row["class"])
        labels[row["entity"]] = row.get("label") or local_name(row["entity"])
    spans = []
    for (begin, end, entity), names in classes.items():
        kind, subtype = _entity_type(names)
        spans.append(Span(begin, end, entity, labels[entity], kind, subtype))
    return Passage("", rows[0]["text"], tuple(sorted(spans, key=lambda s: (s.begin, -s.end))))


# --- Events -------------------------------------------------------------------------------

EVENTS_QUERY = (
    _PREFIXES
    + """\
SELECT ?event ?label ?class ?plover ?date ?precision ?note ?doc ?title ?evidence ?begin
WHERE {
  ?event a ?classNode . ?classNode rdfs:subClassOf kg:Event .
  BIND(STRAFTER(STR(?classNode), "#") AS ?class)
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event kg:ploverCategory/skos:prefLabel ?plover }
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:datePrecision ?precision }
  OPTIONAL { ?event kg:dateNote ?note }
  OPTIONAL { ?event nif:referenceContext ?doc OPTIONAL { ?doc schema:headline ?title } }
  OPTIONAL { ?event prov:wasDerivedFrom/nif:anchorOf ?evidence }
  OPTIONAL { ?event nif:beginIndex ?begin }
}"""
)

PARTICIPANTS_QUERY = (
    _PREFIXES
    + """\
SELECT ?event ?role ?entity ?label WHERE {
  VALUES ?property { kg:actor kg:target kg:place kg:participant kg:beneficiary }
  ?event ?property ?entity .
  BIND(STRAFTER(STR(?property), "#") AS ?role)
  OPTIONAL { ?entity rdfs:label ?label }
}"""
)


def events(store: GraphStore) -> list[EventRow]:
    """Every event: dated ones in the order their period ends, then undated ones."""
    people: dict[str, list[Participant]] = defaultdict(list)
    for row in store.select(PARTICIPANTS_QUERY):
        people[row["event"]].append(
            Participant(row["role"], row["entity"], row.get("label") or local_name(row["entity"]))
        )
    order = {role: i for i, role in enumerate(PARTICIPANT_ROLES)}
    found: dict[str, EventRow] = {}
    for row in store.select(EVENTS_QUERY):
        iri = row["event"]
        if iri in found:
            continue
        found[iri] = EventRow(
            iri=iri,
            label=row.get("label") or local_name(iri),
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
            begin=_int(row.get("begin")),
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


# --- Claims -------------------------------------------------------------------------------

CLAIMS_QUERY = (
    _PREFIXES
    + """\
SELECT ?claim ?claimant ?claimantLabel ?stance ?verb ?content ?date ?precision ?contested
       ?doc ?title ?evidence ?begin WHERE {
  ?claim a kg:Claim .
  OPTIONAL { ?claim kg:claimant ?claimant OPTIONAL { ?claimant rdfs:label ?claimantLabel } }
  OPTIONAL { ?claim kg:stance ?stance }
  OPTIONAL { ?claim kg:reportingVerb ?verb }
  OPTIONAL { ?claim kg:content ?content }
  OPTIONAL { ?claim kg:date ?date }
  OPTIONAL { ?claim kg:datePrecision ?precision }
  OPTIONAL { ?claim kg:isContested ?contested }
  OPTIONAL { ?claim nif:referenceContext ?doc OPTIONAL { ?doc schema:headline ?title } }
  OPTIONAL { ?claim prov:wasDerivedFrom/nif:anchorOf ?evidence }
  OPTIONAL { ?claim nif:beginIndex ?begin }
}"""
)

CLAIM_LINKS_QUERY = (
    _PREFIXES
    + """\
SELECT ?claim ?link ?other ?label WHERE {
  VALUES ?property { kg:about kg:contests }
  ?claim a kg:Claim ; ?property ?other .
  BIND(STRAFTER(STR(?property), "#") AS ?link)
  OPTIONAL { ?other rdfs:label ?label }
}"""
)


def claims(store: GraphStore) -> list[ClaimRow]:
    """Every claim, contested ones first, then in document order."""
    about: dict[str, dict[str, str]] = defaultdict(dict)
    contests: dict[str, set[str]] = defaultdict(set)
    for row in store.select(CLAIM_LINKS_QUERY):
        if row["link"] == "about":
            about[row["claim"]][row["other"]] = row.get("label") or local_name(row["other"])
        else:
            contests[row["claim"]].add(row["other"])
    found: dict[str, ClaimRow] = {}
    for row in store.select(CLAIMS_QUERY):
        iri = row["claim"]
        if iri in found:
            continue
        claimant = row.get("claimant", "")
        found[iri] = ClaimRow(
            iri=iri,
            claimant_iri=claimant,
            claimant=row.get("claimantLabel") or (local_name(claimant) if claimant else ""),
            stance=row.get("stance", ""),
            verb=row.get("verb", ""),
            content=row.get("content", ""),
            date=row.get("date", ""),
            precision=row.get("precision", ""),
            contested=row.get("contested") == "true" or bool(contests[iri]),
            about=tuple(sorted(about[iri].items(), key=lambda item: item[1])),
            contests=tuple(sorted(contests[iri])),
            document=row.get("doc", ""),
            document_title=row.get("title", ""),
            evidence=row.get("evidence", ""),
            begin=_int(row.get("begin")),
        )
    return sorted(found.values(), key=lambda c: (not c.contested, c.document, c.begin))


def group_claims(rows: Sequence[ClaimRow]) -> list[ClaimGroup]:
    """Claims grouped by what they are about: claims about a shared event, or contesting
    each other, are one group. Contested groups come first; claims about nothing in the
    graph and contesting nothing share a last group."""
    parent = {c.iri: c.iri for c in rows}

    def find(iri: str) -> str:
        while parent[iri] != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    by_event: dict[str, str] = {}
    for claim in rows:
        for event, _ in claim.about:
            if event in by_event:
                parent[find(claim.iri)] = find(by_event[event])
            else:
                by_event[event] = claim.iri
        for other in claim.contests:
            if other in parent:
                parent[find(claim.iri)] = find(other)
    members: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in rows:
        members[find(claim.iri)].append(claim)

    groups, unlinked = [], []
    for group in members.values():
        if len(group) == 1 and not group[0].about and not group[0].contests:
            unlinked.append(group[0])
            continue
        group.sort(key=lambda c: (c.document, c.begin))
        topics = dict.fromkeys(label for c in group for _, label in c.about)
        topic = "; ".join(topics) or f"{group[0].claimant or 'Someone'}: {group[0].content}"
        groups.append(ClaimGroup(topic, tuple(group)))
    groups.sort(key=lambda g: (not g.contested, g.claims[0].document, g.claims[0].begin))
    if unlinked:
        groups.append(
            ClaimGroup(UNLINKED_TOPIC, tuple(sorted(unlinked, key=lambda c: (c.document, c.begin))))
        )
    return groups


# --- Places -------------------------------------------------------------------------------

PLACES_QUERY = (
    _PREFIXES
    + """\
SELECT ?place ?label ?class ?mentions ?lat ?long WHERE {
  ?class rdfs:subClassOf* kg:Place .
  ?place a ?class .
  OPTIONAL { ?place rdfs:label ?label }
  OPTIONAL { ?place kg:mentionCount ?mentions }
  OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
}"""
)


def places(store: GraphStore) -> list[MapPoint]:
    """Every place, most mentioned first; those without coordinates have ``lat`` None."""
    classes: dict[str, set[str]] = defaultdict(set)
    rows: dict[str, dict[str, str]] = {}
    for row in store.select(PLACES_QUERY):
        classes[row["place"]].add(row["class"])
        rows.setdefault(row["place"], row)
    points = []
    for iri, row in rows.items():
        lat, lon = _float(row.get("lat")), _float(row.get("long"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        points.append(
            MapPoint(
                iri,
                row.get("label") or local_name(iri),
                _entity_type(classes[iri])[1],
                _int(row.get("mentions")),
                lat,
                lon,
            )
        )
    return sorted(points, key=lambda p: (-p.mentions, p.label.casefold()))


# --- One entity ---------------------------------------------------------------------------

ENTITY_QUERY = (
    _PREFIXES
    + """\
SELECT ?property ?value ?isIri WHERE {
  {values}
  ?entity ?property ?value .
  BIND(ISIRI(?value) AS ?isIri)
}"""
)

# One row per relation with one of its sources (a sentence or a mention): a hub has
# thousands of assertions, so their evidence text is read only for the sample.
ENTITY_RELATIONS_QUERY = (
    _PREFIXES
    + """\
SELECT ?direction ?property ?other ?role (SAMPLE(?source) AS ?evidence) WHERE {
  {values}
  { ?assertion rdf:subject ?entity ; rdf:object ?other . BIND("out" AS ?direction) }
  UNION
  { ?assertion rdf:object ?entity ; rdf:subject ?other . BIND("in" AS ?direction) }
  ?assertion a kg:Assertion ; rdf:predicate ?property .
  FILTER(ISIRI(?other))
  OPTIONAL { ?assertion kg:role ?role }
  OPTIONAL { ?assertion prov:wasDerivedFrom ?source }
} GROUP BY ?direction ?property ?other ?role"""
)

LABELS_QUERY = (
    _PREFIXES
    + """\
SELECT ?node ?label WHERE { {values} ?node rdfs:label ?label }"""
)

# The first sentences that mention the entity, then what those sentences show of it: a hub
# is mentioned in thousands, and only a few are shown.
ENTITY_SENTENCES_QUERY = (
    _PREFIXES
    + """\
SELECT DISTINCT ?sentence WHERE {
  {values}
  ?mention itsrdf:taIdentRef ?entity ; nif:sentence ?sentence .
} LIMIT {limit}"""
)

ENTITY_EVIDENCE_QUERY = (
    _PREFIXES
    + """\
SELECT ?sentence ?text ?start ?begin ?end ?title WHERE {
  {values}
  ?mention itsrdf:taIdentRef ?entity ; nif:beginIndex ?begin ; nif:endIndex ?end ;
           nif:sentence ?sentence .
  ?sentence nif:anchorOf ?text ; nif:beginIndex ?start .
  OPTIONAL { ?sentence nif:referenceContext/schema:headline ?title }
}"""
)

_HIDDEN_PROPERTIES = {
    "label",
    "prefLabel",
    "altLabel",
    "type",
    "wasDerivedFrom",
    "lat",
    "long",
    "jobTitle",
}
EVIDENCE_SHOWN = 12


def entity_details(
    store: GraphStore,
    iri: str,
    *,
    event_rows: Sequence[EventRow] | None = None,
    claim_rows: Sequence[ClaimRow] | None = None,
) -> EntityDetails:
    """What the graph says about one entity. Pass ``event_rows``/``claim_rows`` already
    read (they are whole-graph reads a page caches) to skip reading them again."""
    values = iri_values("entity", [iri])
    rows = store.select(ENTITY_QUERY.replace("{values}", values))
    if not rows:
        raise InputError(f"no entity {iri!r} in the graph; pick one from the entity list")
    label, aliases, roles, classes = "", set(), set(), set()
    properties: list[tuple[str, str]] = []
    lat = lon = None
    mentions = 0
    for row in rows:
        name, value = local_name(row["property"]), row["value"]
        if name == "label":
            label = label or value
        elif name == "altLabel":
            aliases.add(value)
        elif name == "jobTitle":
            roles.add(value)
        elif name == "type":
            classes.add(value)
        elif name == "lat":
            lat = _float(value)
        elif name == "long":
            lon = _float(value)
        elif row.get("isIri") != "true" and name not in _HIDDEN_PROPERTIES:
            properties.append((name, value))
            if name == "mentionCount":
                mentions = _int(value)
    label = label or local_name(iri)
    kind, subtype = _entity_type(classes)

    rows = store.select(ENTITY_RELATIONS_QUERY.replace("{values}", values))
    labels = _labels(store, {r["other"] for r in rows} | {r["property"] for r in rows})
    texts = sentence_texts(store, (r["evidence"] for r in rows if r.get("evidence")))
    relations = {
        RelationRow(
            r["direction"],
            labels.get(r["property"]) or local_name(r["property"]),
            r["other"],
            labels.get(r["other"]) or local_name(r["other"]),
            r.get("role", ""),
            texts.get(r.get("evidence", ""), ""),
        )
        for r in rows
    }
    # One row per relation: keep the one with evidence when a relation has several.
    best: dict[tuple[str, str, str], RelationRow] = {}
    for relation in sorted(relations, key=lambda r: (r.evidence == "", r.evidence)):
        best.setdefault((relation.direction, relation.relation, relation.other), relation)
    for relation in best.values():
        if relation.role and relation.direction == "out":
            roles.discard(relation.role)
            roles.add(f"{relation.role} ({relation.relation} {relation.other_label})")

    shown = [
        row["sentence"]
        for row in store.select(
            ENTITY_SENTENCES_QUERY.replace("{values}", values).replace(
                "{limit}", str(EVIDENCE_SHOWN)
            )
        )
    ]
    passages: dict[str, Passage] = {}
    evidence_values = values + "\n  " + iri_values("sentence", shown)
    for row in (
        store.select(ENTITY_EVIDENCE_QUERY.replace("{values}", evidence_values)) if shown else ()
    ):
        start = _int(row["start"])
        span = Span(_int(row["begin"]) - start, _int(row["end"]) - start, iri, label, kind, subtype)
        old = passages.get(row["sentence"])
        spans = (*old.spans, span) if old else (span,)
        passages[row["sentence"]] = Passage(
            row.get("title", ""), row["text"], tuple(sorted(set(spans), key=lambda s: s.begin))
        )

    event_rows = events(store) if event_rows is None else event_rows
    claim_rows = claims(store) if claim_rows is None else claim_rows
    own_events = tuple(e for e in event_rows if e.involves(iri))
    event_iris = {e.iri for e in own_events}
    point = (
        MapPoint(iri, label, subtype, mentions, lat, lon)
        if lat is not None and lon is not None
        else None
    )
    return EntityDetails(
        iri=iri,
        label=label,
        type=kind,
        subtype=subtype,
        aliases=tuple(sorted(aliases)),
        roles=tuple(sorted(roles)),
        properties=tuple(sorted(properties)),
        relations=tuple(
            sorted(best.values(), key=lambda r: (r.direction != "out", r.relation, r.other_label))
        ),
        events=own_events,
        claims_by=tuple(c for c in claim_rows if c.claimant_iri == iri),
        claims_about=tuple(
            c
            for c in claim_rows
            if c.claimant_iri != iri and any(e in event_iris for e, _ in c.about)
        ),
        evidence=tuple(passages[s] for s in shown if s in passages),
        point=point,
    )


def _labels(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """The English (or untagged) label of each IRI that has one."""
    iris = sorted(iris)
    if not iris:
        return {}
    return {
        row["node"]: row["label"]
        for row in store.select(LABELS_QUERY.replace("{values}", iri_values("node", iris)))
    }


# --- The network --------------------------------------------------------------------------

DOCUMENT_ENTITIES_QUERY = (
    _PREFIXES
    + """\
SELECT DISTINCT ?entity ?doc WHERE {
  ?mention itsrdf:taIdentRef ?entity ; nif:referenceContext ?doc }"""
)


def entity_documents(store: GraphStore) -> dict[str, frozenset[str]]:
    """Which documents mention each entity."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.select(DOCUMENT_ENTITIES_QUERY):
        found[row["entity"]].add(row["doc"])
    return {entity: frozenset(docs) for entity, docs in found.items()}


def node_kind(data: dict[str, Any]) -> str:
    """The name a filter offers for a node: its place subtype, else its type."""
    return str(data.get("subtype") or data.get("type") or "")


def relation_labels(g: nx.MultiDiGraph) -> list[str]:
    """The labels of the edges in the graph, typed relations first."""
    labels = {d.get("label", "") for _, _, d in g.edges(data=True) if d.get("kind") == RELATION}
    co = any(d.get("kind") == CO_MENTION for _, _, d in g.edges(data=True))
    return sorted(labels) + ([CO_MENTION_LABEL] if co else [])


def filter_network(
    g: nx.MultiDiGraph,
    *,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    entities: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """The part of the graph with nodes of the given kinds (see :func:`node_kind`) and
    among ``entities``, and only edges with the given labels; None keeps everything."""
    kind_set = set(kinds) if kinds is not None else None
    entity_set = set(entities) if entities is not None else None
    keep = [
        n
        for n, d in g.nodes(data=True)
        if (kind_set is None or node_kind(d) in kind_set or d.get("type") in kind_set)
        and (entity_set is None or n in entity_set)
    ]
    sub = nx.MultiDiGraph(g.subgraph(keep))
    if relations is not None:
        allowed = set(relations)
        sub.remove_edges_from(
            [
                (u, v, k)
                for u, v, k, d in sub.edges(keys=True, data=True)
                if d.get("label") not in allowed
            ]
        )
    return sub


@dataclass(frozen=True)
class NetworkFilter:
    """What the Network page shows: entity kinds, edge labels, the articles (document
    IRIs) its entities are mentioned in, and an ego network; None keeps everything."""

    kinds: tuple[str, ...] | None = None
    relations: tuple[str, ...] | None = None
    documents: tuple[str, ...] | None = None
    focus: str = ""
    depth: int = 1


def filtered_network(
    g: nx.MultiDiGraph, chosen: NetworkFilter, documents_of: Mapping[str, frozenset[str]]
) -> nx.MultiDiGraph:
    """The part of the network a filter keeps; ``documents_of`` is
    :func:`entity_documents`."""
    entities = None
    if chosen.documents is not None:
        wanted = set(chosen.documents)
        entities = [iri for iri, found in documents_of.items() if found & wanted]
    sub = filter_network(g, kinds=chosen.kinds, relations=chosen.relations, entities=entities)
    if chosen.focus and chosen.focus in sub:
        sub = ego_graph(sub, chosen.focus, chosen.depth)
    return sub


_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT, _RDF_TYPE = (
    NamedNode(RDF[name]) for name in ("subject", "predicate", "object", "type")
)
_DERIVED_FROM = NamedNode(PROV["wasDerivedFrom"])
_REFERS_TO = NamedNode(ITSRDF["taIdentRef"])
_IN_SENTENCE = NamedNode(NIF["sentence"])
_IN_DOCUMENT = NamedNode(NIF["referenceContext"])


def subgraph_quads(store: GraphStore, g: nx.MultiDiGraph, sub: nx.MultiDiGraph) -> list[Quad]:
    """The quads behind part ``sub`` of the network ``g``, in their named graphs.

    Each entity of ``sub`` with its statements (names, types, roles, coordinates), except
    relations to entities ``sub`` leaves out; the relations it keeps with their reified
    assertions; the entities' mentions (the source of co-mention links); the sentences and
    mentions all of these were derived from and the articles they are in; and the
    ontology's description of every property and class used, so labels travel too.
    Nodes are looked up by term pattern, never by query text.
    """
    found: dict[Quad, None] = {}  # ordered and without repeats
    kept = {
        (u, d.get("property"), v) for u, v, d in sub.edges(data=True) if d.get("kind") == RELATION
    }

    def describe(node: Any) -> list[Quad]:
        return list(store.store.quads_for_pattern(node, None, None, None))

    def allowed(subject: str, predicate: Any, value: Any) -> bool:
        return (
            not isinstance(value, NamedNode)
            or value.value not in g
            or (subject, predicate.value, value.value) in kept
        )

    sources: set[Any] = set()
    for iri in sub:
        node = NamedNode(iri)
        found.update((q, None) for q in describe(node) if allowed(iri, q.predicate, q.object))
        for link in store.store.quads_for_pattern(None, _RDF_SUBJECT, node, None):
            parts = describe(link.subject)
            claim = {q.predicate: q.object for q in parts}
            if _RDF_PREDICATE in claim and allowed(
                iri, claim[_RDF_PREDICATE], claim.get(_RDF_OBJECT)
            ):
                found.update((q, None) for q in parts)
        sources.update(
            q.subject for q in store.store.quads_for_pattern(None, _REFERS_TO, node, None)
        )
    sources.update(q.object for q in found if q.predicate == _DERIVED_FROM)
    documents: set[Any] = set()
    for source in list(sources):
        for quad in describe(source):
            found[quad] = None
            if quad.predicate == _IN_SENTENCE:
                found.update((q, None) for q in describe(quad.object))
            elif quad.predicate == _IN_DOCUMENT:
                documents.add(quad.object)
    for document in documents - sources:
        found.update((q, None) for q in describe(document))
    terms = {q.predicate for q in found} | {q.object for q in found if q.predicate == _RDF_TYPE}
    for term in terms:
        found.update((q, None) for q in describe(term))
    return list(found)


def search_entities(g: nx.MultiDiGraph, text: str, limit: int = 50) -> list[str]:
    """Entities whose label or an alias contains ``text`` (any case), best known first."""
    needle = text.strip().casefold()
    if not needle:
        return []
    found = [
        n
        for n, d in g.nodes(data=True)
        if needle in str(d.get("label", "")).casefold()
        or any(needle in a.casefold() for a in d.get("aliases", ()))
    ]
    found.sort(
        key=lambda n: (
            not str(g.nodes[n].get("label", "")).casefold().startswith(needle),
            -g.nodes[n].get("mentions", 0),
            str(g.nodes[n].get("label", "")).casefold(),
        )
    )
    return found[:limit]


def most_connected(g: nx.MultiDiGraph, limit: int = 10) -> list[tuple[str, int]]:
    """Entities with the most distinct neighbours, as (IRI, count)."""
    counts = [(n, len((set(g.successors(n)) | set(g.predecessors(n))) - {n})) for n in g]
    counts.sort(key=lambda item: (-item[1], str(g.nodes[item[0]].get("label", "")).casefold()))
    return counts[:limit]


def label_of(g: nx.MultiDiGraph, iri: str) -> str:
    """An entity's label; its IRI when it has none or is not in the graph."""
    return str(g.nodes[iri].get("label", iri)) if iri in g else iri


def entity_choices(g: nx.MultiDiGraph) -> list[str]:
    """Entity IRIs for a picker: persons, organizations, units, places; by label."""
    order = {name: i for i, name in enumerate(TYPES)}
    return sorted(
        g.nodes,
        key=lambda n: (label_of(g, n).casefold(), order.get(g.nodes[n].get("type", ""), 9), n),
    )


# --- Paths --------------------------------------------------------------------------------

CO_MENTION_EVIDENCE_QUERY = (
    _PREFIXES
    + """\
SELECT ?text WHERE {
  {values_a} {values_b}
  ?m1 itsrdf:taIdentRef ?a ; nif:sentence ?sentence .
  ?m2 itsrdf:taIdentRef ?b ; nif:sentence ?sentence .
  ?sentence nif:anchorOf ?text .
} LIMIT 1"""
)


def path_hops(
    g: nx.MultiDiGraph, path: Sequence[str], store: GraphStore | None = None
) -> list[Hop]:
    """Each step of a path with the relation that makes it (typed relations preferred
    over co-mentions) and a sentence that supports it; with a ``store``, a co-mention
    step gets one of the sentences that names both ends."""
    hops = []
    for a, b in pairwise(path):
        edges = [(a, b, d) for d in (g.get_edge_data(a, b) or {}).values()]
        edges += [(b, a, d) for d in (g.get_edge_data(b, a) or {}).values()]
        if not edges:
            raise InputError(f"{a!r} and {b!r} are not connected in the graph")
        edges.sort(key=lambda e: (e[2].get("kind") != RELATION, not e[2].get("sentence")))
        source, target, data = edges[0]
        if data.get("kind") == CO_MENTION:  # undirected: read it the way the path walks
            source, target = a, b
        evidence = str(data.get("sentence", ""))
        if not evidence and store is not None and data.get("kind") == CO_MENTION:
            query = CO_MENTION_EVIDENCE_QUERY.replace("{values_a}", iri_values("a", [a])).replace(
                "{values_b}", iri_values("b", [b])
            )
            rows = store.select(query)
            evidence = rows[0]["text"] if rows else ""
        hops.append(
            Hop(
                source,
                target,
                label_of(g, source),
                label_of(g, target),
                str(data.get("label", "")),
                str(data.get("kind", "")),
                evidence,
            )
        )
    return hops


# --- Query results -----------------------------------------------------------------------
# The workbench shows any query's result as a table, graph, timeline or map; these read
# the columns by their names and values, as the Wikidata Query Service does.

_LABEL_SUFFIXES = ("Label", "_label")
_EDGE_COLUMNS = ("relation", "property", "predicate")
_LAT_COLUMNS = ("lat", "latitude")
_LON_COLUMNS = ("long", "lon", "longitude")
_WKT_POINT = re.compile(r"\s*point\s*\(\s*(\S+)\s+(\S+)\s*\)\s*", re.I)


@dataclass(frozen=True)
class DatedRow:
    """A result row with a date: what it is, and the period the date stands for."""

    label: str
    date: str
    start: dt.date
    end: dt.date


def result_records(result: QueryResult) -> list[dict[str, str]]:
    """A result as rows of readable strings (prefixed IRIs), for tables: one column per
    variable (blank when unbound); subject, predicate, object for triples."""
    if result.form == "ask":
        return [{"answer": "true" if result.boolean else "false"}]
    if result.form == "graph":
        return [
            {
                "subject": compact(t.subject),
                "predicate": compact(t.predicate),
                "object": compact(t.object),
            }
            for t in result.triples
        ]
    return [
        {name: compact(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def _stem(name: str) -> str:
    """A column's name without a label suffix or a number: ``relation2Label`` -> relation."""
    for suffix in _LABEL_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.rstrip("0123456789").lower()


def _label_column(variables: Sequence[str], column: str) -> str | None:
    return next(
        (column + suffix for suffix in _LABEL_SUFFIXES if column + suffix in variables), None
    )


def result_graph(
    result: QueryResult, centre: str | None = None, entities: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """A result as a network for :func:`graph.viz.render_network`.

    Triples link their subject and object (IRIs), labelled by the predicate. In a table,
    each row links the IRIs of its columns in order, the link labelled by a ``relation`` /
    ``property`` / ``predicate`` column; a column ``xLabel`` names the IRIs of ``x``. A row
    with only one IRI is linked to ``centre`` (the entity a query is about), reversed when
    its ``direction`` is ``in``. Nodes that are in ``entities`` (the graph of
    :func:`graph.network.entity_graph`) take its label, type, counts and evidence, so
    they are drawn as on the network page.
    """
    g = nx.MultiDiGraph()

    def node(iri: str, label: str | None = None) -> None:
        if iri not in g:
            g.add_node(iri, label=local_name(iri), type="", mentions=1)
            if entities is not None and iri in entities:
                g.nodes[iri].update(entities.nodes[iri])
                return
        if label and (entities is None or iri not in entities):
            g.nodes[iri]["label"] = label

    def edge(source: str, target: str, label: str) -> None:
        if source != target and not g.has_edge(source, target, key=label):
            g.add_edge(source, target, key=label, kind=RELATION, label=label, weight=1, sentence="")

    if result.form == "graph":
        for triple in result.triples:
            if isinstance(triple.subject, NamedNode) and isinstance(triple.object, NamedNode):
                node(triple.subject.value)
                node(triple.object.value)
                edge(triple.subject.value, triple.object.value, compact(triple.predicate))
            elif isinstance(triple.subject, NamedNode) and local_name(triple.predicate.value) in (
                "label",
                "prefLabel",
                "name",
            ):
                node(triple.subject.value, compact(triple.object))
        return g
    variables = list(result.variables)
    # Relation columns label the links (their label columns first), they are not nodes.
    edge_columns = sorted(
        (v for v in variables if _stem(v) in _EDGE_COLUMNS),
        key=lambda v: not v.endswith(_LABEL_SUFFIXES),
    )
    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        iris = []
        for name in variables:
            term = cells[name]
            if isinstance(term, NamedNode) and name not in edge_columns:
                label_column = _label_column(variables, name)
                node(term.value, compact(cells[label_column]) if label_column else None)
                iris.append(term.value)
        relation = next((compact(cells[c]) for c in edge_columns if cells[c] is not None), "")
        if len(iris) == 1 and centre:
            node(centre)
            inward = compact(cells.get("direction")) == "in"
            edge(*((iris[0], centre) if inward else (centre, iris[0])), relation)
        for source, target in pairwise(iris):
            edge(source, target, relation)
    return g


def _row_label(variables: Sequence[str], cells: dict[str, Term | None], skip: Iterable[str]) -> str:
    """What a row is about: its ``label`` column, else its first literal, else first IRI."""
    if cells.get("label") is not None:
        return compact(cells["label"])
    rest = [v for v in variables if v not in set(skip) and cells[v] is not None]
    literal = next((v for v in rest if isinstance(cells[v], Literal)), None)
    return compact(cells[literal or rest[0]]) if literal or rest else ""


def result_points(result: QueryResult) -> list[MapPoint]:
    """Rows with coordinates (``lat``/``long`` columns, or a WKT ``Point(long lat)``)."""
    if result.form != "select":
        return []
    variables = list(result.variables)
    lat_column = next((v for v in variables if v.lower() in _LAT_COLUMNS), None)
    lon_column = next((v for v in variables if v.lower() in _LON_COLUMNS), None)
    points = []
    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        lat = lon = None
        if lat_column and lon_column:
            lat, lon = _float(compact(cells[lat_column])), _float(compact(cells[lon_column]))
        else:
            for term in row:
                found = _WKT_POINT.fullmatch(compact(term)) if isinstance(term, Literal) else None
                if found:
                    lon, lat = _float(found.group(1)), _float(found.group(2))
                    break
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        iri = next((t.value for t in row if isinstance(t, NamedNode)), "")
        mentions = _int(compact(cells["mentions"])) if cells.get("mentions") else 1
        points.append(MapPoint(iri, _row_label(variables, cells, ()), "", mentions, lat, lon))
    return points


def result_dates(result: QueryResult) -> list[DatedRow]:
    """Rows with a date (day, month or year; the first column holding one), in order."""
    if result.form != "select":
        return []
    variables = list(result.variables)
    rows = []
    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        for name in variables:
            term = cells[name]
            if not isinstance(term, Literal):
                continue
            start, end = period(term.value)
            if start is not None and end is not None:
                rows.append(DatedRow(_row_label(variables, cells, (name,)), term.value, start, end))
                break
    return sorted(rows, key=lambda r: (r.end, r.start, r.label))


# --- Marked text as HTML ------------------------------------------------------------------


def segments(text: str, spans: Iterable[Span]) -> list[tuple[str, Span | None]]:
    """The text cut into plain and marked pieces; overlapping or out-of-range spans are
    skipped (the first, longest one wins)."""
    pieces: list[tuple[str, Span | None]] = []
    at = 0
    for span in sorted(spans, key=lambda s: (s.begin, -s.end)):
        if span.begin < at or span.end <= span.begin or span.end > len(text):
            continue
        if span.begin > at:
            pieces.append((text[at : span.begin], None))
        pieces.append((text[span.begin : span.end], span))
        at = span.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def highlight_page(passages: Sequence[Passage], *, legend: bool = True) -> str:
    """A small HTML page showing passages with their mentions marked in the colours of
    the network view. Every piece of text is ``html.escape``-d; the page has no script."""
    e = html.escape
    used: dict[str, str] = {}
    body = []
    for passage in passages:
        parts = []
        for text, span in segments(passage.text, passage.spans):
            if span is None:
                parts.append(e(text))
                continue
            style = style_of({"type": span.type, "subtype": span.subtype})
            used[style.name] = style.color
            parts.append(
                f'<mark style="background:{e(style.color)}33;'
                f'border-bottom:2px solid {e(style.color)}" '
                f'title="{e(span.label)} ({e(style.name)})">{e(text)}</mark>'
            )
        heading = f"<h4>{e(passage.heading)}</h4>" if passage.heading else ""
        body.append(f"<section>{heading}<p>{''.join(parts)}</p></section>")
    keys = "".join(
        f'<span class="key" style="border-bottom:3px solid {e(color)}">{e(name)}</span>'
        for name, color in sorted(used.items())
    )
    top = f'<div class="legend">{keys}</div>' if legend and keys else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
        "body{font-family:sans-serif;font-size:15px;line-height:1.6;color:#222;margin:8px}"
        "p{white-space:pre-wrap;margin:0 0 12px 0}h4{margin:10px 0 2px 0;color:#555;"
        "font-size:13px;font-weight:600}mark{color:inherit;padding:0 1px;"
        "border-radius:2px}.legend{font-size:12px;color:#444;margin-bottom:8px}"
        ".key{margin-right:12px;padding-bottom:1px}"
        f"</style></head><body>{top}{''.join(body)}</body></html>"
    )


__all__ = [
    "ClaimGroup",
    "ClaimRow",
    "DatedRow",
    "DocumentInfo",
    "EntityDetails",
    "EventRow",
    "Hop",
    "MapPoint",
    "NetworkFilter",
    "Passage",
    "RelationRow",
    "Span",
    "claims",
    "dated_events",
    "document_passage",
    "documents",
    "entity_choices",
    "entity_details",
    "entity_documents",
    "events",
    "filter_network",
    "filtered_network",
    "group_claims",
    "highlight_page",
    "iri_values",
    "label_of",
    "most_connected",
    "node_kind",
    "path_hops",
    "period",
    "places",
    "relation_labels",
    "result_dates",
    "result_graph",
    "result_points",
    "result_records",
    "search_entities",
    "segments",
    "subgraph_quads",
]
