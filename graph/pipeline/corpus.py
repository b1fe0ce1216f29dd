"""Corpus: the ``kg build`` pipeline over the data directory.

ingest -> extract (new or changed documents only, on all cores or a Dask cluster; each
result cached under ``documents/`` by content hash and extractor version) -> resolve
(incrementally, :func:`graph.pipeline.resolve.update` over the corpus index,
:mod:`graph.pipeline.index`) -> build RDF -> store.

The store is updated, not rewritten: a build rewrites the named graphs of the documents the
change touched and the entity-graph quads of the entities it touched, into a checkpoint of
the current store. A first build, or one whose previous state is unknown, bulk-loads a fresh
store instead. Either way readers switch to the new store atomically, and the index commits
only once they have.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Quad

from graph.config import MAX_DOCUMENT_CHARS, Settings
from graph.errors import InputError, StoreError
from graph.model import Document, EntityForm, Extraction, Resolution
from graph.pipeline.build import (
    document_quads,
    entity_form,
    fact_quads,
    form_changes,
    form_quads,
    ontology_quads,
)
from graph.pipeline.executor import extract_all
from graph.pipeline.extract.extractor import EXTRACTOR_VERSION
from graph.pipeline.index import CorpusIndex, StaleIndex, Stored
from graph.pipeline.ingest import (
    SUFFIXES,
    iter_document_paths,
    parse_document,
    read_document,
    slugify,
)
from graph.pipeline.resolve import (
    ReadExtraction,
    Update,
    full_resolution,
    resolution,
    update,
)
from graph.store.lifecycle import (
    StoreChanges,
    build_lock,
    current_store_path,
    update_store,
    write_atomic,
    write_store,
)
from graph.vocab import document_graph, entity_iri, ontology_text

ProgressFactory = Callable[[Iterable[Any], int], Iterable[Any]]
# Extractions kept in memory for the store update; a larger build reads the rest back from
# their cache while writing, so that its memory does not grow with the corpus.
KEEP_EXTRACTIONS = 100


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    added: int
    updated: int
    unchanged: int
    documents: int
    entities: dict[str, int]
    quads: int
    seconds: float
    warnings: tuple[str, ...] = ()
    removed: int = 0
    incremental: bool = False
    # Seconds per stage: extract, resolve, write (quads built and stored).
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _document_to_json(document: Document) -> dict[str, Any]:
    data = asdict(document)
    data["published"] = document.published.isoformat() if document.published else None
    data["warnings"] = list(document.warnings)
    return data


def _document_from_json(data: dict[str, Any]) -> Document:
    published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    return Document(**{**data, "published": published, "warnings": tuple(data["warnings"])})


def load_cache(settings: Settings) -> dict[str, tuple[Document, Extraction]]:
    """Every document built so far, with its extraction, by document id."""
    cached: dict[str, tuple[Document, Extraction]] = {}
    if not settings.cache_dir.is_dir():
        return cached
    for path in sorted(settings.cache_dir.glob("*.json")):
        document, extraction = _read_cached(path)
        cached[document.doc_id] = (document, extraction)
    return cached


def _cache_path(settings: Settings, doc_id: str) -> Path:
    return settings.cache_dir / f"{doc_id}.json"


# A new extraction is cached beside the old one until the index that describes it commits:
# a build killed in between leaves the cache as the index knows it (the next build drops
# or completes the pending file), so a cache is never newer than its index.
PENDING = ".pending"


def _pending_path(settings: Settings, doc_id: str) -> Path:
    return settings.cache_dir / f"{doc_id}.json{PENDING}"


def _read_latest(settings: Settings, doc_id: str) -> tuple[Document, Extraction]:
    """A document's cache as this build sees it: the pending extraction if there is one."""
    pending = _pending_path(settings, doc_id)
    return _read_cached(pending if pending.exists() else _cache_path(settings, doc_id))


def _promote_pending(settings: Settings) -> None:
    """After the index committed: its pending extractions become the caches."""
    for pending in sorted(settings.cache_dir.glob(f"*.json{PENDING}")):
        os.replace(pending, pending.with_suffix(""))


def _settle_pending(settings: Settings, index: CorpusIndex) -> None:
    """Pending extractions a killed build left: kept if the index committed them (the
    build died before promoting them), dropped if it did not."""
    if not settings.cache_dir.is_dir():
        return
    stored = index.stored()
    for pending in sorted(settings.cache_dir.glob(f"*.json{PENDING}")):
        try:
            _, extraction = _read_cached(pending)
        except StoreError:
            pending.unlink()
            continue
        entry = stored.get(extraction.doc_id)
        committed = entry is not None and (entry.content_hash, entry.version) == (
            extraction.content_hash,
            extraction.version,
        )
        if committed:
            os.replace(pending, pending.with_suffix(""))
        else:
            pending.unlink()


