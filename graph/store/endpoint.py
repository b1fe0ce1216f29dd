"""Endpoint: the graph as a local, read-only SPARQL 1.1 Protocol service (``kg serve``).

Takes HTTP requests at ``/sparql`` (``query`` by GET, by form POST or as an
``application/sparql-query`` body) and gives results in the format the client accepts:
SPARQL JSON, XML, CSV or TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for
CONSTRUCT and DESCRIBE. Every query goes through the same :class:`QueryEngine` as
``kg query``, so updates, SERVICE and remote FROM are refused and the timeout and row cap
hold. A cut result says so in an ``X-KG-Truncated`` header.

Queries run in a pool of engines, each with its own query process (``--workers``, one per
core by default), so a slow query holds up one of them, not the endpoint. The timeout is
the client's: a request that waited for a free engine has only what is left of it to run,
and one that found none free for the whole timeout is answered 503 with ``Retry-After``
instead of waiting on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from graph.config import Settings
from graph.errors import InputError, KGError, QueryError, QueryTimeout
from graph.store.base import QueryResult
from graph.store.engine import QueryEngine
from graph.store.library import read_query
from graph.store.results import serialize_result
from graph.store.sparql import MAX_QUERY_CHARS

PATHS = ("/sparql", "/query")
# Media type -> serialize_result format, in the order used when the client accepts any.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json",
    "application/rdf+xml": "xml",
    "text/plain": "nt",
}
PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>newskg SPARQL</title>
<h1>newskg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 Protocol endpoint: <code>{url}</code>. Point any SPARQL client at it.
Queries run for at most {timeout:g} s and return at most {rows:,} rows.</p>
<form method="post" action="/sparql"><textarea name="query" rows="12" cols="100">
PREFIX kg: &lt;https://w3id.org/newskg/ontology#&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
SELECT ?entity ?label WHERE {{ ?entity a kg:Person ; rdfs:label ?label }} LIMIT 20
</textarea><br><button>Run</button></form></html>
"""


def default_workers() -> int:
    """One query process per core: Oxigraph runs a query on one core."""
    return max(1, os.cpu_count() or 1)


class EnginePool:
    """Query engines (each with its own query process) lent to one request at a time."""

    def __init__(self, settings: Settings, size: int) -> None:
        self.engines = [QueryEngine(settings) for _ in range(max(1, size))]
        self._free: queue.SimpleQueue[QueryEngine] = queue.SimpleQueue()
        self._closed = False
        for engine in self.engines:
            self._free.put(engine)

    def run(self, text: str, timeout: float) -> QueryResult:
        """Run on the first engine free within ``timeout``, for what is left of it; a
        QueryTimeout when none came free in time."""
        started = time.monotonic()
        try:
            engine = self._free.get(timeout=timeout)
        except queue.Empty:
            raise EndpointBusy(
                f"every query process was busy for the whole {timeout:g} s timeout; "
                "try again shortly"
            ) from None
        try:
            left = timeout - (time.monotonic() - started)
            if left <= 0.05:
                raise EndpointBusy("the query waited out its timeout for a free query process")
            return engine.run(read_query(text, "query"), timeout=left)
        finally:
            if engine.worker_pid is None and engine.settings.backend != "remote":
                # A query cut off killed its process: start the next one now, out of the
                # next request's time (a start under load takes a second or more).
                threading.Thread(target=self._restart, args=(engine,), daemon=True).start()
            else:
                self._free.put(engine)

    def _restart(self, engine: QueryEngine) -> None:
        if not self._closed:
            with contextlib.suppress(KGError):
                engine.run("ASK {}", timeout=60)
        if self._closed:  # closed meanwhile: leave no process behind
            engine.close()
        self._free.put(engine)

    def close(self) -> None:
        self._closed = True
        for engine in self.engines:
            engine.close()


