"""Corpus: the ``kg build`` pipeline over the data directory.

ingest -> extract (only new or changed documents; results cached per document under
``documents/`` by content hash and extractor version) -> resolve across the whole corpus ->
build RDF -> write a fresh store and switch to it atomically. The cache is what makes the
corpus incremental: adding one article parses one article, while resolution (cheap) still
sees every document, so cross-document identity stays right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from graph.build import build_quads
from graph.config import Settings
from graph.errors import InputError, StoreError
from graph.extract import EXTRACTOR_VERSION, Extraction, extract_documents
from graph.ingest import (
    SUFFIXES,
    Document,
    iter_document_paths,
    max_document_chars,
    parse_document,
    read_document,
    slugify,
)
from graph.nlp import load_pipeline
from graph.resolve import resolve_entities
from graph.store import build_lock, write_atomic, write_store

ProgressFactory = Callable[[Iterable[Any], int], Iterable[Any]]


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

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


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
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            document = _document_from_json(data["document"])
            cached[document.doc_id] = (document, Extraction.from_json(data["extraction"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"cached document {path} is unreadable ({exc}); "
                             "recover with: kg build --rebuild PATH") from None
    return cached


def _save(settings: Settings, document: Document, extraction: Extraction) -> None:
    payload = {"document": _document_to_json(document), "extraction": extraction.to_json()}
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        write_atomic(settings.cache_dir / f"{document.doc_id}.json", data)
    except OSError as exc:
        raise StoreError(f"cannot write to {settings.cache_dir}: {exc.strerror or exc}") from None


def read_documents(paths: Iterable[str | Path]) -> list[Document]:
    """Read every article under the paths; document ids made unique by source."""
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path in iter_document_paths(paths):
        document = read_document(path)
        if document.doc_id in seen and seen[document.doc_id] != document.source:
            suffix = 2
            while f"{document.doc_id}-{suffix}" in seen:
                suffix += 1
            document = replace(document, doc_id=f"{document.doc_id}-{suffix}")
        seen[document.doc_id] = document.source
        documents.append(document)
    return documents


def build_corpus(settings: Settings, paths: Iterable[str | Path], *, rebuild: bool = False,
                 progress: ProgressFactory | None = None) -> BuildReport:
    """Add the articles under ``paths`` to the corpus and rebuild the graph store."""
    started = time.perf_counter()
    documents = read_documents(paths)  # bad input fails here, before anything is touched
    with build_lock(settings):
        previous = _safe_cache(settings) if rebuild else load_cache(settings)
        cached = {} if rebuild else dict(previous)
        if rebuild:
            # Documents built before, but not named this time, are rebuilt from the cache.
            named = {d.doc_id for d in documents}
            documents += [doc for doc_id, (doc, _) in previous.items() if doc_id not in named]
        todo = [d for d in documents if _stale(cached.get(d.doc_id), d)]
        added = sum(1 for d in todo if d.doc_id not in previous)
        if todo:
            nlp = load_pipeline()
            stream = extract_documents(todo, nlp, max_chars=settings.max_chunk_chars,
                                       batch_size=settings.batch_size)
            if progress is not None and len(todo) > 1:
                stream = iter(progress(stream, len(todo)))
            for document, extraction in zip(todo, stream, strict=True):
                _save(settings, document, extraction)
                cached[document.doc_id] = (document, extraction)
        warnings = tuple(w for d in documents for w in d.warnings)
        corpus = [cached[k] for k in sorted(cached)]
        if not todo and (settings.current_file.exists()):
            return _report(corpus, added, 0, len(documents), 0, started, warnings)
        extractions = {doc.doc_id: ex for doc, ex in corpus}
        resolution = resolve_entities(extractions.values())
        quads = list(build_quads([doc for doc, _ in corpus], extractions, resolution))
        write_store(settings, quads)
        kinds = Counter(e.kind for e in resolution.entities)
        return BuildReport(added=added, updated=len(todo) - added,
                           unchanged=len(documents) - len(todo), documents=len(corpus),
                           entities=dict(sorted(kinds.items())), quads=len(quads),
                           seconds=time.perf_counter() - started, warnings=warnings)


def _safe_cache(settings: Settings) -> dict[str, tuple[Document, Extraction]]:
    """The cache for a rebuild: unreadable entries are dropped, not fatal."""
    try:
        return load_cache(settings)
    except StoreError:
        return {}


def _stale(entry: tuple[Document, Extraction] | None, document: Document) -> bool:
    if entry is None:
        return True
    old, extraction = entry
    return (old.content_hash != document.content_hash or extraction.version != EXTRACTOR_VERSION
            or old.source != document.source)


def _report(corpus: list[tuple[Document, Extraction]], added: int, updated: int,
            named: int, quads: int, started: float, warnings: tuple[str, ...]) -> BuildReport:
    return BuildReport(added=added, updated=updated, unchanged=named - added - updated,
                       documents=len(corpus), entities={}, quads=quads,
                       seconds=time.perf_counter() - started, warnings=warnings)


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
        raise InputError(f"{name}: unsupported file type {suffix or '(none)'!r}; articles "
                         "are .txt or .md files")
    limit = max_document_chars()
    if len(raw) > 4 * limit:
        raise InputError(f"{name}: {len(raw) / 1e6:.1f} MB is too large for one article "
                         f"(limit {limit:,} characters); split it into articles")
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
