"""Engine: the one way every read runs: checked, bound and stopped when time is up.

Takes SPARQL text (a saved query from :mod:`.library` or an ad-hoc query) and parameter
values as strings, and gives a :class:`~graph.store.base.QueryResult`. The query is first
made safe (:func:`~graph.store.sparql.check_query`), its values validated and bound
(:func:`bindings_for`, :func:`~graph.store.sparql.bind_values`), then run on the configured
backend: embedded ones in a :mod:`.worker` process killed when the timeout passes, remote
endpoints over HTTP with the same deadline. Every result keeps at most the row cap.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Mapping, Sequence

from graph.config import Settings, debug_enabled
from graph.errors import QueryError, StoreError
from graph.store.base import Backend, BoundQuery, QueryResult, Term
from graph.store.library import SavedQuery, read_query, written_as_iri
from graph.store.lifecycle import current_store_path
from graph.store.names import resolve_name
from graph.store.remote import RemoteBackend
from graph.store.results import compact
from graph.store.sparql import bind_values, check_query, star_order, tokenize
from graph.store.worker import QueryWorker

# The explorer imports these from here, with the engine that runs its reads.
__all__ = ["QueryEngine", "bind_values", "bindings_for", "compact"]


def bindings_for(query: SavedQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Validated terms for a query's parameters by variable: given values, else defaults."""
    bound: dict[str, Term] = {}
    for name in values:
        query.parameter(name)  # unknown names are an error, not silently ignored
    missing = [p.name for p in query.parameters if p.needed and p.name not in values]
    if missing:
        raise QueryError(
            f"{query.name} needs {', '.join(missing)} (give --param "
            f"{missing[0]}=VALUE); it takes: {query.usage()}"
        )
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is not None:
            bound[parameter.variable] = parameter.to_term(value)
    return bound


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bind_rows(text: str, variable: str, terms: Sequence[Term]) -> str:
    """The query with ``variable`` taking each of ``terms`` in turn: a ``VALUES`` block of
    one row per term opens its WHERE clause. A parameter carries one value; a page reads
    the texts of thousands of sentences at once. The terms are written by pyoxigraph
    (IRIs validated), so a value is data to the engine, never query text."""
    if not _VARIABLE.fullmatch(variable):
        raise QueryError(f"bad SPARQL variable name {variable!r}")
    found = tokenize(text)
    where = next(
        (t for t, before in zip(found[1:], found, strict=False) if before.keyword == "WHERE"),
        None,
    )
    if where is None or where.text != "{":
        raise QueryError("rows can only be bound into a query with a WHERE { } clause")
    block = f" VALUES ?{variable} {{ {' '.join(str(term) for term in terms)} }} "
    return text[: where.start + 1] + block + text[where.start + 1 :]


def in_star_order(result: QueryResult, text: str) -> QueryResult:
    """A ``SELECT *`` result with its columns in the order the query names them."""
    if result.form != "select":
        return result
    order = star_order(text, result.variables)
    if order == result.variables:
        return result
    index = [result.variables.index(v) for v in order]
    rows = tuple(tuple(row[i] for i in index) for row in result.rows)
    return dataclasses.replace(result, variables=order, rows=rows)


class QueryEngine:
    """Runs saved and ad-hoc queries safely on the configured backend.

    Safe to share between threads (queries run one at a time). Embedded backends live in a
    worker process that is killed when a query overruns and started again on the next
    query, and again whenever ``kg build`` has switched the store.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._worker: QueryWorker | None = None
        self._remote: Backend | None = None

    def __enter__(self) -> QueryEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the query process now, even while a query runs on it: the query ends with
        an error at once, where waiting for the lock would wait out its timeout."""
        running = self._worker
        if running is not None:
            running.kill()
        with self._lock:
            if self._worker is not None:
                self._worker.stop()
                self._worker = None

    @property
    def worker_pid(self) -> int | None:
        """Process id of the current worker, if any (tests use it to see it is gone)."""
        return self._worker.process.pid if self._worker is not None else None

    def run(
        self,
        query: SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
        values: Mapping[str, Sequence[Term]] | None = None,
    ) -> QueryResult:
        """Check, bind and run a query; QueryError (QueryTimeout) when refused or cut off.
        ``values`` gives variables several values each (:func:`bind_rows`)."""
        saved = query if isinstance(query, SavedQuery) else read_query(query, "query")
        timeout = timeout or self.settings.query_timeout
        max_rows = max_rows or self.settings.max_rows
        analysis = check_query(saved.text, allow_remote=self.settings.allow_remote)
        bindings = bindings_for(saved, self._named_iris(saved, params or {}))
        text = saved.text  # checked before rows are bound: the check is cached by text
        for variable, terms in reversed(list((values or {}).items())):  # blocks in given order
            text = bind_rows(text, variable, terms)
        query_to_run = BoundQuery(
            text, analysis.form, tuple(bindings.items()), bind_values(text, bindings)
        )
        with self._lock:
            result = self._execute(query_to_run, max_rows, timeout)
        return in_star_order(result, saved.text)

    def resolve_name(
        self, name: str, *, allowed: Sequence[str] | None = None, parameter: str = ""
    ) -> str:
        """The IRI of the one entity or ontology class a name or alias stands for (among
        ``allowed`` IRIs when given); QueryError listing the candidates when it is
        ambiguous, or saying it names nothing (:mod:`.names`)."""
        return resolve_name(
            lambda text, values: self.run(text, values), name, allowed=allowed, parameter=parameter
        )

    def _named_iris(self, query: SavedQuery, values: Mapping[str, str]) -> Mapping[str, str]:
        """The values with each name given for an IRI parameter replaced by its IRI."""
        resolved = dict(values)
        for parameter in query.parameters:
            value = values.get(parameter.name)
            if parameter.kind == "iri" and value is not None and not written_as_iri(value):
                allowed = parameter.choice_iris() if parameter.choices else None
                resolved[parameter.name] = self.resolve_name(
                    value, allowed=allowed, parameter=parameter.name
                )
        return resolved

    def _execute(self, query: BoundQuery, max_rows: int, timeout: float) -> QueryResult:
        if self.settings.backend == "remote":
            if self._remote is None:
                self._remote = RemoteBackend.from_settings(self.settings)
            started = time.perf_counter()
            result = self._remote.run(query, max_rows, time.monotonic() + timeout)
            return dataclasses.replace(result, seconds=time.perf_counter() - started)
        path = current_store_path(self.settings)
        if path is None:
            raise StoreError(f"no graph in {self.settings.data_dir} yet; build one with: kg build")
        worker = self._worker
        if worker is None or worker.path != path or not worker.alive():
            if worker is not None:
                worker.stop()
            self._worker = None
            worker = self._worker = QueryWorker(self.settings.backend, path, debug_enabled())
        try:
            return worker.run(query, max_rows, timeout)
        except QueryError:
            if not worker.alive():
                self._worker = None
            raise
