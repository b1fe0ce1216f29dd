"""Network: the RDF graph -> networkx views for exploring entities and how they connect.

Takes a :class:`GraphStore` and gives an ``nx.MultiDiGraph`` whose nodes are entity IRIs and
whose edges are either typed relations (an ontology ``owl:ObjectProperty`` between two
entities, labelled from the ontology) or ``co-mention`` edges between entities named in the
same sentence, weighted by how many sentences. The graph is read with a handful of
whole-graph SPARQL queries, never one per node, so it stays fast on large corpora; the views
(ego networks, shortest paths, rankings) then run in memory.

Node attributes: ``label``, ``type`` (one of :data:`TYPES`, else the local name of another
kg:Entity subclass, such as Event), ``subtype`` (Country, Region, Settlement, Facility or
``""``), ``mentions``, ``documents``, ``aliases`` (a tuple) and ``sentence`` (one sentence
that mentions the entity, ``""`` if none).
Edge attributes: ``kind`` (:data:`RELATION` or :data:`CO_MENTION`), ``label``, ``weight``,
and for relations ``property`` (its IRI) and ``sentence`` (evidence, ``""`` if none).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, islice

import networkx as nx
from pyoxigraph import NamedNode

from graph.errors import InputError
from graph.store.lifecycle import GraphStore

RELATION = "relation"
CO_MENTION = "co-mention"
CO_MENTION_LABEL = "co-mentioned in a sentence"

# Entity types in the order the views list them.
TYPES = ("Person", "Organization", "MilitaryUnit", "Place")
# Most specific first: an entity typed both kg:MilitaryUnit and kg:Organization is a unit.
_PRECEDENCE = ("MilitaryUnit", "Person", "Organization", "Place")
PLACE_SUBTYPES = ("Country", "Region", "Settlement", "Facility")

_PREFIXES = """\
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
"""

# Every person, place, organization or unit (the class tree lives in the ontology graph);
# events are kg:Entity too but are shown on the timeline, not as network nodes.
ENTITIES_QUERY = (
    _PREFIXES
    + """\