class EndpointBusy(QueryTimeout):
    """No query process came free within the timeout: the query did not run."""


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server holding the pool of query engines its handlers share."""

    daemon_threads = True
    request_queue_size = 128  # a burst of clients waits to be accepted, not refused

    def __init__(
        self,
        settings: Settings,
        host: str,
        port: int,
        *,
        cors: bool = False,
        quiet: bool = False,
        workers: int | None = None,
    ) -> None:
        super().__init__((host, port), SparqlHandler)
        self.settings = settings
        self.pool = EnginePool(settings, workers or default_workers())
        self.cors = cors
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "newskg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            settings = self.server.settings
            page = PAGE.format(
                url=self.server.url, timeout=settings.query_timeout, rows=settings.max_rows
            )
            self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
        elif url.path in PATHS:
            self._answer(parse_qs(url.query).get("query", []))
        else:
            self._fail(HTTPStatus.NOT_FOUND, f"no such path; the endpoint is {PATHS[0]}")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in PATHS:
            self._fail(HTTPStatus.NOT_FOUND, f"no such path; the endpoint is {PATHS[0]}")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_CHARS * 4:
            self._fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is too large")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            self._answer([body])
        elif kind == "application/sparql-update":
            self._fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only; updates are refused")
        else:
            form = parse_qs(body)
            if "update" in form:
                self._fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only; updates are refused")
            else:
                self._answer(form.get("query", []) + parse_qs(url.query).get("query", []))

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors(preflight=True)
        self.end_headers()

    def _answer(self, queries: list[str]) -> None:
        if len(queries) != 1:
            self._fail(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
            return
        try:
            result = self.server.pool.run(queries[0], self.server.settings.query_timeout)
        except EndpointBusy as exc:
            self._fail(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": "1"})
            return
        except QueryTimeout as exc:
            self._fail(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except QueryError as exc:
            self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except KGError as exc:
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
            return
        media, fmt = self._negotiate(result)
        extra = {"X-KG-Truncated": "true"} if result.truncated else {}
        self._send(HTTPStatus.OK, serialize_result(result, fmt), media, extra)

    def _negotiate(self, result: QueryResult) -> tuple[str, str]:
        """The first accepted media type we can write (by q-value), else the default."""
        table = GRAPH_TYPES if result.form == "graph" else RESULT_TYPES
        accepted: list[tuple[float, int, str]] = []
        for position, item in enumerate((self.headers.get("Accept") or "").split(",")):
            media, *params = [part.strip().lower() for part in item.split(";")]
            quality = 1.0
            for param in params:
                if param.startswith("q="):
                    try:
                        quality = float(param[2:])
                    except ValueError:
                        quality = 0.0
            accepted.append((-quality, position, media))
        for _, _, media in sorted(accepted):
            if media in table:
                return media, table[media]
        media = next(iter(table))
        return media, table[media]

    def _send(
        self, status: HTTPStatus, body: bytes, media: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header(
            "Content-Type",
            media
            if "charset" in media or "json" in media or "xml" in media
            else f"{media}; charset=utf-8",
        )
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self._cors()
        self.end_headers()
        self.wfile.write(body)

    def _fail(
        self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None
    ) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8", headers)

    def _cors(self, preflight: bool = False) -> None:
        if not self.server.cors:
            return
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-KG-Truncated")
        if preflight:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    cors: bool = False,
    workers: int | None = None,
) -> None:
    """Serve until interrupted: Ctrl-C, or SIGTERM (``kill``, a service manager), which
    stop it the same way, at once, even while a query runs."""
    try:
        server = SparqlServer(settings, host, port, cors=cors, workers=workers)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    print(
        f"SPARQL endpoint (read-only) on {server.url}; queries stop after "
        f"{settings.query_timeout:g} s and return at most {settings.max_rows:,} rows; "
        f"{len(server.pool.engines)} query process(es); Ctrl-C stops it",
        file=sys.stderr,
    )
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("kg serve: stopped", file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the server as Ctrl-C does; by default it killed the process without
    closing the server or its query process."""
    raise KeyboardInterrupt
