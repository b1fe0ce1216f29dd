"""Validate: check a built graph against the SHACL shapes in ``shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import RdfFormat, serialize
from rdflib import Graph
from rdflib.namespace import RDF, SH

from graph.store.lifecycle import GraphStore
from graph.vocab import ontology, shapes_text


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def to_rdflib(store: GraphStore) -> Graph:
    """The union of the store's named graphs as one rdflib graph (parsed from N-Triples)."""
    data = serialize((q.triple for q in store.quads()), format=RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_graph(data: Graph) -> ValidationReport:
    """SHACL-validate a graph, with RDFS inference over the ontology's class hierarchy."""
    from pyshacl import validate

    shapes = Graph().parse(data=shapes_text(), format="turtle")
    conforms, report, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology(), inference="rdfs", advanced=True
    )
    results = set(report.subjects(RDF.type, SH.ValidationResult))
    return ValidationReport(bool(conforms), len(results), str(text))
