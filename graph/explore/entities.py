"""Entities: everything the graph says about one entity, and finding entities to show.

Takes the query engine (or the networkx view of :mod:`graph.explore.network`) and gives an
:class:`EntityDetails` for the entity page: names, type, roles, properties, relations both
ways with their evidence, events, claims by and about it, and the first sentences that
mention it with the mention marked. Search and pickers run on the networkx view in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from graph.errors import InputError
from graph.explore.claims import claims
from graph.explore.events import events
from graph.explore.network import TYPES, sentence_texts
from graph.explore.rows import (
    ClaimRow,
    EntityDetails,
    EventRow,
    MapPoint,
    Passage,
    RelationRow,
    Span,
    as_float,
    as_int,
    entity_type,
    local_name,
)
from graph.explore.sparql import select
from graph.store.engine import QueryEngine

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


def entity_details(
    engine: QueryEngine,
    iri: str,
    *,
    event_rows: Sequence[EventRow] | None = None,
    claim_rows: Sequence[ClaimRow] | None = None,
) -> EntityDetails:
    """What the graph says about one entity. Pass ``event_rows``/``claim_rows`` already
    read (they are whole-graph reads a page caches) to skip reading them again."""
    rows = select(engine, "entity-statements", {"entity": [iri]})
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
            lat = as_float(value)
        elif name == "long":
            lon = as_float(value)
        elif row.get("isIri") != "true" and name not in _HIDDEN_PROPERTIES:
            properties.append((name, value))
            if name == "mentionCount":
                mentions = as_int(value)
    label = label or local_name(iri)
    kind, subtype = entity_type(classes)

    rows = select(engine, "entity-relations", {"entity": [iri]})
    labels = _labels(engine, {r["other"] for r in rows} | {r["property"] for r in rows})
    texts = sentence_texts(engine, (r["evidence"] for r in rows if r.get("evidence")))
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

    shown = [row["sentence"] for row in select(engine, "entity-sentences", {"entity": [iri]})]
    passages: dict[str, Passage] = {}
    evidence = {"entity": [iri], "sentence": shown}
    for row in select(engine, "entity-evidence", evidence) if shown else ():
        start = as_int(row["start"])
        span = Span(
            as_int(row["begin"]) - start, as_int(row["end"]) - start, iri, label, kind, subtype
        )
        old = passages.get(row["sentence"])
        spans = (*old.spans, span) if old else (span,)
        passages[row["sentence"]] = Passage(
            row.get("title", ""), row["text"], tuple(sorted(set(spans), key=lambda s: s.begin))
        )

    event_rows = events(engine) if event_rows is None else event_rows
    claim_rows = claims(engine) if claim_rows is None else claim_rows
    claims_by = tuple(c for c in claim_rows if c.claimant_iri == iri)
    # The events it reports (its claims are about) are its events too.
    reported = {event for c in claims_by for event, _ in c.about}
    own_events = tuple(e for e in event_rows if e.involves(iri) or e.iri in reported)
    event_iris = {e.iri for e in own_events if e.involves(iri)}
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
        claims_by=claims_by,
        claims_about=tuple(
            c
            for c in claim_rows
            if c.claimant_iri != iri and any(e in event_iris for e, _ in c.about)
        ),
        evidence=tuple(passages[s] for s in shown if s in passages),
        point=point,
        reported=tuple(e.iri for e in own_events if e.iri in reported and not e.involves(iri)),
    )


def _labels(engine: QueryEngine, iris: Iterable[str]) -> dict[str, str]:
    """The English (or untagged) label of each IRI that has one."""
    iris = sorted(iris)
    if not iris:
        return {}
    return {row["node"]: row["label"] for row in select(engine, "labels", {"node": iris})}


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


def find_entity(g: nx.MultiDiGraph, text: str) -> str | None:
    """The entity a picker's typed text means: an IRI of the graph as is; else the entity
    whose label or alias is the text (any case), else the best known one whose name
    contains it ("Syrskyi" -> Oleksandr Syrskyi); None for an IRI the graph does not
    hold and for text no name contains."""
    text = " ".join(text.split())
    if text in g:
        return text
    needle = text.casefold()
    named = [
        n
        for n, d in g.nodes(data=True)
        if needle == str(d.get("label", "")).casefold()
        or any(needle == a.casefold() for a in d.get("aliases", ()))
    ]
    if named:
        return max(named, key=lambda n: (g.nodes[n].get("mentions", 0), n))
    found = search_entities(g, text, limit=1)
    return found[0] if found else None


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