SELECT ?entity ?class ?label ?mentions ?documents WHERE {
  VALUES ?top { kg:Person kg:Place kg:Organization }
  ?class rdfs:subClassOf* ?top .
  ?entity a ?class .
  OPTIONAL { ?entity rdfs:label ?label
             FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
  OPTIONAL { ?entity kg:mentionCount ?mentions }
  OPTIONAL { ?entity kg:documentCount ?documents }
}"""
)

ALIASES_QUERY = (
    _PREFIXES
    + """\
SELECT ?entity ?alias WHERE { ?entity skos:altLabel ?alias }"""
)

# Which sentences mention which entities: the source of co-mention edges and of each
# entity's evidence sentence. Both are computed in Python: grouping and joining these rows
# inside the engine took minutes at 20k entities, scanning them takes seconds.
MENTIONS_QUERY = (
    _PREFIXES
    + """\
SELECT ?entity ?sentence WHERE { ?mention itsrdf:taIdentRef ?entity ; nif:sentence ?sentence }"""
)

# Relations are what the ontology declares as object properties between entities (not the
# roles of events and claims, which would be most rows of a large graph): the properties
# are read first, then their edges; both ends are checked to be entities in Python.
PROPERTIES_QUERY = (
    _PREFIXES
    + """\
SELECT ?property ?label WHERE {
  ?property a owl:ObjectProperty .
  FILTER NOT EXISTS { ?property rdfs:domain ?domain
                      FILTER(?domain IN (kg:Event, kg:Claim, kg:Assertion)) }
  FILTER NOT EXISTS { ?property rdfs:range ?range FILTER(?range IN (skos:Concept, kg:Quantity)) }
  OPTIONAL { ?property rdfs:label ?label
             FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
}"""
)

RELATIONS_QUERY = (
    _PREFIXES
    + """\
SELECT DISTINCT ?source ?property ?target WHERE { {values} ?source ?property ?target }"""
)

# One source (a sentence, or a mention in one) per reified edge; the text of the samples
# only is read after (sentence_texts), as a hub's edges have thousands of sources.
EVIDENCE_QUERY = (
    _PREFIXES
    + """\
SELECT ?source ?property ?target (SAMPLE(?evidence) AS ?sample) WHERE {
  ?assertion a kg:Assertion ; rdf:subject ?source ; rdf:predicate ?property ;
             rdf:object ?target ; prov:wasDerivedFrom ?evidence .
} GROUP BY ?source ?property ?target"""
)

# A mention's text is its sentence's; a sentence (what is in no sentence) is its own.
SOURCE_TEXT_QUERY = (
    _PREFIXES
    + """\
SELECT ?evidence ?text WHERE {
  {values}
  { ?evidence nif:sentence/nif:anchorOf ?text }
  UNION { ?evidence nif:anchorOf ?text FILTER NOT EXISTS { ?evidence nif:sentence ?in } }
}"""
)


@dataclass(frozen=True)
class EntitySummary:
    """One row of an entity ranking, for tables."""

    iri: str
    label: str
    type: str
    subtype: str
    mentions: int
    documents: int
    connections: int


def local_name(iri: str) -> str:
    """The last segment of an IRI, a fallback label for things that have none."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def iri_values(variable: str, iris: Iterable[str]) -> str:
    """A ``VALUES`` clause for IRIs, each validated and serialized by pyoxigraph.

    This is how IRIs are bound: an IRI with ``>``, spaces or braces is rejected, so no
    value can change the query around it.
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        raise InputError(f"bad SPARQL variable name {variable!r}")
    terms = []
    for iri in iris:
        try:
            terms.append(str(NamedNode(iri)))
        except ValueError:
            raise InputError(f"not an IRI: {iri!r}") from None
    return f"VALUES ?{variable} {{ {' '.join(terms)} }}"


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def entity_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Every entity with its relations and sentence co-mentions, in a fixed number of queries
    (plus one per 5,000 evidence sentences)."""
    g = nx.MultiDiGraph()
    _add_entities(g, store)
    _add_relations(g, store)
    _add_co_mentions(g, store)
    return g


def _add_entities(g: nx.MultiDiGraph, store: GraphStore) -> None:
    classes: dict[str, set[str]] = {}
    for row in store.select(ENTITIES_QUERY):
        iri = row["entity"]
        classes.setdefault(iri, set()).add(local_name(row["class"]))
        if iri not in g:
            g.add_node(
                iri,
                label=row.get("label") or local_name(iri),
                mentions=_int(row.get("mentions")),
                documents=_int(row.get("documents")),
                aliases=(),
                sentence="",
            )
    for iri, names in classes.items():
        g.nodes[iri]["type"] = next((t for t in _PRECEDENCE if t in names), min(names))
        g.nodes[iri]["subtype"] = next((t for t in PLACE_SUBTYPES if t in names), "")
    aliases: dict[str, set[str]] = {}
    for row in store.select(ALIASES_QUERY):
        if row["entity"] in g:
            aliases.setdefault(row["entity"], set()).add(row["alias"])
    for iri, names in aliases.items():
        g.nodes[iri]["aliases"] = tuple(sorted(names))


def _add_relations(g: nx.MultiDiGraph, store: GraphStore) -> None:
    samples = {
        (r["source"], r["property"], r["target"]): r["sample"] for r in store.select(EVIDENCE_QUERY)
    }
    texts = sentence_texts(store, samples.values())
    evidence = {edge: texts.get(sample, "") for edge, sample in samples.items()}
    labels = {
        row["property"]: row.get("label") or local_name(row["property"])
        for row in store.select(PROPERTIES_QUERY)
    }
    if not labels:
        return
    query = RELATIONS_QUERY.replace("{values}", iri_values("property", sorted(labels)))
    for row in store.select(query):
        source, prop, target = row["source"], row["property"], row["target"]
        if source in g and target in g:
            g.add_edge(
                source,
                target,
                key=prop,
                kind=RELATION,
                property=prop,
                label=labels[prop],
                weight=1,
                sentence=evidence.get((source, prop, target), ""),
            )


def _add_co_mentions(g: nx.MultiDiGraph, store: GraphStore) -> None:
    """Co-mention edges, and each entity's earliest sentence (lowest index in its article,
    ties broken by IRI) as evidence: ledes introduce people and places best."""
    entities_in: dict[str, set[str]] = {}
    for row in store.select(MENTIONS_QUERY):
        if row["entity"] in g:
            entities_in.setdefault(row["sentence"], set()).add(row["entity"])
    pairs: Counter[tuple[str, str]] = Counter()
    for entities in entities_in.values():
        if len(entities) > 1:
            pairs.update(combinations(sorted(entities), 2))
    for (a, b), count in pairs.items():
        g.add_edge(a, b, key=CO_MENTION, kind=CO_MENTION, label=CO_MENTION_LABEL, weight=count)

    first: dict[str, tuple[int, str]] = {}
    for sentence, entities in entities_in.items():
        rank = (_sentence_index(sentence), sentence)
        for entity in entities:
            if entity not in first or rank < first[entity]:
                first[entity] = rank
    texts = sentence_texts(store, (sentence for _, sentence in first.values()))
    for entity, (_, sentence) in first.items():
        g.nodes[entity]["sentence"] = texts.get(sentence, "")


def sentence_texts(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """The text of each sentence among the IRIs, or of the sentence of each mention, read
    5,000 at a time."""
    chosen = sorted(set(iris))
    texts: dict[str, str] = {}
    for start in range(0, len(chosen), 5000):
        values = iri_values("evidence", chosen[start : start + 5000])
        texts.update(
            (row["evidence"], row["text"])
            for row in store.select(SOURCE_TEXT_QUERY.replace("{values}", values))
        )
    return texts


def _sentence_index(iri: str) -> int:
    """A sentence's position in its article, from its IRI (``…#sentence-3``)."""
    _, _, number = iri.rpartition("#sentence-")
    return int(number) if number.isdigit() else 1 << 30


def _require(g: nx.MultiDiGraph, iris: Iterable[str]) -> None:
    for iri in iris:
        if iri not in g:
            raise InputError(f"no entity {iri!r} in the graph; pick one from the entity list")


def ego_graph(g: nx.MultiDiGraph, iri: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``depth`` hops of it, in either edge direction.

    A breadth-first walk over successors and predecessors, rather than ``nx.ego_graph(...,
    undirected=True)``, which copies the whole graph to make it undirected first.
    """
    _require(g, [iri])
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    seen = {iri}
    frontier = [iri]
    for _ in range(depth):
        reached = []
        for node in frontier:
            for other in (*g.successors(node), *g.predecessors(node)):
                if other not in seen:
                    seen.add(other)
                    reached.append(other)
        if not reached:
            break
        frontier = reached
    return g.subgraph(seen).copy()


def shortest_paths(
    g: nx.MultiDiGraph, a: str, b: str, limit: int = 5, *, relations_only: bool = False
) -> list[tuple[str, ...]]:
    """Up to ``limit`` shortest paths from ``a`` to ``b`` ignoring edge direction.

    ``relations_only`` skips co-mention edges: in a dense corpus almost everything is two
    co-mentions apart, while a path of typed relations says how things are related.
    """
    _require(g, [a, b])
    if limit < 1:
        return []
    view: nx.MultiDiGraph = g
    if relations_only:
        view = nx.subgraph_view(g, filter_edge=lambda u, v, k: g[u][v][k]["kind"] == RELATION)
    try:
        paths = nx.all_shortest_paths(view.to_undirected(as_view=True), a, b)
        return [tuple(path) for path in islice(paths, limit)]
    except nx.NetworkXNoPath:
        return []


def type_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """How many entities of each type, in the order of :data:`TYPES` (others after)."""
    counts = Counter(data["type"] for _, data in g.nodes(data=True))
    order = {name: index for index, name in enumerate(TYPES)}
    return dict(sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def most_mentioned(g: nx.MultiDiGraph, limit: int = 20) -> list[EntitySummary]:
    """The entities mentioned most often, ties broken by label."""
    ranked = sorted(
        g.nodes(data=True), key=lambda item: (-item[1]["mentions"], item[1]["label"].casefold())
    )
    return [
        EntitySummary(
            iri=iri,
            label=data["label"],
            type=data["type"],
            subtype=data["subtype"],
            mentions=data["mentions"],
            documents=data["documents"],
            connections=_neighbours(g, iri),
        )
        for iri, data in ranked[:limit]
    ]


def _neighbours(g: nx.MultiDiGraph, iri: str) -> int:
    return len((set(g.successors(iri)) | set(g.predecessors(iri))) - {iri})


__all__ = [
    "CO_MENTION",
    "RELATION",
    "EntitySummary",
    "ego_graph",
    "entity_graph",
    "most_mentioned",
    "shortest_paths",
    "type_counts",
]
