"""Network: the RDF graph -> networkx views for exploring entities and how they connect.

Takes the query engine and gives an ``nx.MultiDiGraph`` whose nodes are entity IRIs and
whose edges are either typed relations (an ontology ``owl:ObjectProperty`` between two
entities, labelled from the ontology) or ``co-mention`` edges between entities named in the
same sentence, weighted by how many sentences. The graph is read with a handful of
whole-graph SPARQL queries (``queries/*.rq``), never one per node, so it stays fast on
large corpora; the views (ego networks, shortest paths, rankings) then run in memory.

Node attributes: ``label``, ``type`` (one of :data:`TYPES`, else the local name of another
kg:Entity subclass, such as Event), ``subtype`` (Country, Region, Settlement, Facility or
``""``), ``mentions``, ``documents``, ``aliases`` (a tuple) and ``sentence`` (one sentence
that mentions the entity, ``""`` if none).
Edge attributes: ``kind`` (:data:`RELATION` or :data:`CO_MENTION`), ``label``, ``weight``,
and for relations ``property`` (its IRI) and ``sentence`` (evidence, ``""`` if none).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, islice

import networkx as nx

from graph.errors import InputError
from graph.explore.rows import as_int, entity_type, local_name
from graph.explore.sparql import select
from graph.store.engine import QueryEngine

RELATION = "relation"
CO_MENTION = "co-mention"
CO_MENTION_LABEL = "co-mentioned in a sentence"

# Entity types in the order the views list them.
TYPES = ("Person", "Organization", "MilitaryUnit", "Place")


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


def entity_graph(engine: QueryEngine) -> nx.MultiDiGraph:
    """Every entity with its relations and sentence co-mentions, in a fixed number of queries
    (plus one per 5,000 evidence sentences)."""
    g = nx.MultiDiGraph()
    _add_entities(g, engine)
    _add_relations(g, engine)
    _add_co_mentions(g, engine)
    return g


def _add_entities(g: nx.MultiDiGraph, engine: QueryEngine) -> None:
    classes: dict[str, set[str]] = {}
    for row in select(engine, "network-entities"):
        iri = row["entity"]
        classes.setdefault(iri, set()).add(row["class"])
        if iri not in g:
            g.add_node(
                iri,
                label=row.get("label") or local_name(iri),
                mentions=as_int(row.get("mentions")),
                documents=as_int(row.get("documents")),
                aliases=(),
                sentence="",
            )
    for iri, names in classes.items():
        g.nodes[iri]["type"], g.nodes[iri]["subtype"] = entity_type(names)
    aliases: dict[str, set[str]] = {}
    for row in select(engine, "aliases"):
        if row["entity"] in g:
            aliases.setdefault(row["entity"], set()).add(row["alias"])
    for iri, names in aliases.items():
        g.nodes[iri]["aliases"] = tuple(sorted(names))


def _add_relations(g: nx.MultiDiGraph, engine: QueryEngine) -> None:
    samples = {
        (r["source"], r["property"], r["target"]): r["sample"]
        for r in select(engine, "relation-evidence")
    }
    texts = sentence_texts(engine, samples.values())
    evidence = {edge: texts.get(sample, "") for edge, sample in samples.items()}
    labels = {
        row["property"]: row.get("label") or local_name(row["property"])
        for row in select(engine, "relation-properties")
    }
    if not labels:
        return
    for row in select(engine, "relations", {"property": sorted(labels)}):
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


def _add_co_mentions(g: nx.MultiDiGraph, engine: QueryEngine) -> None:
    """Co-mention edges, and each entity's earliest sentence (lowest index in its article,
    ties broken by IRI) as evidence: ledes introduce people and places best."""
    entities_in: dict[str, set[str]] = {}
    for row in select(engine, "sentence-mentions"):
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
    texts = sentence_texts(engine, (sentence for _, sentence in first.values()))
    for entity, (_, sentence) in first.items():
        g.nodes[entity]["sentence"] = texts.get(sentence, "")


def sentence_texts(engine: QueryEngine, iris: Iterable[str]) -> dict[str, str]:
    """The text of each sentence among the IRIs, or of the sentence of each mention, read
    5,000 at a time."""
    chosen = sorted(set(iris))
    texts: dict[str, str] = {}
    for start in range(0, len(chosen), 5000):
        chunk = {"evidence": chosen[start : start + 5000]}
        texts.update(
            (row["evidence"], row["text"]) for row in select(engine, "source-texts", chunk)
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
