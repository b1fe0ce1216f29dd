"""Corpus: the ``kg build`` pipeline over the data directory.

ingest -> extract (new or changed documents only, on all cores or a Dask cluster; each
result cached under ``documents/`` by content hash and extractor version) -> resolve across
the whole corpus -> build RDF -> store.

Extraction and the store are incremental; resolution is not yet. It runs over the whole
corpus at every build, but needs each document's mentions only, not its sentences or facts:
those are kept in one index file, so resolving a thousand documents reads no per-document
cache. The store is updated, not rewritten: each document's named graph has a fingerprint of
everything its quads depend on (its text, the extractor, the key, IRI and type of each
entity it names) and each entity a signature. A build rewrites only the documents and
entities whose fingerprint or signature changed, into a checkpoint of the current store;
a first build, or one whose previous state is unknown, bulk-loads a fresh store instead.
Either way readers switch to the new store atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import NamedNode, Quad

from graph.build import (
    document_quads,
    entity_node_quads,
    fact_quads,
    ontology_quads,
)
from graph.config import Settings
from graph.errors import InputError, StoreError
from graph.executor import extract_all
from graph.extract import EXTRACTOR_VERSION, Extraction
from graph.facts import Facts
from graph.ingest import (
    SUFFIXES,
    Document,
    iter_document_paths,
    max_document_chars,
    parse_document,
    read_document,
    slugify,
)
from graph.resolve import Entity, MentionRef, Resolution, fact_keys, resolve_entities
from graph.store import (
    StoreChanges,
    build_lock,
    current_store_path,
    write_atomic,
    write_store,
)
from graph.vocab import document_graph, entity_iri, ontology_text

ProgressFactory = Callable[[Iterable[Any], int], Iterable[Any]]
# Extractions kept in memory for the store update; a larger build reads the rest back from
# their cache while writing, so that its memory does not grow with the corpus.
KEEP_EXTRACTIONS = 100
# Bump when the index or manifest layout changes: older files are then rebuilt, not read.
STATE_FORMAT = 3


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


@dataclass(frozen=True)
class IndexEntry:
    """What resolution needs of a document: the document, its mentions, its fact keys."""

    document: Document
    mentions: Extraction  # without sentences and facts
    named_keys: frozenset[str]

    @classmethod
    def of(cls, document: Document, extraction: Extraction) -> IndexEntry:
        slim = replace(extraction, sentences=(), facts=Facts())
        return cls(document, slim, frozenset(fact_keys([extraction])))


@dataclass
class Manifest:
    """What the current store holds: fingerprints of its documents and entities."""

    store: str
    ontology: str
    documents: dict[str, str] = field(default_factory=dict)
    # entity IRI -> (digest of what its quads depend on, the subjects of those quads)
    entities: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


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


def _read_cached(path: Path) -> tuple[Document, Extraction]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (_document_from_json(data["document"]),
                Extraction.from_json(data["extraction"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"cached document {path} is unreadable ({exc}); "
                         "recover with: kg build --rebuild PATH") from None


def _save(settings: Settings, document: Document, extraction: Extraction) -> None:
    payload = {"document": _document_to_json(document), "extraction": extraction.to_json()}
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        write_atomic(_cache_path(settings, document.doc_id), data)
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
    """Add the articles under ``paths`` to the corpus and update the graph store.

    Extraction runs on ``settings.jobs`` processes, or on the Dask cluster at
    ``settings.scheduler``; ``rebuild`` re-extracts every document and rewrites the store.
    """
    started = time.perf_counter()
    documents = read_documents(paths)  # bad input fails here, before anything is touched
    with build_lock(settings):
        index, stored = _load_index(settings, strict=not rebuild)
        if rebuild:
            # Documents built before, but not named this time, are rebuilt as they were.
            documents += [e.document for k, e in sorted(index.items())
                          if k not in {d.doc_id for d in documents}]
        # Documents extracted by an older extractor are redone, named or not.
        named = {d.doc_id for d in documents}
        documents += [e.document for k, e in sorted(index.items())
                      if k not in named and e.mentions.version != EXTRACTOR_VERSION]
        todo = [d for d in documents if rebuild or _stale(index.get(d.doc_id), d)]
        added = sum(1 for d in todo if d.doc_id not in index)
        fresh = _extract(settings, todo, index, progress)
        extracted = time.perf_counter()
        report = _commit(settings, index, fresh, full=rebuild, started=started,
                         index_changed=bool(fresh) or not stored)
        stages = {"extract": extracted - started, **report.stages}
        return replace(report, added=added, updated=len(todo) - added, stages=stages,
                       unchanged=len(documents) - len(todo),
                       warnings=tuple(w for d in documents for w in d.warnings))


def remove_documents(settings: Settings, names: Iterable[str]) -> BuildReport:
    """Take documents out of the corpus (by id or by source path) and update the store."""
    started = time.perf_counter()
    with build_lock(settings):
        index, _ = _load_index(settings, strict=True)
        doomed = set()
        for name in names:
            path = Path(name).resolve()
            found = [k for k, e in index.items()
                     if k == name or Path(e.document.source).resolve() == path]
            if not found:
                close = difflib.get_close_matches(name, list(index), n=3)
                hint = (f"did you mean {', '.join(close)}?" if close else
                        "a document's id is its file name without the extension")
                raise InputError(f"no document {name!r} in the graph; {hint}")
            doomed.update(found)
        for doc_id in doomed:
            del index[doc_id]
            _cache_path(settings, doc_id).unlink(missing_ok=True)
        report = _commit(settings, index, {}, full=False, started=started,
                         index_changed=True)
        return replace(report, removed=len(doomed))


def _extract(settings: Settings, todo: list[Document], index: dict[str, IndexEntry],
             progress: ProgressFactory | None) -> dict[str, Extraction]:
    """Extract the documents (in batches, where the settings say) and cache the results;
    return the first :data:`KEEP_EXTRACTIONS` of them."""
    fresh: dict[str, Extraction] = {}
    if not todo:
        return fresh
    stream: Iterable[Extraction] = extract_all(
        todo, max_chars=settings.max_chunk_chars, batch_size=settings.batch_size,
        jobs=settings.jobs, scheduler=settings.scheduler)
    if progress is not None and len(todo) > 1:
        stream = progress(stream, len(todo))
    for document, extraction in zip(todo, stream, strict=True):
        _save(settings, document, extraction)
        index[document.doc_id] = IndexEntry.of(document, extraction)
        if len(fresh) < KEEP_EXTRACTIONS:
            fresh[document.doc_id] = extraction
    return fresh


def _commit(settings: Settings, index: dict[str, IndexEntry], fresh: dict[str, Extraction],
            *, full: bool, started: float, index_changed: bool) -> BuildReport:
    """Save the index if it changed, resolve the corpus and bring the store up to date."""
    began = time.perf_counter()
    if index_changed:
        _save_state(settings, _index_path(settings), index)
    current = None if full else _current_store(settings)
    manifest = None if current is None else _load_manifest(settings, current)
    if manifest is not None and not fresh and set(manifest.documents) == set(index):
        return _report(index, None, 0, started, incremental=True)
    slims = {doc_id: entry.mentions for doc_id, entry in index.items()}
    named = set().union(*(entry.named_keys for entry in index.values()))
    resolution = resolve_entities(slims.values(), named_keys=named)
    resolved = time.perf_counter()
    iris = {e.key: entity_iri(e.kind, e.slug) for e in resolution.entities}
    prints = _fingerprints(index, resolution, iris)
    ontology = _ontology_digest()
    reuse = manifest is not None and manifest.ontology == ontology
    old = manifest if manifest is not None and reuse else Manifest("", "")
    touched = {k for k in index if old.documents.get(k) != prints[k]}
    touched |= set(old.documents) - set(index)
    new = Manifest(store="", ontology=ontology, documents=prints)
    fresh_entities: dict[str, list[Quad]] = {}
    for entity in resolution.entities:
        iri = iris[entity.key]
        signature, docs = _signature(entity, iris)
        before = old.entities.get(iri)
        if before is not None and before[0] == signature and touched.isdisjoint(docs):
            new.entities[iri] = before
            continue
        quads = fresh_entities[iri] = list(entity_node_quads(entity, slims, iris))
        new.entities[iri] = (signature, tuple(sorted(
            {q.subject.value for q in quads if isinstance(q.subject, NamedNode)})))

    def documents(doc_ids: Iterable[str]) -> Iterator[Quad]:
        for doc_id in doc_ids:
            document = index[doc_id].document
            extraction = fresh.get(doc_id) or _read_cached(_cache_path(settings, doc_id))[1]
            yield from document_quads(document, extraction, resolution, iris)
            yield from fact_quads(document, extraction, resolution, iris)

    if reuse:
        changed_docs = sorted(k for k in touched if k in index)
        stale = set(fresh_entities) | (set(old.entities) - set(new.entities))
        quads = list(documents(changed_docs))
        quads += [quad for entity_quads in fresh_entities.values() for quad in entity_quads]
        changes = StoreChanges(
            drop_graphs=frozenset(document_graph(k) for k in touched),
            drop_subjects=frozenset(s for iri in stale
                                    for s in old.entities.get(iri, ("", ()))[1]),
            quads=quads)
        folder = write_store(settings, (), base=current, changes=changes)
        written, incremental = len(quads), True
    else:
        counter = _Counted(_all_quads(documents(sorted(index)), fresh_entities.values()))
        folder = write_store(settings, counter)
        written, incremental = counter.count, False
    new.store = folder.name
    _save_state(settings, _manifest_path(settings), new)
    report = _report(index, resolution, written, started, incremental=incremental)
    return replace(report, stages={"resolve": resolved - began,
                                   "write": time.perf_counter() - resolved})


def _all_quads(documents: Iterator[Quad], entities: Iterable[list[Quad]]) -> Iterator[Quad]:
    yield from ontology_quads()
    yield from documents
    for quads in entities:
        yield from quads


class _Counted:
    """An iterator of quads that counts what went through it."""

    def __init__(self, quads: Iterator[Quad]) -> None:
        self.quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[Quad]:
        for quad in self.quads:
            self.count += 1
            yield quad


def _fingerprints(index: dict[str, IndexEntry], resolution: Resolution,
                  iris: dict[str, str]) -> dict[str, str]:
    """Per document, a digest of everything its quads depend on: the document, the
    extractor, and the key, IRI and type of the entity each of its mentions and facts names."""
    named = {e.key: f"{e.key} {iris[e.key]} {e.kind} {e.subtype}" for e in resolution.entities}
    by_mention = resolution.by_mention
    prints = {}
    for doc_id, entry in index.items():
        document = entry.document
        head = (document.doc_id, document.source, document.content_hash, document.title,
                str(document.published), document.date_inferred, document.url,
                document.outlet, entry.mentions.version)
        keys = [by_mention.get(MentionRef(doc_id, i)) for i in range(len(entry.mentions.mentions))]
        lines = [repr(head), *(named.get(k, "-") if k else "-" for k in keys),
                 *(named.get(k, k) for k in sorted(entry.named_keys))]
        prints[doc_id] = hashlib.sha1("\n".join(lines).encode()).hexdigest()
    return prints


def _signature(entity: Entity, iris: dict[str, str]) -> tuple[str, frozenset[str]]:
    """A digest of what an entity's quads depend on, and its documents.

    The mentions behind its evidence are left out: they are the same as before when none of
    its documents is touched (their fingerprints cover which entity each mention names),
    which the caller checks, and the digest covers the set of its documents.
    """
    docs = frozenset(ref.doc_id for ref in entity.mentions)
    related = tuple((e.value, iris.get(e.value)) for e in (entity.state, entity.part_of) if e)
    facts = (entity.key, entity.kind, entity.subtype, entity.label, entity.slug,
             entity.aliases, tuple(role.value for role in entity.roles), related,
             entity.lat, entity.lon, entity.geonameid, len(entity.mentions), iris[entity.key],
             tuple(sorted(docs)))
    return hashlib.sha1(pickle.dumps(facts, protocol=5)).hexdigest(), docs


def _ontology_digest() -> str:
    return hashlib.sha1(ontology_text().encode()).hexdigest()


def _stale(entry: IndexEntry | None, document: Document) -> bool:
    if entry is None:
        return True
    old = entry.document
    return (old.content_hash != document.content_hash
            or entry.mentions.version != EXTRACTOR_VERSION or old.source != document.source)


def _report(index: dict[str, IndexEntry], resolution: Resolution | None, quads: int,
            started: float, *, incremental: bool) -> BuildReport:
    kinds = Counter(e.kind for e in resolution.entities) if resolution else Counter()
    return BuildReport(added=0, updated=0, unchanged=0, documents=len(index),
                       entities=dict(sorted(kinds.items())), quads=quads,
                       seconds=time.perf_counter() - started, incremental=incremental)


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


# The index and the manifest: derived state, rebuilt from the caches when missing or stale.

def _index_path(settings: Settings) -> Path:
    return settings.data_dir / "corpus-index.pickle"


def _manifest_path(settings: Settings) -> Path:
    return settings.data_dir / "store-manifest.pickle"


def _save_state(settings: Settings, path: Path, value: object) -> None:
    data = pickle.dumps((STATE_FORMAT, EXTRACTOR_VERSION, value),
                        protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def _load_state(path: Path) -> object | None:
    try:
        fmt, version, value = pickle.loads(path.read_bytes())
    except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError,
            pickle.UnpicklingError):
        return None
    return value if (fmt, version) == (STATE_FORMAT, EXTRACTOR_VERSION) else None


def _load_index(settings: Settings, *, strict: bool) -> tuple[dict[str, IndexEntry], bool]:
    """The corpus index, and whether it was read from its file (else it was rebuilt from
    the per-document caches, being missing or stale).

    ``strict`` makes an unreadable cache an error; otherwise (a rebuild) it is skipped.
    """
    index = _load_state(_index_path(settings))
    if isinstance(index, dict):
        return index, True
    entries: dict[str, IndexEntry] = {}
    if settings.cache_dir.is_dir():
        for path in sorted(settings.cache_dir.glob("*.json")):
            try:
                document, extraction = _read_cached(path)
            except StoreError:
                if strict:
                    raise
                continue
            entries[document.doc_id] = IndexEntry.of(document, extraction)
    return entries, False


def _current_store(settings: Settings) -> Path | None:
    """The current store, or None when there is none or it is broken (then rewritten)."""
    try:
        return current_store_path(settings)
    except StoreError:
        return None


def _load_manifest(settings: Settings, current: Path) -> Manifest | None:
    manifest = _load_state(_manifest_path(settings))
    if isinstance(manifest, Manifest) and manifest.store == current.name:
        return manifest
    return None