def _read_cached(path: Path) -> tuple[Document, Extraction]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (_document_from_json(data["document"]), Extraction.from_json(data["extraction"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"cached document {path} is unreadable ({exc}); recover with: kg build --rebuild PATH"
        ) from None


def _save(settings: Settings, document: Document, extraction: Extraction) -> None:
    payload = {"document": _document_to_json(document), "extraction": extraction.to_json()}
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        write_atomic(_pending_path(settings, document.doc_id), data)
    except OSError as exc:
        raise StoreError(f"cannot write to {settings.cache_dir}: {exc.strerror or exc}") from None


def read_documents(
    paths: Iterable[str | Path], max_chars: int = MAX_DOCUMENT_CHARS
) -> list[Document]:
    """Read every article under the paths; document ids made unique by source."""
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path in iter_document_paths(paths):
        document = read_document(path, max_chars)
        if document.doc_id in seen and seen[document.doc_id] != document.source:
            suffix = 2
            while f"{document.doc_id}-{suffix}" in seen:
                suffix += 1
            document = replace(document, doc_id=f"{document.doc_id}-{suffix}")
        seen[document.doc_id] = document.source
        documents.append(document)
    return documents


def build_corpus(
    settings: Settings,
    paths: Iterable[str | Path],
    *,
    rebuild: bool = False,
    progress: ProgressFactory | None = None,
) -> BuildReport:
    """Add the articles under ``paths`` to the corpus and update the graph store.

    Extraction runs on ``settings.jobs`` processes, or on the Dask cluster at
    ``settings.scheduler``; ``rebuild`` re-extracts every document and rewrites the store.
    """
    started = time.perf_counter()
    # Bad input fails here, before anything is touched.
    documents = read_documents(paths, settings.max_document_chars)
    # A rebuild starts from a fresh index too (made from the per-document caches).
    with _indexed(settings, strict=not rebuild, fresh=rebuild) as index:
        stored = index.stored()
        named = {d.doc_id for d in documents}
        # Documents built before, but not named this time, are rebuilt as they were (all of
        # them for a rebuild; those of an older extractor always).
        documents += [
            _read_cached(_cache_path(settings, k))[0]
            for k, entry in sorted(stored.items())
            if k not in named and (rebuild or entry.version != EXTRACTOR_VERSION)
        ]
        todo = [d for d in documents if rebuild or _stale(stored.get(d.doc_id), d)]
        added = sum(1 for d in todo if d.doc_id not in stored)
        fresh: dict[str, tuple[Document, Extraction]] = {}
        extracted = started

        def extractions() -> Iterator[tuple[Document, Extraction]]:
            nonlocal extracted
            for document, extraction in _extract(settings, todo, progress):
                if len(fresh) < KEEP_EXTRACTIONS:
                    fresh[document.doc_id] = (document, extraction)
                yield document, extraction
            extracted = time.perf_counter()

        done = update(index, extractions(), read=_reader(settings, fresh))
        report = _commit(
            settings, index, done, fresh, full=rebuild, started=started, resolving=extracted
        )
        stages = {"extract": extracted - started, **report.stages}
        return replace(
            report,
            added=added,
            updated=len(todo) - added,
            stages=stages,
            unchanged=len(documents) - len(todo),
            warnings=tuple(w for d in documents for w in d.warnings),
        )


def remove_documents(settings: Settings, names: Iterable[str]) -> BuildReport:
    """Take documents out of the corpus (by id or by source path) and update the store."""
    started = time.perf_counter()
    with _indexed(settings, strict=True) as index:
        stored = index.stored()
        doomed = set()
        for name in names:
            path = Path(name).resolve()
            # An id is the slug of a file's stem: '000_ab.txt' and '000_ab' name 000-ab.
            slugs = {slugify(name), slugify(Path(name).stem)}
            found = [
                k
                for k, entry in stored.items()
                if k == name or k in slugs or Path(entry.source).resolve() == path
            ]
            if not found:
                close = difflib.get_close_matches(slugify(Path(name).stem), list(stored), n=3)
                hint = (
                    f"did you mean {', '.join(close)}?"
                    if close
                    else "a document's id is the slug of its file name (000_ab.txt is 000-ab)"
                )
                raise InputError(f"no document {name!r} in the graph; {hint}")
            doomed.update(found)
        resolving = time.perf_counter()
        done = update(index, removed=sorted(doomed), read=_reader(settings, {}))
        report = _commit(
            settings, index, done, {}, full=False, started=started, resolving=resolving
        )
        for doc_id in doomed:  # only now that the store and the index no longer need them
            _cache_path(settings, doc_id).unlink(missing_ok=True)
        return replace(report, removed=len(doomed))


def _extract(
    settings: Settings, todo: list[Document], progress: ProgressFactory | None
) -> Iterator[tuple[Document, Extraction]]:
    """Extract the documents (in batches, where the settings say) and cache the results."""
    if not todo:
        return
    stream: Iterable[Extraction] = extract_all(
        todo,
        max_chars=settings.max_chunk_chars,
        batch_size=settings.batch_size,
        jobs=settings.jobs,
        scheduler=settings.scheduler,
    )
    if progress is not None and len(todo) > 1:
        stream = progress(stream, len(todo))
    for document, extraction in zip(todo, stream, strict=True):
        _save(settings, document, extraction)
        yield document, extraction


def _reader(settings: Settings, fresh: dict[str, tuple[Document, Extraction]]) -> ReadExtraction:
    """A document's extraction: kept in memory if fresh, else read from its cache."""

    def read(doc_id: str) -> Extraction:
        return (fresh.get(doc_id) or _read_latest(settings, doc_id))[1]

    return read


def _commit(
    settings: Settings,
    index: CorpusIndex,
    touched: Update,
    fresh: dict[str, tuple[Document, Extraction]],
    *,
    full: bool,
    started: float,
    resolving: float,
) -> BuildReport:
    """Bring the store up to date with the index after an update (which ``touched`` this; the
    build began at ``started``, its resolution at ``resolving``), then commit the index."""
    current = None if full else _current_store(settings)
    ontology = _ontology_digest()
    reuse = (
        current is not None
        and index.meta("store") == current.name
        and index.meta("ontology") == ontology
    )
    if reuse and not (touched.documents or touched.removed or touched.entities or touched.old_iris):
        index.commit()
        _promote_pending(settings)
        return _report(index, 0, started, incremental=True)

    def documents(doc_ids: Iterable[str], resolved: Resolution) -> Iterator[Quad]:
        for doc_id in doc_ids:
            document, extraction = fresh.get(doc_id) or _read_latest(settings, doc_id)
            yield from document_quads(document, extraction, resolved)
            yield from fact_quads(document, extraction, resolved)

    if current is not None and reuse:
        resolved = resolution(index, touched.documents)
        targets = {
            ref.value for e in touched.entities.values() for ref in (e.state, e.part_of) if ref
        }
        nodes = index.nodes(targets)
        resolved_at = time.perf_counter()
        forms: dict[str, EntityForm | None] = dict.fromkeys(touched.old_iris)
        for entity in touched.entities.values():
            form = entity_form(entity, nodes)
            forms[form.iri] = form
        old = index.forms(forms)
        remove: list[Quad] = []
        quads: list[Quad] = []
        for iri, now in forms.items():
            gone, new = form_changes(old.get(iri), now)
            remove += gone
            quads += new
        quads += documents(sorted(touched.documents), resolved)
        changes = StoreChanges(
            drop_graphs=frozenset(document_graph(k) for k in touched.documents | touched.removed),
            remove=remove,
            quads=quads,
        )
        folder = update_store(settings, current, changes)
        index.set_forms(forms)
        written, incremental = len(quads), True
    else:
        resolved = full_resolution(index, touched.entities)
        resolved_at = time.perf_counter()
        forms = {}

        def entities() -> Iterator[Quad]:
            for entity in resolved.entities:
                form = forms[entity_iri(entity.kind, entity.slug)] = entity_form(
                    entity, resolved.nodes
                )
                yield from form_quads(form)

        counter = _Counted(_all_quads(documents(sorted(index.stored()), resolved), entities()))
        folder = write_store(settings, counter)
        index.set_forms(forms, replace=True)
        written, incremental = counter.count, False
    index.set_meta("store", folder.name)
    index.set_meta("ontology", ontology)
    index.commit()
    _promote_pending(settings)
    report = _report(index, written, started, incremental=incremental)
    return replace(
        report,
        stages={"resolve": resolved_at - resolving, "write": time.perf_counter() - resolved_at},
    )


def _all_quads(documents: Iterator[Quad], entities: Iterator[Quad]) -> Iterator[Quad]:
    yield from ontology_quads()
    yield from documents
    yield from entities


class _Counted:
    """An iterator of quads that counts what went through it."""

    def __init__(self, quads: Iterator[Quad]) -> None:
        self.quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[Quad]:
        for quad in self.quads:
            self.count += 1
            yield quad


def _ontology_digest() -> str:
    return hashlib.sha1(ontology_text().encode()).hexdigest()


def _stale(stored: Stored | None, document: Document) -> bool:
    return (
        stored is None
        or stored.content_hash != document.content_hash
        or stored.version != EXTRACTOR_VERSION
        or stored.source != document.source
    )


def _report(index: CorpusIndex, quads: int, started: float, *, incremental: bool) -> BuildReport:
    return BuildReport(
        added=0,
        updated=0,
        unchanged=0,
        documents=len(index.stored()),
        entities=index.counts(),
        quads=quads,
        seconds=time.perf_counter() - started,
        incremental=incremental,
    )


UPLOADS = "uploads"


def save_article(settings: Settings, name: str, raw: bytes) -> Path:
    """Check an uploaded article and write it to ``uploads/`` in the data directory.

    The bytes are read as :func:`build_corpus` will read them, so an empty, binary or
    too large article is an InputError and nothing is written. The file is named by the
    slug of ``name`` plus a hash of its content: the same article added twice is one
    document, and an upload never takes the id of an article already in the corpus.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type {suffix or '(none)'!r}; articles are .txt or .md files"
        )
    limit = settings.max_document_chars
    if len(raw) > 4 * limit:
        raise InputError(
            f"{name}: {len(raw) / 1e6:.1f} MB is too large for one article "
            f"(limit {limit:,} characters); split it into articles"
        )
    stem = f"{slugify(Path(name).stem)[:60] or 'article'}-{hashlib.sha256(raw).hexdigest()[:10]}"
    parse_document(raw, source=name, doc_id=stem, max_chars=limit)
    path = settings.data_dir / UPLOADS / f"{stem}{suffix}"
    try:
        write_atomic(path, raw)
    except OSError as exc:
        raise StoreError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    return path


def pasted_article(title: str, text: str) -> bytes:
    """A pasted title and text as the bytes of a Markdown article with front matter."""
    if not title.strip():
        return text.encode("utf-8")
    header = yaml.safe_dump({"title": " ".join(title.split())}, allow_unicode=True)
    return f"---\n{header}---\n{text}".encode()


# The index: derived state, rebuilt from the per-document caches when missing or stale.

INDEX = "corpus.sqlite"
_OLD_STATE = ("corpus-index.pickle", "store-manifest.pickle")  # before the index


@contextlib.contextmanager
def _indexed(settings: Settings, *, strict: bool, fresh: bool = False) -> Iterator[CorpusIndex]:
    """The build lock, and the corpus index under it (made anew when ``fresh``); a failure
    of the index's database is one StoreError line."""
    path = settings.data_dir / INDEX
    with build_lock(settings):
        if fresh:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot write to {settings.data_dir}: {exc.strerror or exc}"
                ) from None
        try:
            with _open_index(settings, strict=strict) as index:
                _settle_pending(settings, index)
                yield index
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                raise StoreError(
                    f"cannot write the corpus index {path}: No space left on device"
                ) from None
            raise StoreError(
                f"the corpus index {path} failed ({exc}); recover with: kg build --rebuild"
            ) from None


def _open_index(settings: Settings, *, strict: bool) -> CorpusIndex:
    """The corpus index; rebuilt from the per-document caches when missing or stale (and
    then it describes no store, so the next write is a full one).

    ``strict`` makes an unreadable cache an error; otherwise (a rebuild) it is skipped.
    """
    path = settings.data_dir / INDEX
    for name in _OLD_STATE:
        (settings.data_dir / name).unlink(missing_ok=True)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        if path.exists():
            try:
                return CorpusIndex.open(path)
            except StaleIndex:
                path.unlink()
        index = CorpusIndex.open(path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the corpus index {path}: {exc}") from None
    try:
        if settings.cache_dir.is_dir():
            update(index, _cached(settings, strict=strict), read=_reader(settings, {}))
        index.commit()
    except BaseException:
        index.close()
        path.unlink(missing_ok=True)  # a half-made index must not pass for the corpus
        raise
    return index


def _cached(settings: Settings, *, strict: bool) -> Iterator[tuple[Document, Extraction]]:
    """Every cached document; ``strict`` makes an unreadable cache an error, else it is
    skipped."""
    for cached in sorted(settings.cache_dir.glob("*.json")):
        try:
            yield _read_cached(cached)
        except StoreError:
            if strict:
                raise


def _current_store(settings: Settings) -> Path | None:
    """The current store, or None when there is none or it is broken (then rewritten)."""
    try:
        return current_store_path(settings)
    except StoreError:
        return None
