"""Oxigraph backend: the embedded store of the data directory, opened read-only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Quad, Store

from graph.errors import StoreError
from graph.store.base import Backend, BoundQuery, QueryResult, pyoxigraph_result


class OxigraphBackend(Backend):
    """The embedded Oxigraph store of the data directory, opened read-only."""

    name = "oxigraph"

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: Path) -> OxigraphBackend:
        try:
            return cls(Store.read_only(str(path)))
        except OSError as exc:
            raise StoreError(
                f"graph store {path} is unreadable ({exc}); recover with: kg build --rebuild"
            ) from None

    def run(self, query: BoundQuery, max_rows: int, deadline: float | None = None) -> QueryResult:
        result = self.store.query(query.bound_text, use_default_graph_as_union=True)
        return pyoxigraph_result(result, max_rows, self.name)

    def quads(self) -> Iterator[Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, None))

    def close(self) -> None:
        del self.store
