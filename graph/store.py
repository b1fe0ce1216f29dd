"""Store: the persisted graph, an embedded Oxigraph store in the data directory.

A build never writes into the store that readers use. It bulk-loads a fresh store in a new
folder under ``stores/`` and then points ``CURRENT`` at it by atomically replacing that small
file, so a build that fails or is killed leaves the previous graph readable and complete.
Builds take an exclusive lock, so two at once are serialized rather than interleaved.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Store, serialize

from graph.config import Settings
from graph.errors import StoreError
from graph.vocab import ONTOLOGY_GRAPH, PREFIXES

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
        raise StoreError(f"cannot write to data directory {settings.data_dir}: "
                         f"{exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {settings.data_dir} to finish…",
                  file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_store(settings: Settings, quads: Iterable[Quad]) -> Path:
    """Bulk-load quads into a new store and make it current; return its folder."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    # Unique per build even within one second and one process: never reopen an old store.
    folder = settings.store_dir / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
    try:
        store = Store(str(folder))
        store.bulk_extend(quads)
        store.flush()
        del store
        write_atomic(settings.current_file, folder.name.encode() + b"\n")
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot write the graph store in {settings.store_dir}: "
                         f"{exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    for old in settings.store_dir.iterdir():
        if old.name != folder.name and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return folder


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
        raise StoreError(f"{settings.current_file} points at a missing store {name!r}; "
                         "recover with: kg build --rebuild")
    return path


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
        except (OSError, ValueError, SyntaxError) as exc:
            raise StoreError(f"graph store {path} is unreadable ({exc}); "
                             "recover with: kg build --rebuild") from None
        return cls(store, path)

    def query(self, sparql: str) -> object:
        return self.store.query(sparql, use_default_graph_as_union=True)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT and return rows of plain strings (values of bound variables)."""
        result = self.query(sparql)
        if not isinstance(result, QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{name: row[name].value for name in names if row[name] is not None}
                for row in result]

    def quads(self, include_ontology: bool = True) -> Iterator[Quad]:
        skip = None if include_ontology else NamedNode(str(ONTOLOGY_GRAPH))
        for quad in self.store.quads_for_pattern(None, None, None, None):
            if skip is None or quad.graph_name != skip:
                yield quad

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Serialize the whole graph (the union of its named graphs for triple formats)."""
        rdf_format = EXPORT_FORMATS[fmt]
        quads = sorted(self.quads(), key=lambda q: (str(q.graph_name), str(q.subject)))
        if rdf_format in QUAD_FORMATS:
            serialize(quads, out, rdf_format, prefixes=PREFIXES)
            return
        triples = list(dict.fromkeys(q.triple for q in quads))
        triples.sort(key=lambda t: str(t.subject))
        if rdf_format == RdfFormat.N_TRIPLES:
            serialize(triples, out, rdf_format)
        else:
            serialize(triples, out, rdf_format, prefixes=PREFIXES)

    def stats(self) -> Stats:
        triples = sum(1 for _ in self.store.quads_for_pattern(None, None, None, None))
        rows = self.select(
            "PREFIX kg: <https://w3id.org/newskg/ontology#> "
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . "
            "FILTER(STRSTARTS(STR(?class), STR(kg:))) } GROUP BY ?class")
        by_class = {row["class"].rsplit("#", 1)[1]: int(row["n"]) for row in rows}
        return Stats(triples=triples, documents=by_class.get("Document", 0),
                     by_class=dict(sorted(by_class.items())))
