"""Subnetworks: the part of the entity network a page shows, and the quads behind it.

Takes the networkx view of :mod:`graph.explore.network` and a :class:`NetworkFilter` (entity
kinds, relation labels, articles, an ego network) and gives the filtered graph; for the
Export page, :func:`subgraph_quads` gives the quads that part of the network stands for,
looked up by term pattern in the store, never by query text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pyoxigraph import NamedNode, Quad
from rdflib.namespace import RDF

from graph.explore.network import CO_MENTION, CO_MENTION_LABEL, RELATION, ego_graph
from graph.explore.sparql import select
from graph.store.engine import QueryEngine
from graph.store.lifecycle import GraphStore
from graph.vocab import ITSRDF, NIF, PROV


def entity_documents(engine: QueryEngine) -> dict[str, frozenset[str]]:
    """Which documents mention each entity."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(engine, "entity-documents"):
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
