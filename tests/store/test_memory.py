"""The rdflib backend keeps every term exactly as Oxigraph holds it."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph.store.base import BoundQuery
from graph.store.memory import MemoryBackend, from_rdflib_term, to_rdflib_term

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_rdflib_backend_keeps_terms_exactly():
    terms: list[NamedNode | BlankNode | Literal] = [
        NamedNode("http://e/a"),
        Literal("plain"),
        Literal("Kyiv", language="en"),
        Literal("40", datatype=NamedNode(XSD + "decimal")),
        Literal("2024-09", datatype=NamedNode(XSD + "gYearMonth")),
        Literal("0.6667", datatype=NamedNode(XSD + "decimal")),
        BlankNode("b1"),
    ]
    for term in terms:
        assert from_rdflib_term(to_rdflib_term(term)) == term
    memory = MemoryBackend(
        [
            Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), term, NamedNode("http://e/g"))
            for term in terms[1:]
        ]
    )
    rows = memory.run(
        BoundQuery('SELECT ?o WHERE { ?s ?p ?o FILTER(?o = "plain") }', "select"), 10
    ).rows
    assert rows == ((Literal("plain"),),)
