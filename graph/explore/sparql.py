"""The explorer's SPARQL: named ``.rq`` files in ``queries/``, run by the one query engine.

Each read a page makes is a file beside this module, read once with the prefixes of
:data:`graph.vocab.PREFIXES` declared before it, so no query repeats them. IRIs reach a
query only as ``VALUES`` rows that the engine writes from terms pyoxigraph has validated,
never as text pasted into it; the engine checks the query and stops it at its timeout. A
page's read has no row cap: a network or timeline that silently lost rows would be wrong.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import NamedNode

from graph.errors import InputError
from graph.store.engine import QueryEngine
from graph.store.library import SavedQuery, read_query
from graph.vocab import PREFIXES

QUERY_DIR = Path(__file__).with_name("queries")
PREFIX_DECLARATIONS = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


@functools.cache
def explorer_query(name: str) -> SavedQuery:
    """The query ``queries/<name>.rq`` with the project's prefixes declared."""
    path = QUERY_DIR / f"{name}.rq"
    return read_query(PREFIX_DECLARATIONS + path.read_text(encoding="utf-8"), name, path)


def iri_terms(iris: Iterable[str]) -> list[NamedNode]:
    """IRIs as terms; one with ``>``, spaces or braces is an InputError, not query text."""
    terms = []
    for iri in iris:
        try:
            terms.append(NamedNode(iri))
        except ValueError:
            raise InputError(f"not an IRI: {iri!r}") from None
    return terms


def select(
    engine: QueryEngine, name: str, iris: Mapping[str, Iterable[str]] | None = None
) -> list[dict[str, str]]:
    """The rows of an explorer query as plain strings by variable (unbound left out), each
    variable of ``iris`` taking the given IRIs in turn."""
    values = {variable: iri_terms(found) for variable, found in (iris or {}).items()}
    result = engine.run(explorer_query(name), values=values, max_rows=sys.maxsize)
    return result.records()
