"""Memory backend: an rdflib copy of the graph in memory, for small graphs and as a second
opinion on what Oxigraph answers.

Terms cross between pyoxigraph and rdflib with their lexical forms kept exactly, so the two
backends' results compare term for term.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from graph.errors import StoreError
from graph.store.base import XSD_STRING, Backend, BoundQuery, QueryResult, Term, capped


class MemoryBackend(Backend):
    """An rdflib ``Dataset`` in memory whose default graph is the union of the graphs."""

    name = "rdflib"

    def __init__(self, quads: Iterable[Quad]) -> None:
        import rdflib.plugins.sparql
        from rdflib import Dataset, URIRef

        # FROM <iri> would otherwise make rdflib download the IRI (the query layer refuses
        # such queries too; this is the second lock on the same door).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = Dataset(default_union=True)
        graphs: dict[str, Any] = {}
        for quad in quads:
            name = quad.graph_name.value if isinstance(quad.graph_name, NamedNode) else ""
            graph = graphs.get(name)
            if graph is None:
                graph = graphs[name] = (
                    self.dataset.graph(URIRef(name)) if name else self.dataset.default_context
                )
            graph.add(
                (
                    to_rdflib_term(quad.subject),
                    to_rdflib_term(quad.predicate),
                    to_rdflib_term(quad.object),
                )
            )

    def run(self, query: BoundQuery, max_rows: int, deadline: float | None = None) -> QueryResult:
        result = self.dataset.query(
            query.text, initBindings={name: to_rdflib_term(term) for name, term in query.bindings}
        )
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer), backend=self.name)
        if result.type == "SELECT":
            variables = tuple(str(v) for v in result.vars or ())
            rows, truncated = capped(
                (
                    tuple(
                        None if row[i] is None else from_rdflib_term(row[i])
                        for i in range(len(variables))
                    )
                    for row in cast(Iterable[Any], result)
                ),
                max_rows,
            )
            return QueryResult(
                "select", variables, tuple(rows), truncated=truncated, backend=self.name
            )
        triples, truncated = capped(
            (
                Triple(*(cast(Any, from_rdflib_term(t)) for t in triple))
                for triple in cast(Iterable[Any], result)
            ),
            max_rows,
        )
        return QueryResult("graph", triples=tuple(triples), truncated=truncated, backend=self.name)

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            graph = NamedNode(str(g)) if g is not None else DefaultGraph()
            yield Quad(
                cast(Any, from_rdflib_term(s)),
                cast(Any, from_rdflib_term(p)),
                from_rdflib_term(o),
                graph,
            )

    def close(self) -> None:
        self.dataset.close()


def to_rdflib_term(term: Term) -> Any:
    """A pyoxigraph term as rdflib's, keeping literals' lexical forms exactly."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdflibLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        # RDF 1.1: a simple literal is an xsd:string; rdflib keeps them apart, and only the
        # untyped one equals "x" written in a query.
        return RdflibLiteral(
            term.value,
            datatype=None if datatype == XSD_STRING else URIRef(datatype),
            normalize=False,
        )
    raise StoreError(f"the rdflib backend cannot hold RDF-star triple terms ({term})")


def from_rdflib_term(term: Any) -> Term:
    """An rdflib term as pyoxigraph's."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdflibLiteral

    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    if isinstance(term, RdflibLiteral):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype is not None:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise StoreError(f"unexpected term in an rdflib result: {term!r}")
