"""Lifecycle: the persisted graph, how a build replaces it, and which backend reads it.

The graph is persisted as an embedded Oxigraph store in the data directory. A build never
writes into the store that readers use. It bulk-loads a fresh store in a new folder under
``stores/`` and then points ``CURRENT`` at it by atomically replacing that small file, so a
build that fails or is killed leaves the previous graph readable and complete. Builds take
an exclusive lock (``filelock``), so two at once are serialized rather than interleaved.
With the remote backend, a finished build is also published to the endpoint.

Queries run on the backend ``Settings.backend`` names, opened by :func:`open_backend`:
:mod:`.oxigraph` (the store itself, read-only), :mod:`.memory` (an rdflib copy) or
:mod:`.remote` (a SPARQL 1.1 endpoint). Binding parameters, refusing unsafe queries and
timeouts are the query engine's job (:mod:`.engine`), not theirs.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import re
import shutil
import stat
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout
from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Store, serialize

from graph.config import Settings
from graph.errors import StoreError
from graph.store.base import Backend, Stats
from graph.store.memory import MemoryBackend
from graph.store.oxigraph import OxigraphBackend
from graph.store.remote import RemoteBackend
from graph.vocab import ENTITY_GRAPH, GRAPHS, ID, ONTOLOGY_GRAPH, PREFIXES

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


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a mix.

    The file ends with the mode ``open()`` would give it: a new one 0666 less the umask
    (the kernel applies it to the temporary file), a replaced one the mode it had.
    ``tempfile.mkstemp`` would make every file 0600, private whatever the umask says.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        kept = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        kept = None
    while True:
        tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:12]}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if kept is not None:
                os.fchmod(handle.fileno(), kept)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """Hold the data directory's build lock; wait (and say so) if another build has it."""
    lock = FileLock(settings.lock_file)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(blocking=False)
        except Timeout:
            print(f"waiting for another build of {settings.data_dir} to finish…", file=sys.stderr)
            lock.acquire()
    except OSError as exc:
        raise StoreError(
            f"cannot write to data directory {settings.data_dir}: {exc.strerror or exc}"
        ) from None
    try:
        yield
    finally:
        lock.release()


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


_PREFIX_NAME = re.compile(r"[A-Za-z][\w.-]*(?<!\.)")
# Oxigraph tries every prefix on every IRI: 2,000 prefixes made a 100,000-triple export
# 37 times slower. Past this many documents their sentences and events are written in full.
MAX_DOCUMENT_PREFIXES = 32
# Turtle and TriG as Oxigraph writes them, a space between terms: IRIs and strings
# (skipped), and terms with an escape in them, which can only be prefixed names.
_ESCAPED_NAMES = re.compile(rb'<[^>]*>|"[^"\\]*(?:\\.[^"\\]*)*"|(?<!\S)[^\s"<\\]*\\[^\s"<]*')


def export_prefixes(quads: Iterable[Quad]) -> dict[str, str]:
    """The prefixes of an export: the project's, with ``id:`` split by kind (``person:``,
    ``place:``, ``unit:``, ``organization:``, ``doc:``) so that entities read
    ``place:russia``, and one per document (``doc-000-06a8…:sentence-4``) for up to
    :data:`MAX_DOCUMENT_PREFIXES` documents."""
    prefixes = {name: ns for name, ns in PREFIXES.items() if name != "id"}
    kinds: set[str] = set()
    documents: dict[str, str] = {}
    for quad in quads:
        for term in (quad.subject, quad.object):
            if not isinstance(term, NamedNode) or not term.value.startswith(str(ID)):
                continue
            path, hash_sign, _ = term.value[len(str(ID)) :].partition("#")
            kind, slash, document = path.partition("/")
            if slash and kind not in kinds:
                kinds.add(kind)
                name = "doc" if kind == "document" else kind
                if _PREFIX_NAME.fullmatch(name) and name not in PREFIXES:
                    prefixes[name] = f"{ID}{kind}/"
            if hash_sign and kind == "document" and _PREFIX_NAME.fullmatch(f"doc-{document}"):
                documents[f"doc-{document}"] = f"{ID}{path}#"
    if len(documents) <= MAX_DOCUMENT_PREFIXES:
        prefixes.update(documents)
    return prefixes


def spell_out_escaped_names(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Turtle or TriG with every prefixed name that needs an escape written as a full IRI.

    Oxigraph abbreviates every IRI a prefix starts, escaping what a local name may not
    hold: ``id:document\\/000\\#char\\=1\\,5``. Valid Turtle, but unreadable, and rdflib
    rejects a name that ends in an escaped dot. rdflib's own writer abbreviates only
    names that need no escape; this gives Oxigraph's output the same rule.
    """
    namespaces = {name.encode(): ns.encode() for name, ns in prefixes.items()}

    def spell(match: re.Match[bytes]) -> bytes:
        term = match.group()
        if term[:1] in b'<"':
            return term
        prefix, _, local = term.partition(b":")
        if prefix not in namespaces:
            return term
        # A local name cannot escape a backslash, so every backslash is an escape.
        return b"<" + namespaces[prefix] + local.replace(b"\\", b"") + b">"

    return _ESCAPED_NAMES.sub(spell, data)


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
        prefixes = export_prefixes(quads)
        if rdf_format in QUAD_FORMATS:
            data = serialize(quads, None, rdf_format, prefixes=prefixes)
        else:
            triples = list(dict.fromkeys(q.triple for q in quads))
            triples.sort(key=lambda t: str(t.subject))
            if rdf_format == RdfFormat.N_TRIPLES:
                serialize(triples, out, rdf_format)
                return
            data = serialize(triples, None, rdf_format, prefixes=prefixes)
        if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG):
            data = spell_out_escaped_names(data or b"", prefixes)
        out.write(data or b"")

    def stats(self) -> Stats:
        triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, None))
        rows = self.select(
            f"PREFIX kg: <{PREFIXES['kg']}> "
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . "
            "FILTER(STRSTARTS(STR(?class), STR(kg:))) } GROUP BY ?class"
        )
        by_class = {row["class"].rsplit("#", 1)[1]: int(row["n"]) for row in rows}
        return Stats(
            triples=triples,
            documents=by_class.get("Document", 0),
            by_class=dict(sorted(by_class.items())),
        )


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
