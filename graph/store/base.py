"""Base: what every backend takes and gives, so results compare across backends.

A backend takes a :class:`BoundQuery` (a checked query and its parameter values) and gives
a :class:`QueryResult` of pyoxigraph terms. :class:`Backend` is the contract the embedded
(:mod:`.oxigraph`, :mod:`.memory`) and remote (:mod:`.remote`) backends keep.
"""

from __future__ import annotations

import itertools
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Triple,
)
from rdflib.namespace import XSD

Term = NamedNode | BlankNode | Literal | Triple
XSD_STRING = str(XSD.string)


@dataclass(frozen=True)
class Stats:
    """Counts that describe a built graph."""

    triples: int
    documents: int
    by_class: dict[str, int]


@dataclass(frozen=True)
class QueryResult:
    """What a query gave: solutions (select), a boolean (ask) or triples (graph).

    ``truncated`` says the query had more rows (or triples) than the row cap and only the
    first ones are here.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] = ()
    truncated: bool = False
    seconds: float = 0.0
    backend: str = ""

    def __len__(self) -> int:
        return len(self.rows) if self.form == "select" else len(self.triples)

    def records(self) -> list[dict[str, str]]:
        """Rows as plain strings (IRIs and lexical forms) by variable; unbound left out."""
        return [
            {
                name: plain_value(term)
                for name, term in zip(self.variables, row, strict=True)
                if term is not None
            }
            for row in self.rows
        ]


def plain_value(term: Term) -> str:
    """An IRI, a literal's lexical form or a blank node id; N-Triples for a triple term."""
    return str(term) if isinstance(term, Triple) else term.value


@dataclass(frozen=True)
class BoundQuery:
    """A checked query and its parameter values, ready for any backend.

    ``text`` is the query as written, with parameters as variables, and ``bindings`` their
    values; ``with_values`` is the same query with the values in VALUES blocks (built by
    the query layer). Oxigraph and remote endpoints run ``with_values``; rdflib binds
    ``bindings`` itself (``initBindings``), as its evaluator pushes VALUES only into the
    joins it happens to evaluate lazily.
    """

    text: str
    form: str  # select | ask | graph (CONSTRUCT, DESCRIBE)
    bindings: tuple[tuple[str, Term], ...] = ()
    with_values: str = ""

    @property
    def bound_text(self) -> str:
        return self.with_values or self.text


class Backend(ABC):
    """Runs checked SPARQL queries over the union of the graph's named graphs."""

    name: ClassVar[str]

    @abstractmethod
    def run(self, query: BoundQuery, max_rows: int, deadline: float | None = None) -> QueryResult:
        """Run a query and keep at most ``max_rows`` rows (the result says if it cut)."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad the backend holds."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the store, files or connections."""


def capped(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    """The first ``max_rows`` items, and whether there were more (reads one extra only)."""
    if max_rows >= sys.maxsize:
        return list(items), False
    kept = list(itertools.islice(items, max_rows + 1))
    return kept[:max_rows], len(kept) > max_rows


def pyoxigraph_result(result: object, max_rows: int, backend: str) -> QueryResult:
    """A pyoxigraph query result (embedded store or parsed from an endpoint), capped."""
    if isinstance(result, QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows, truncated = capped(
            (tuple(solution[name] for name in variables) for solution in result), max_rows
        )
        return QueryResult("select", variables, tuple(rows), truncated=truncated, backend=backend)
    if isinstance(result, QueryBoolean):
        return QueryResult("ask", boolean=bool(result), backend=backend)
    triples, truncated = capped(iter(cast(QueryTriples, result)), max_rows)
    return QueryResult("graph", triples=tuple(triples), truncated=truncated, backend=backend)
