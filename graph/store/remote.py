"""Remote backend: any SPARQL 1.1 endpoint, queried over the SPARQL protocol and loaded by
the Graph Store Protocol or SPARQL Update.

Every request has a deadline that covers reading the whole answer, not only each socket
read, so a slow endpoint cannot hold a query past the engine's timeout; HTTP failures
become one-line :class:`~graph.errors.QueryError` or :class:`~graph.errors.StoreError`.
"""

from __future__ import annotations

import http.client
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, cast
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from graph.config import Settings
from graph.errors import KGError, QueryError, QueryTimeout, StoreError
from graph.store.base import (
    Backend,
    BoundQuery,
    QueryResult,
    capped,
    plain_value,
    pyoxigraph_result,
)

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteBackend(Backend):
    """A SPARQL 1.1 endpoint: queries over the SPARQL protocol (POST, form-encoded), data
    loaded with the Graph Store Protocol (``store_endpoint``) or SPARQL Update.

    The endpoint's default graph must be the union of its named graphs, as it is for the
    embedded store: Oxigraph ``--union-default-graph``, Fuseki ``tdb:unionDefaultGraph``,
    GraphDB by default.
    """

    name = "remote"
    _ACCEPT: ClassVar[dict[str, str]] = {
        "select": SPARQL_JSON,
        "ask": SPARQL_JSON,
        "graph": N_TRIPLES,
    }
    # Graph Store Protocol writes are split so that no single request body is huge.
    _BATCH = 50_000

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        store_endpoint: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.store_endpoint = store_endpoint
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteBackend:
        if not settings.endpoint:
            raise StoreError("no SPARQL endpoint configured; set KG_ENDPOINT")
        return cls(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            store_endpoint=settings.store_endpoint,
            timeout=settings.query_timeout,
        )

    def run(self, query: BoundQuery, max_rows: int, deadline: float | None = None) -> QueryResult:
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        body = self._post(
            self.endpoint,
            urlencode({"query": query.bound_text}).encode(),
            "application/x-www-form-urlencoded",
            self._ACCEPT[query.form],
            deadline,
            what="query",
        )
        try:
            if query.form == "graph":
                triples, truncated = capped(parse(body, RdfFormat.N_TRIPLES), max_rows)
                return QueryResult(
                    "graph",
                    triples=tuple(t.triple if isinstance(t, Quad) else t for t in triples),
                    truncated=truncated,
                    backend=self.name,
                )
            result = parse_query_results(body, QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"the endpoint {self.endpoint} sent a result that cannot be read ({exc})"
            ) from None
        return pyoxigraph_result(result, max_rows, self.name)

    def quads(self) -> Iterator[Quad]:
        result = self.run(
            BoundQuery("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "select"),
            sys.maxsize,
            time.monotonic() + max(self.timeout, 60.0),
        )
        for s, p, o, g in result.rows:
            yield Quad(cast(Any, s), cast(Any, p), cast(Any, o), cast(Any, g))

    def close(self) -> None:
        """Nothing to let go of: every request opens and closes its own connection."""

    def graph_names(self) -> set[str]:
        result = self.run(
            BoundQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "select"), sys.maxsize
        )
        return {plain_value(row[0]) for row in result.rows if row[0] is not None}

    def load(
        self, quads: Iterable[Quad], *, replace_prefix: str | None = None, drop: Iterable[str] = ()
    ) -> int:
        """Put the quads' named graphs on the endpoint, each replacing its old content.

        Graphs in ``drop``, and graphs whose name starts with ``replace_prefix``, that are
        not among the quads' graphs are dropped, so a document removed from the corpus
        leaves the endpoint too. Returns the number of quads written.
        """
        by_graph: dict[str, list[Triple]] = {}
        for quad in quads:
            if not isinstance(quad.graph_name, NamedNode):
                raise StoreError("only quads in named graphs can be published")
            by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
        stale = set(drop) - set(by_graph)
        if replace_prefix is not None:
            stale |= {
                g for g in self.graph_names() if g.startswith(replace_prefix) and g not in by_graph
            }
        for graph in sorted(stale):
            self._drop(graph)
        for graph, triples in by_graph.items():
            self._replace(graph, triples)
        return sum(len(t) for t in by_graph.values())

    def _replace(self, graph: str, triples: list[Triple]) -> None:
        deadline = time.monotonic() + max(self.timeout, 60.0)
        batches = [triples[i : i + self._BATCH] for i in range(0, len(triples), self._BATCH)]
        if self.store_endpoint:
            url = f"{self.store_endpoint}?{urlencode({'graph': graph})}"
            for number, batch in enumerate(batches):
                # PUT replaces the graph; the following batches are added with POST.
                self._send(
                    url,
                    _ntriples(batch),
                    N_TRIPLES,
                    deadline,
                    method="PUT" if number == 0 else "POST",
                )
            return
        self._update(f"DROP SILENT GRAPH <{graph}>", deadline)
        for batch in batches:
            data = _ntriples(batch).decode()
            self._update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}", deadline)

    def _drop(self, graph: str) -> None:
        deadline = time.monotonic() + max(self.timeout, 60.0)
        if self.store_endpoint:
            self._send(
                f"{self.store_endpoint}?{urlencode({'graph': graph})}",
                b"",
                N_TRIPLES,
                deadline,
                method="DELETE",
            )
        else:
            self._update(f"DROP SILENT GRAPH <{graph}>", deadline)

    def _update(self, update: str, deadline: float) -> None:
        if not self.update_endpoint:
            raise StoreError(
                "cannot load the remote endpoint: set KG_STORE_ENDPOINT "
                "(Graph Store Protocol) or KG_UPDATE_ENDPOINT (SPARQL Update)"
            )
        self._send(self.update_endpoint, update.encode(), "application/sparql-update", deadline)

    def _send(
        self, url: str, data: bytes, content_type: str, deadline: float, method: str = "POST"
    ) -> None:
        self._post(url, data, content_type, "*/*", deadline, method=method, what="load")

    def _post(
        self,
        url: str,
        data: bytes,
        content_type: str,
        accept: str,
        deadline: float,
        *,
        method: str = "POST",
        what: str,
    ) -> bytes:
        """Send one request and read the whole answer before the deadline."""
        request = Request(
            url,
            data=data,
            method=method,
            headers={"Content-Type": content_type, "Accept": accept, "User-Agent": "newskg"},
        )
        try:
            with urlopen(request, timeout=_remaining(deadline, what)) as response:
                chunks = []
                while chunk := response.read(1 << 16):
                    chunks.append(chunk)
                    _remaining(deadline, what)
                return b"".join(chunks)
        except HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip().splitlines()
            message = detail[0] if detail else exc.reason
            if what == "query" and exc.code < 500:
                raise QueryError(
                    f"the endpoint refused the query ({exc.code}): {message}"
                ) from None
            raise StoreError(f"the endpoint {url} answered {exc.code}: {message}") from None
        except TimeoutError:
            raise _late(what) from None
        except URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _late(what) from None
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc.reason}") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise StoreError(f"the SPARQL endpoint {url} failed: {exc}") from None


def _ntriples(triples: list[Triple]) -> bytes:
    return cast(bytes, serialize(triples, format=RdfFormat.N_TRIPLES))


def _remaining(deadline: float, what: str) -> float:
    """Seconds left before the deadline; past it, the error for a late ``what``."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _late(what)
    return left


def _late(what: str) -> KGError:
    if what == "query":
        return QueryTimeout(
            "the endpoint did not answer in time and the query was "
            "abandoned; narrow it (LIMIT, more specific patterns) or raise "
            "the limit with --timeout or KG_QUERY_TIMEOUT"
        )
    return StoreError("the endpoint did not finish loading in time")
