"""Store: the persisted graph, and the three backends that answer SPARQL over it.

The graph is persisted as an embedded Oxigraph store in the data directory. A build never
writes into the store that readers use. It bulk-loads a fresh store in a new folder under
``stores/`` and then points ``CURRENT`` at it by atomically replacing that small file, so a
build that fails or is killed leaves the previous graph readable and complete. Builds take
an exclusive lock, so two at once are serialized rather than interleaved.

Queries run on a backend chosen by ``Settings.backend``: ``OxigraphBackend`` (the store
itself, opened read-only), ``MemoryBackend`` (an rdflib in-memory copy, for small graphs
and as a second opinion) or ``RemoteBackend`` (any SPARQL 1.1 endpoint, queried over the
SPARQL protocol and loaded by the Graph Store Protocol or SPARQL Update). Each takes a
finished query text and gives a ``QueryResult`` of pyoxigraph terms, so results compare
across backends. Binding parameters, refusing unsafe queries and timeouts are the query
layer's job (``graph.store.engine``), not theirs.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import itertools
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, cast
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from graph.config import Settings
from graph.errors import KGError, QueryError, QueryTimeout, StoreError
from graph.vocab import ENTITY_GRAPH, GRAPHS, ONTOLOGY_GRAPH, PREFIXES

EXPORT_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
}
QUAD_FORMATS = frozenset({RdfFormat.N_QUADS, RdfFormat.TRIG})
# Quads per bulk load: about 100 MB of loader memory, whatever the size of the corpus.
BULK_CHUNK = 250_000


@dataclass(frozen=True)
class Stats:
    """Counts that describe a built graph."""

    triples: int
    documents: int
    by_class: dict[str, int]


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """Hold the data directory's build lock; wait (and say so) if another build has it."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(settings.lock_file, "a+b")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise StoreError(
            f"cannot write to data directory {settings.data_dir}: {exc.strerror or exc}"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {settings.data_dir} to finish…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class StoreChanges:
    """What an incremental build changes in the current store: named graphs in
    ``drop_graphs`` are emptied, then ``remove`` removed and ``quads`` added."""

    drop_graphs: frozenset[str]
    remove: list[Quad]
    quads: list[Quad]


def write_store(settings: Settings, quads: Iterable[Quad]) -> Path:
    """Bulk-load the quads into a new store and make it current; return its folder.
    Readers keep the old store until ``CURRENT`` points at the new one."""
    return _new_store(settings, lambda store: _bulk_load(store, quads))


def update_store(settings: Settings, base: Path, changes: StoreChanges) -> Path:
    """Apply the changes to a checkpoint of the ``base`` store (RocksDB hard-links the
    unchanged files, so this costs only the changes) and make it current."""
    return _new_store(settings, lambda store: _apply(store, changes), base, changes)


def _new_store(
    settings: Settings,
    fill: Callable[[Store], None],
    base: Path | None = None,
    changes: StoreChanges | None = None,
) -> Path:
    """A new store folder (a checkpoint of ``base``, or empty), filled, made current, and
    published to the remote backend when that is the one in use."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    # Unique per build even within one second and one process: never reopen an old store.
    folder = settings.store_dir / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    try:
        if base is not None:
            Store.read_only(str(base)).backup(str(folder))
        store = Store(str(folder))
        fill(store)
        store.flush()
        del store
        write_atomic(settings.current_file, folder.name.encode() + b"\n")
    except (OSError, RuntimeError) as exc:  # RocksDB reports I/O failures as RuntimeError
        shutil.rmtree(folder, ignore_errors=True)
        reason = getattr(exc, "strerror", None) or exc
        raise StoreError(
            f"cannot write the graph store in {settings.store_dir}: {reason}"
        ) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    for old in settings.store_dir.iterdir():
        if old.name != folder.name and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    if settings.backend == "remote":
        built = OxigraphBackend.open(folder)
        try:
            if changes is None:
                publish(settings, built.quads())
            else:  # only the graphs the changes touched
                graphs = {*changes.drop_graphs, str(ENTITY_GRAPH)}
                RemoteBackend.from_settings(settings).load(
                    (
                        q
                        for g in sorted(graphs)
                        for q in built.store.quads_for_pattern(None, None, None, NamedNode(g))
                    ),
                    drop=graphs,
                )
        except StoreError as exc:
            raise StoreError(
                f"the graph was built, but publishing it failed ({exc}); retry with: kg publish"
            ) from None
        finally:
            built.close()
    return folder


def _bulk_load(store: Store, quads: Iterable[Quad]) -> None:
    """Bulk-load quads in chunks, on a thread of its own while the caller makes the next.

    Chunks, because one bulk load of a whole corpus holds all of it in memory at once;
    a thread, because Oxigraph loads without the GIL, so making quads (Python) and
    loading them (Rust) overlap.
    """
    chunks: queue.Queue[list[Quad] | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def load() -> None:
        while (chunk := chunks.get()) is not None:
            if not failed:
                try:
                    store.bulk_extend(chunk)
                except BaseException as exc:  # handed to the caller's thread below
                    failed.append(exc)

    loader = threading.Thread(target=load, name="kg-bulk-load", daemon=True)
    loader.start()
    try:
        iterator = iter(quads)
        while not failed and (chunk := list(itertools.islice(iterator, BULK_CHUNK))):
            chunks.put(chunk)
    finally:
        chunks.put(None)
        loader.join()
    if failed:
        raise failed[0]


def _apply(store: Store, changes: StoreChanges) -> None:
    for graph in sorted(changes.drop_graphs):
        store.remove_graph(NamedNode(graph))
    for quad in changes.remove:
        store.remove(quad)
    store.extend(changes.quads)


def current_store_path(settings: Settings) -> Path | None:
    """Folder of the current store, or None when nothing has been built yet."""
    try:
        name = settings.current_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {settings.current_file}: {exc.strerror or exc}") from None
    path = settings.store_dir / name
    if not name or "/" in name or not path.is_dir():
        raise StoreError(
            f"{settings.current_file} points at a missing store {name!r}; "
            "recover with: kg build --rebuild"
        )
    return path


def portable_prefixes(quads: Iterable[Quad]) -> dict[str, str]:
    """The prefixes to write, minus any whose local names would end in an escaped dot.

    ``id:y\\.`` is valid Turtle, but common parsers (rdflib among them) reject it; such
    IRIs are then written in full, so every export reads back everywhere.
    """
    risky: set[str] = set()
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, NamedNode) and term.value.endswith("."):
                risky.update(name for name, ns in PREFIXES.items() if term.value.startswith(ns))
    return {name: ns for name, ns in PREFIXES.items() if name not in risky}


class GraphStore:
    """Read access to the current graph."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(cls, settings: Settings) -> GraphStore:
        """Open the current graph read-only."""
        path = current_store_path(settings)
        if path is None:
            raise StoreError(f"no graph in {settings.data_dir} yet; build one with: kg build")
        try:
            store = Store.read_only(str(path))
            store.query("ASK { ?s ?p ?o }")
        except (OSError, ValueError, SyntaxError, RuntimeError) as exc:  # RocksDB: "Corruption"
            raise StoreError(
                f"graph store {path} is unreadable ({exc}); recover with: kg build --rebuild"
            ) from None
        return cls(store, path)

    def query(self, sparql: str) -> object:
        return self.store.query(sparql, use_default_graph_as_union=True)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT and return rows of plain strings (values of bound variables)."""
        result = self.query(sparql)
        if not isinstance(result, QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [
            {name: row[name].value for name in names if row[name] is not None} for row in result
        ]

    def quads(self, include_ontology: bool = True) -> Iterator[Quad]:
        skip = None if include_ontology else NamedNode(str(ONTOLOGY_GRAPH))
        for quad in self.store.quads_for_pattern(None, None, None, None):
            if skip is None or quad.graph_name != skip:
                yield quad

    def export(self, fmt: str, out: BinaryIO, quads: Iterable[Quad] | None = None) -> None:
        """Serialize the whole graph, or the given part of it (the union of the named
        graphs for triple formats)."""
        rdf_format = EXPORT_FORMATS[fmt]
        quads = sorted(
            self.quads() if quads is None else quads,
            key=lambda q: (str(q.graph_name), str(q.subject)),
        )
        prefixes = portable_prefixes(quads)
        if rdf_format in QUAD_FORMATS:
            serialize(quads, out, rdf_format, prefixes=prefixes)
            return
        triples = list(dict.fromkeys(q.triple for q in quads))
        triples.sort(key=lambda t: str(t.subject))
        if rdf_format == RdfFormat.N_TRIPLES:
            serialize(triples, out, rdf_format)
        else:
            serialize(triples, out, rdf_format, prefixes=prefixes)

    def stats(self) -> Stats:
        triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, None))
        rows = self.select(
            "PREFIX kg: <https://w3id.org/newskg/ontology#> "
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . "
            "FILTER(STRSTARTS(STR(?class), STR(kg:))) } GROUP BY ?class"
        )
        by_class = {row["class"].rsplit("#", 1)[1]: int(row["n"]) for row in rows}
        return Stats(
            triples=triples,
            documents=by_class.get("Document", 0),
            by_class=dict(sorted(by_class.items())),
        )


# --- Query backends -----------------------------------------------------------------------

Term = NamedNode | BlankNode | Literal | Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
QUERY_FORMS = ("select", "ask", "graph")  # graph: CONSTRUCT and DESCRIBE
SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


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


def _capped(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    """The first ``max_rows`` items, and whether there were more (reads one extra only)."""
    if max_rows >= sys.maxsize:
        return list(items), False
    kept = list(itertools.islice(items, max_rows + 1))
    return kept[:max_rows], len(kept) > max_rows


def _pyoxigraph_result(result: object, max_rows: int, backend: str) -> QueryResult:
    if isinstance(result, QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows, truncated = _capped(
            (tuple(solution[name] for name in variables) for solution in result), max_rows
        )
        return QueryResult("select", variables, tuple(rows), truncated=truncated, backend=backend)
    if isinstance(result, QueryBoolean):
        return QueryResult("ask", boolean=bool(result), backend=backend)
    triples, truncated = _capped(iter(cast(QueryTriples, result)), max_rows)
    return QueryResult("graph", triples=tuple(triples), truncated=truncated, backend=backend)


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
        return _pyoxigraph_result(result, max_rows, self.name)

    def quads(self) -> Iterator[Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, None))

    def close(self) -> None:
        del self.store


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
            rows, truncated = _capped(
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
        triples, truncated = _capped(
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
                triples, truncated = _capped(parse(body, RdfFormat.N_TRIPLES), max_rows)
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
        return _pyoxigraph_result(result, max_rows, self.name)

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


def open_backend(settings: Settings) -> Backend:
    """The backend the settings name, over the current graph (remote: the endpoint)."""
    if settings.backend == "remote":
        return RemoteBackend.from_settings(settings)
    path = current_store_path(settings)
    if path is None:
        raise StoreError(f"no graph in {settings.data_dir} yet; build one with: kg build")
    return open_embedded(settings.backend, path)


def open_embedded(backend: str, path: Path) -> Backend:
    """An embedded backend over the store folder ``path`` (rdflib: a copy of it)."""
    oxigraph = OxigraphBackend.open(path)
    if backend == "oxigraph":
        return oxigraph
    if backend == "rdflib":
        memory = MemoryBackend(oxigraph.quads())
        oxigraph.close()
        return memory
    raise StoreError(f"unknown backend {backend!r}; choose one of oxigraph, rdflib, remote")


def publish(settings: Settings, quads: Iterable[Quad]) -> int:
    """Load the graph into the remote endpoint, replacing the graphs a build made before."""
    return RemoteBackend.from_settings(settings).load(quads, replace_prefix=str(GRAPHS))
