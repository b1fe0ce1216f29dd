"""The corpus index: resolution state in SQLite, so a change re-resolves only what it touches.

Per document it keeps the mentions' keys (as the document gives them, after the surname
step, and final), what the document contributes to the corpus-wide name tables, the keys
its facts name, and one :class:`~graph.resolve.Partial` per entity it mentions. Per entity
it keeps what other entities and documents depend on: kind, type, slug, IRI, state.

:meth:`CorpusIndex.update` takes documents out and puts documents in, then follows the
consequences: surnames whose candidates changed, organization merges whose targets changed,
the mentions they re-key, the entities whose partials changed, regions, implied entities and
slug clashes. It returns the entities to render and the documents to rewrite. A full build
is the same update from an empty index, so both paths give the same graph.
"""

from __future__ import annotations

import marshal
import pickle
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from graph.model import (
    Document,
    Entity,
    EntityForm,
    Evidenced,
    Extraction,
    MentionRef,
    Names,
    Node,
    Partial,
    Resolution,
)
from graph.pipeline.resolve import (
    Fold,
    base_keys,
    chase,
    document_names,
    fold_entity,
    implied_entities,
    implied_entity,
    initials,
    lone_surname,
    merge_target,
    name_of,
    name_prefixes,
    node,
    partials,
    pick_acronym,
    pick_surname,
    region_admin,
    settlement_admin,
    unique_slugs,
    within_region,
)
from graph.vocab import entity_iri

SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE document(doc_id TEXT PRIMARY KEY, content_hash TEXT, version INTEGER,
                      source TEXT, entry BLOB);
CREATE TABLE mention(doc_id TEXT, idx INTEGER, lone TEXT, mid TEXT, final TEXT,
                     PRIMARY KEY (doc_id, idx)) WITHOUT ROWID;
CREATE INDEX mention_lone ON mention(lone) WHERE lone IS NOT NULL;
CREATE INDEX mention_mid ON mention(mid);
CREATE INDEX mention_final ON mention(final, doc_id);
CREATE TABLE named(key TEXT, doc_id TEXT, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE INDEX named_doc ON named(doc_id);
CREATE TABLE fullname(surname TEXT, key TEXT, doc_id TEXT,
                      PRIMARY KEY (surname, key, doc_id)) WITHOUT ROWID;
CREATE TABLE orgname(name TEXT, key TEXT, doc_id TEXT,
                     PRIMARY KEY (name, key, doc_id)) WITHOUT ROWID;
CREATE TABLE acronym(acr TEXT, full TEXT, doc_id TEXT,
                     PRIMARY KEY (acr, full, doc_id)) WITHOUT ROWID;
CREATE INDEX acronym_full ON acronym(full);
CREATE TABLE longform(name TEXT, key TEXT, doc_id TEXT,
                      PRIMARY KEY (name, key, doc_id)) WITHOUT ROWID;
CREATE TABLE initial(letters TEXT, key TEXT, doc_id TEXT,
                     PRIMARY KEY (letters, key, doc_id)) WITHOUT ROWID;
CREATE TABLE target(key TEXT PRIMARY KEY, target TEXT) WITHOUT ROWID;
CREATE INDEX target_target ON target(target);
CREATE TABLE part(key TEXT, doc_id TEXT, data BLOB, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE TABLE fold(key TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
CREATE TABLE entity(key TEXT PRIMARY KEY, kind TEXT, subtype TEXT, path TEXT, slug_base TEXT,
                    slug TEXT, iri TEXT, state TEXT, raw_state TEXT, part_of TEXT, admin TEXT,
                    region TEXT, implied INTEGER) WITHOUT ROWID;
CREATE INDEX entity_slug ON entity(path, slug_base);
CREATE TABLE form(iri TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
CREATE INDEX entity_state ON entity(state);
CREATE INDEX entity_part_of ON entity(part_of);
CREATE INDEX entity_admin ON entity(admin) WHERE admin IS NOT NULL;
CREATE INDEX entity_region ON entity(region) WHERE region IS NOT NULL;
"""
# Bump when the schema or what a row means changes: an older index is then rebuilt (as it
# is by another Python, whose marshal format may differ).
FORMAT = f"3-py{sys.version_info[0]}.{sys.version_info[1]}"
CHUNK = 500  # keys per IN (...) query, well under SQLite's variable limit


@dataclass(frozen=True)
class Stored:
    """A document as the index has it."""

    doc_id: str
    content_hash: str
    version: int
    source: str


@dataclass
class Update:
    """What an update changed: the graph is brought up to date by rewriting ``documents``,
    dropping the graphs of ``removed``, and replacing the entity-graph quads of every IRI in
    ``old_iris`` and of every entity in ``entities``."""

    documents: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    entities: dict[str, Entity] = field(default_factory=dict)
    old_iris: set[str] = field(default_factory=set)


class StaleIndex(Exception):
    """The index file is of another format or unreadable: rebuild it."""


class CorpusIndex(AbstractContextManager["CorpusIndex"]):
    """Resolution state of a corpus in an SQLite database (a file, or memory)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._cache: dict[str, Entity | None] = {}  # merged entities, for one update

    @classmethod
    def open(cls, path: Path) -> CorpusIndex:
        """Open (or create) the index at ``path``; :class:`StaleIndex` if it is unusable."""
        fresh = not path.exists()
        try:
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA synchronous=NORMAL")
            if fresh:
                cls._create(db)
            else:
                row = db.execute("SELECT value FROM meta WHERE name='format'").fetchone()
                if row is None or row[0] != FORMAT:
                    db.close()
                    raise StaleIndex(f"{path}: format {row and row[0]}, not {FORMAT}")
        except sqlite3.DatabaseError as exc:
            raise StaleIndex(f"{path}: {exc}") from None
        index = cls(db)
        index.db.execute("BEGIN")
        return index

    @classmethod
    def memory(cls) -> CorpusIndex:
        db = sqlite3.connect(":memory:", isolation_level=None)
        cls._create(db)
        index = cls(db)
        index.db.execute("BEGIN")
        return index

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(SCHEMA)
        db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # Meta values and documents.

    def meta(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def set_meta(self, name: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)),
        )

    def stored(self) -> dict[str, Stored]:
        """Every document in the index, by id."""
        return {
            row[0]: Stored(*row)
            for row in self.db.execute("SELECT doc_id, content_hash, version, source FROM document")
        }

    def entry(self, doc_id: str) -> tuple[Document, Extraction]:
        """A document and its extraction's mentions (without sentences and facts)."""
        row = self.db.execute("SELECT entry FROM document WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        document, extraction = pickle.loads(row[0])
        return document, extraction

    def counts(self) -> dict[str, int]:
        """Entities by kind."""
        return dict(
            self.db.execute(
                "SELECT kind, COUNT(*) FROM entity GROUP BY kind ORDER BY kind"
            ).fetchall()
        )

    # The forms of the entities in the store, by IRI.

    def forms(self, iris: Iterable[str]) -> dict[str, EntityForm]:
        out = {}
        for chunk in _chunks(sorted(set(iris))):
            for iri, data in self.db.execute(
                f"SELECT iri, data FROM form WHERE iri IN ({_marks(chunk)})", chunk
            ):
                out[iri] = EntityForm(*marshal.loads(data))
        return out

    def set_forms(self, forms: Mapping[str, EntityForm | None], *, replace: bool = False) -> None:
        """Store the forms (None: the IRI is no entity now); ``replace``: they are all."""
        if replace:
            self.db.execute("DELETE FROM form")
        self.db.executemany(
            "DELETE FROM form WHERE iri=?", [(iri,) for iri, form in forms.items() if form is None]
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO form VALUES (?, ?)",
            [(iri, marshal.dumps(tuple(form))) for iri, form in forms.items() if form],
        )

    # The update.

    def begin(self) -> Batch:
        """Start a change: documents in and out, then :meth:`Batch.finish`."""
        return Batch(self)

    def _candidates(self, surname: str) -> set[str]:
        return {
            k
            for (k,) in self.db.execute(
                "SELECT DISTINCT key FROM fullname WHERE surname=?", (surname,)
            )
        }

    # Reading the resolution.

    def resolution(self, doc_ids: Iterable[str] = (), *, full: bool = False) -> Resolution:
        """The keys of the documents' mentions and the nodes they and their facts name;
        ``full``: of every document, with every entity."""
        if full:
            rows = self.db.execute("SELECT doc_id, idx, final FROM mention").fetchall()
            by_mention = {MentionRef(d, i): k for d, i, k in rows}
            entities = tuple(self.entities())
            return Resolution(by_mention, {e.key: node(e) for e in entities}, entities)
        by_mention = {}
        keys: set[str] = set()
        for doc_id in doc_ids:
            for idx, key in self.db.execute(
                "SELECT idx, final FROM mention WHERE doc_id=?", (doc_id,)
            ):
                by_mention[MentionRef(doc_id, idx)] = key
                keys.add(key)
            keys.update(
                k for (k,) in self.db.execute("SELECT key FROM named WHERE doc_id=?", (doc_id,))
            )
        return Resolution(by_mention, self.nodes(keys))

    def nodes(self, keys: Iterable[str]) -> dict[str, Node]:
        """The IRI and type of each of the keys that is an entity."""
        nodes = {}
        for chunk in _chunks(sorted(set(keys))):
            for key, iri, kind, subtype in self.db.execute(
                f"SELECT key, iri, kind, subtype FROM entity WHERE key IN ({_marks(chunk)})", chunk
            ):
                nodes[key] = Node(iri, kind, subtype)
        return nodes

    def entities(self, keys: Iterable[str] | None = None) -> Iterator[Entity]:
        """Entities as the graph has them (final state and slug), in key order."""
        if keys is None:
            keys = [k for (k,) in self.db.execute("SELECT key FROM entity ORDER BY key")]
        regions = self._regions()
        for chunk in _chunks(sorted(keys)):
            rows = self.db.execute(
                f"SELECT key, slug, implied FROM entity WHERE key IN ({_marks(chunk)})", chunk
            )
            for key, slug, implied in rows.fetchall():
                entity = implied_entity(key) if implied else self._merged(key)
                assert entity is not None, key
                yield replace(within_region(entity, regions), slug=slug)

    def _merged(self, key: str) -> Entity | None:
        """An entity from its fold (cached for the length of an update)."""
        if key not in self._cache:
            row = self.db.execute("SELECT data FROM fold WHERE key=?", (key,)).fetchone()
            self._cache[key] = fold_entity(key, Fold(marshal.loads(row[0]))) if row else None
        return self._cache[key]

    def _regions(self) -> dict[tuple[str, str], str]:
        regions: dict[tuple[str, str], str] = {}
        for key, region in self.db.execute(
            "SELECT key, region FROM entity WHERE region IS NOT NULL ORDER BY key"
        ):
            regions.setdefault(_admin(region), key)
        return regions


class _Tables:
    """The name tables, read from the index."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _keys(self, sql: str, *args: str) -> set[str]:
        return {k for (k,) in self.db.execute(sql, args)}

    def longer(self, key: str) -> set[str]:
        name = name_of(key)
        found = self._keys(
            "SELECT DISTINCT key FROM orgname WHERE name >= ? AND name < ?", name + " ", name + "!"
        )
        return {k for k in found if k != key and k[:4] == key[:4]}

    def acronym(self, name: str) -> str | None:
        counts = dict(
            self.db.execute(
                "SELECT full, COUNT(*) FROM acronym WHERE acr=? GROUP BY full", (name,)
            ).fetchall()
        )
        return pick_acronym(counts) if counts else None

    def owners(self, long_form: str) -> set[str]:
        return self._keys("SELECT DISTINCT key FROM longform WHERE name=?", long_form)

    def by_initials(self, letters: str) -> set[str]:
        return self._keys("SELECT DISTINCT key FROM initial WHERE letters=?", letters)


class Batch:
    """One change in progress: documents taken out and put in, and what that touched.

    Documents are only stored as they come (so a large build streams); the re-keying and
    re-merging happen once, in :meth:`finish`.
    """

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.db = index.db
        index._cache.clear()
        self.tables = _Tables(self.db)
        self.names: list[Names] = []  # of documents taken out or put in
        self.added: dict[str, Names] = {}  # documents put in, in order, with their names
        self.removed: set[str] = set()
        self.surnames_before: dict[str, set[str]] = {}
        self.dirty: set[str] = set()  # keys whose partials changed
        self.deltas: dict[str, list[tuple[bool, Partial]]] = {}  # partials in (True) and out
        self.repartial: set[str] = set()  # documents whose mentions were re-keyed
        self.old_finals: dict[str, set[str]] = {}  # their keys before
        self.documents: set[str] = set()  # documents whose graphs are rewritten
        self.before: dict[str, tuple[Any, ...] | None] = {}  # entity rows before the update
        self.targets: Mapping[str, str] = _Targets(self.db)  # a dict once merges are settled

    # Documents in and out.

    def remove(self, doc_id: str) -> None:
        """Take a document out (nothing happens if it is not in)."""
        if self.db.execute("SELECT 1 FROM document WHERE doc_id=?", (doc_id,)).fetchone():
            self._drop_document(doc_id)
            self.removed.add(doc_id)
            self.added.pop(doc_id, None)

    def add(self, document: Document, extraction: Extraction, named: set[str]) -> None:
        """Put a document in (replacing the one of the same id) with its extraction and the
        keys its facts name."""
        if self.db.execute("SELECT 1 FROM document WHERE doc_id=?", (document.doc_id,)).fetchone():
            self._drop_document(document.doc_id)
        slim = replace(extraction, sentences=(), facts=type(extraction.facts)())
        names = document_names(slim, base_keys(slim))
        self._snapshot(names)
        self._put_document(document, slim, named, names)
        self.names.append(names)
        self.added[document.doc_id] = names
        self.removed.discard(document.doc_id)

    def _snapshot(self, names: Names) -> None:
        """The corpus candidates of the document's surnames, before it changes them."""
        for surname, _ in names.full_names:
            if surname not in self.surnames_before:
                self.surnames_before[surname] = self.index._candidates(surname)

    def _drop_document(self, doc_id: str) -> None:
        db = self.db
        ex = self.index.entry(doc_id)[1]
        names = document_names(ex, base_keys(ex))
        self._snapshot(names)
        self.names.append(names)
        self._drop_partials(doc_id)
        for sql in (
            "DELETE FROM document WHERE doc_id=?",
            "DELETE FROM mention WHERE doc_id=?",
            "DELETE FROM named WHERE doc_id=?",
        ):
            db.execute(sql, (doc_id,))
        for table, rows in _name_rows(doc_id, names).items():
            db.executemany(f"DELETE FROM {table} WHERE {_DELETE[table]}", rows)

    def _put_document(
        self, document: Document, ex: Extraction, named: set[str], names: Names
    ) -> None:
        db = self.db
        entry = pickle.dumps((document, ex), protocol=pickle.HIGHEST_PROTOCOL)
        db.execute(
            "INSERT INTO document VALUES (?, ?, ?, ?, ?)",
            (document.doc_id, document.content_hash, ex.version, document.source, entry),
        )
        db.executemany(
            "INSERT INTO named VALUES (?, ?)", [(k, document.doc_id) for k in sorted(named)]
        )
        for table, rows in _name_rows(document.doc_id, names).items():
            db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)
        self.documents.add(document.doc_id)

    def _put_mentions(self, ex: Extraction, names: Names) -> None:
        """Key a new document's mentions and store its partials."""
        local: dict[str, set[str]] = {}
        for surname, key in names.full_names:
            local.setdefault(surname, set()).add(key)
        corpus = self.candidates
        rows = []
        finals = []
        for idx, (mention, key) in enumerate(zip(ex.mentions, base_keys(ex), strict=True)):
            lone = lone_surname(mention, key)
            mid = key
            if lone is not None:
                if lone not in corpus:
                    corpus[lone] = self.index._candidates(lone)
                mid = pick_surname(key, local.get(lone, set()), corpus[lone])
            final = self._chase(mid)
            rows.append((ex.doc_id, idx, lone, mid, final))
            finals.append(final)
        self.db.executemany("INSERT INTO mention VALUES (?, ?, ?, ?, ?)", rows)
        self._put_partials(ex, finals)

    def _drop_partials(self, doc_id: str, keys: Iterable[str] | None = None) -> None:
        """Take the document's partials out (of the keys its mentions have, by default)."""
        if keys is None:
            keys = [
                k
                for (k,) in self.db.execute(
                    "SELECT DISTINCT final FROM mention WHERE doc_id=?", (doc_id,)
                )
            ]
        for key in sorted(keys):
            row = self.db.execute(
                "SELECT data FROM part WHERE key=? AND doc_id=?", (key, doc_id)
            ).fetchone()
            if row is not None:
                self.db.execute("DELETE FROM part WHERE key=? AND doc_id=?", (key, doc_id))
                self.deltas.setdefault(key, []).append((False, Partial(*marshal.loads(row[0]))))
                self.dirty.add(key)

    def _put_partials(self, ex: Extraction, finals: Sequence[str]) -> None:
        made = partials(ex, finals)
        for key, part in made.items():
            self.deltas.setdefault(key, []).append((True, part))
        self.dirty.update(made)
        self.db.executemany(
            "INSERT INTO part VALUES (?, ?, ?)",
            [(key, ex.doc_id, marshal.dumps(tuple(part))) for key, part in made.items()],
        )

    # Re-keying mentions of other documents.

    def _surnames(self, changed: Iterable[str]) -> None:
        """Lone surnames whose corpus candidates changed are looked up again."""
        for surname in sorted(changed):
            corpus = self.index._candidates(surname)
            rows = self.db.execute(
                "SELECT doc_id, idx, mid FROM mention WHERE lone=?", (surname,)
            ).fetchall()
            for doc_id, idx, mid in rows:
                local = {
                    k
                    for (k,) in self.db.execute(
                        "SELECT key FROM fullname WHERE surname=? AND doc_id=?", (surname, doc_id)
                    )
                }
                new = pick_surname(f"person:{surname}", local, corpus)
                if new != mid:
                    self._rekeying(doc_id)
                    self.db.execute(
                        "UPDATE mention SET mid=?, final=? WHERE doc_id=? AND idx=?",
                        (new, self._chase(new), doc_id, idx),
                    )

    def _merges(self, changes: Iterable[Names]) -> None:
        """Organization keys whose merge target may have changed get it again; mentions of
        every key whose chain of targets changed are re-keyed."""
        suspects: set[str] = set()
        for names in changes:
            for key in names.org_names:
                suspects.add(key)
                suspects.update(name_prefixes(key))
            letters = {acr for acr, _ in names.acronyms}
            for name, _ in names.long_forms:
                if (short := initials(name)) is not None:
                    letters.add(short)
                letters.update(
                    a
                    for (a,) in self.db.execute(
                        "SELECT DISTINCT acr FROM acronym WHERE full=?", (name,)
                    )
                )
            for short in letters:
                suspects.update(
                    k
                    for (k,) in self.db.execute(
                        "SELECT DISTINCT key FROM orgname WHERE name=?", (short,)
                    )
                )
        changed = []
        for key in sorted(suspects):
            exists = self.db.execute(
                "SELECT 1 FROM orgname WHERE name=? AND key=? LIMIT 1", (name_of(key), key)
            ).fetchone()
            target = merge_target(key, self.tables) if exists else None
            row = self.db.execute("SELECT target FROM target WHERE key=?", (key,)).fetchone()
            if (row[0] if row else None) == target:
                continue
            changed.append(key)
            if target is None:
                self.db.execute("DELETE FROM target WHERE key=?", (key,))
            else:
                self.db.execute("INSERT OR REPLACE INTO target VALUES (?, ?)", (key, target))
        affected = set(changed)
        todo = list(changed)
        while todo:  # keys whose chain runs through a changed key
            key = todo.pop()
            for (source,) in self.db.execute("SELECT key FROM target WHERE target=?", (key,)):
                if source not in affected:
                    affected.add(source)
                    todo.append(source)
        for key in sorted(affected):
            final = self._chase(key)
            rows = self.db.execute(
                "SELECT doc_id, idx FROM mention WHERE mid=? AND final!=?", (key, final)
            ).fetchall()
            for doc_id in {d for d, _ in rows}:
                self._rekeying(doc_id)
            self.db.executemany(
                "UPDATE mention SET final=? WHERE doc_id=? AND idx=?",
                [(final, d, i) for d, i in rows],
            )

    def _rekeying(self, doc_id: str) -> None:
        """Note a document's keys before its first mention is re-keyed."""
        if doc_id not in self.repartial:
            self.repartial.add(doc_id)
            self.old_finals[doc_id] = {
                k
                for (k,) in self.db.execute(
                    "SELECT DISTINCT final FROM mention WHERE doc_id=?", (doc_id,)
                )
            }

    def _chase(self, key: str) -> str:
        return chase(key, self.targets)

    # Entities.

    def finish(self) -> Update:
        """Re-resolve what the documents taken out and put in touched."""
        db = self.db
        self._surnames(
            s
            for s, before in sorted(self.surnames_before.items())
            if self.index._candidates(s) != before
        )
        self._merges(self.names)
        self.targets = dict(db.execute("SELECT key, target FROM target").fetchall())
        self.candidates: dict[str, set[str]] = {}  # surname -> full names, as they now are
        for doc_id, names in self.added.items():
            self._put_mentions(self.index.entry(doc_id)[1], names)
        removed, new_ids = self.removed, set(self.added)
        for doc_id in sorted(self.repartial - new_ids):
            # Its partials are keyed by the old finals, which the remapping overwrote.
            self._drop_partials(doc_id, self.old_finals.pop(doc_id, set()))
            ex = self.index.entry(doc_id)[1]
            finals = [
                k
                for (k,) in db.execute(
                    "SELECT final FROM mention WHERE doc_id=? ORDER BY idx", (doc_id,)
                )
            ]
            self._put_partials(ex, finals)
            self.documents.add(doc_id)
        self.index._cache.clear()
        restate = self._entities(sorted(self.dirty))
        implied = self._implied()
        touched = self.dirty | restate | implied
        renamed = self._slugs(touched)
        changed = {k for k in touched | renamed if _node(self.before.get(k)) != _node(self._row(k))}
        referrers = self._referrers(changed)
        update = Update(removed=removed)
        for key in sorted(touched | renamed | referrers):
            old = self.before.get(key) if key in self.before else self._row(key)
            if old is not None:
                update.old_iris.add(old[0])
        update.entities = {e.key: e for e in self.index.entities(touched | renamed | referrers)}
        self.documents |= self._documents_naming(changed)
        update.documents = self.documents - removed
        return update

    def _row(self, key: str) -> tuple[Any, ...] | None:
        return self.db.execute(
            "SELECT iri, kind, subtype, path, slug_base FROM entity WHERE key=?", (key,)
        ).fetchone()

    def _remember(self, key: str) -> None:
        if key not in self.before:
            self.before[key] = self._row(key)

    def _entities(self, keys: Sequence[str]) -> set[str]:
        """Write the entity rows of re-merged keys, then settle settlements in the regions the
        corpus names; return the settlements whose region changed."""
        db = self.db
        for key in keys:
            self._remember(key)
            row = db.execute("SELECT data FROM fold WHERE key=?", (key,)).fetchone()
            fold = Fold(marshal.loads(row[0]) if row else None)
            for added, part in self.deltas.get(key, ()):
                (fold.add if added else fold.remove)(part)
            if not fold.mentions:
                db.execute("DELETE FROM fold WHERE key=?", (key,))
                db.execute("DELETE FROM entity WHERE key=?", (key,))
                self.index._cache[key] = None
                continue
            db.execute(
                "INSERT OR REPLACE INTO fold VALUES (?, ?)", (key, marshal.dumps(fold.data()))
            )
            entity = self.index._cache[key] = fold_entity(key, fold)
            self._put_entity(entity, implied=False)
        old = self.index.meta("regions") or {}
        regions = self.index._regions()
        self.index.set_meta("regions", regions)
        moved = {
            admin for admin in old.keys() | regions.keys() if old.get(admin) != regions.get(admin)
        }
        restate = {
            k
            for admin in sorted(moved)
            for (k,) in db.execute("SELECT key FROM entity WHERE admin=?", ("|".join(admin),))
        }
        for key in sorted(restate | set(keys)):
            row = db.execute("SELECT admin, raw_state FROM entity WHERE key=?", (key,)).fetchone()
            if row is not None and row[0] is not None:
                self._remember(key)
                db.execute(
                    "UPDATE entity SET state=? WHERE key=?",
                    (regions.get(_admin(row[0]), row[1]), key),
                )
        return restate

    def _put_entity(self, entity: Entity, *, implied: bool) -> None:
        """An entity's row, with its state as its mentions give it (regions come after)."""
        admin, region = settlement_admin(entity), region_admin(entity)
        state = entity.state.value if entity.state else None
        row = self.db.execute("SELECT slug FROM entity WHERE key=?", (entity.key,)).fetchone()
        slug = row[0] if row else entity.slug  # kept until the clash groups are settled
        self.db.execute(
            "INSERT OR REPLACE INTO entity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity.key,
                entity.kind,
                entity.subtype,
                entity.path,
                entity.slug,
                slug,
                entity_iri(entity.kind, slug),
                state,
                state,
                entity.part_of.value if entity.part_of else None,
                "|".join(admin) if admin else None,
                "|".join(region) if region else None,
                int(implied),
            ),
        )

    def _implied(self) -> set[str]:
        """Entities facts point at but no document names: add the new ones, drop the old."""
        db = self.db
        wanted = {
            k
            for (k,) in db.execute(
                "SELECT raw_state FROM entity WHERE implied=0 AND raw_state IS NOT NULL "
                "UNION SELECT part_of FROM entity WHERE implied=0 AND part_of IS NOT NULL "
                "UNION SELECT key FROM named"
            )
        }
        have = {k for (k,) in db.execute("SELECT key FROM entity WHERE implied=0")}
        now = {e.key: e for e in implied_entities(wanted, have)}
        was = {k for (k,) in db.execute("SELECT key FROM entity WHERE implied=1")}
        for key in sorted(was - set(now)):
            self._remember(key)
            db.execute("DELETE FROM entity WHERE key=?", (key,))
        for key in sorted(set(now) - was):
            self._remember(key)
            self._put_entity(now[key], implied=True)
        return was ^ set(now)

    def _slugs(self, keys: set[str]) -> set[str]:
        """Give every clash group the touched keys were or are in its slugs; return the keys
        whose slug changed."""
        db = self.db
        groups = set()
        for key in keys:
            row = db.execute("SELECT path, slug_base FROM entity WHERE key=?", (key,)).fetchone()
            if row is not None:
                groups.add(row)
            old = self.before.get(key)
            if old is not None:  # its old group may now have a free slug
                groups.add(old[3:5])
        renamed = set()
        for path, base in sorted(groups):
            rows = db.execute(
                "SELECT key, slug, state, kind FROM entity WHERE path=? AND "
                "slug_base=? ORDER BY key",
                (path, base),
            ).fetchall()
            clashing = [
                Entity(
                    key=k,
                    kind=kind,
                    subtype=None,
                    label="",
                    slug=base,
                    aliases=(),
                    documents=(),
                    state=_evidenced(state),
                )
                for k, _, state, kind in rows
            ]
            for (key, slug, _, kind), new in zip(rows, unique_slugs(clashing), strict=True):
                if slug != new:
                    self._remember(key)
                    db.execute(
                        "UPDATE entity SET slug=?, iri=? WHERE key=?",
                        (new, entity_iri(kind, new), key),
                    )
                    renamed.add(key)
        return renamed

    def _referrers(self, keys: set[str]) -> set[str]:
        """Entities whose state or part-of edge points at one of the keys."""
        return self._column_in(
            "SELECT key FROM entity WHERE state IN ({marks}) OR part_of IN ({marks})", keys
        )

    def _documents_naming(self, keys: set[str]) -> set[str]:
        return self._column_in(
            "SELECT DISTINCT doc_id FROM mention WHERE final IN ({marks}) "
            "UNION SELECT doc_id FROM named WHERE key IN ({marks})",
            keys,
        )

    def _column_in(self, sql: str, keys: set[str]) -> set[str]:
        """The values of a one-column query over the keys, asked in chunks; the keys go
        wherever ``sql`` says ``{marks}``."""
        out: set[str] = set()
        for chunk in _chunks(sorted(keys)):
            args = chunk * sql.count("{marks}")
            out.update(v for (v,) in self.db.execute(sql.format(marks=_marks(chunk)), args))
        return out


class _Targets(Mapping[str, str]):
    """The merge-target table as a mapping, for :func:`chase`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __getitem__(self, key: str) -> str:
        row = self.db.execute("SELECT target FROM target WHERE key=?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def __contains__(self, key: object) -> bool:
        return self.db.execute("SELECT 1 FROM target WHERE key=?", (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self.db.execute("SELECT key FROM target"))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM target").fetchone()[0])


_DELETE = {
    "fullname": "surname=? AND key=? AND doc_id=?",
    "orgname": "name=? AND key=? AND doc_id=?",
    "acronym": "acr=? AND full=? AND doc_id=?",
    "longform": "name=? AND key=? AND doc_id=?",
    "initial": "letters=? AND key=? AND doc_id=?",
}


def _name_rows(doc_id: str, names: Names) -> dict[str, list[tuple[str, str, str]]]:
    """A document's rows in the name tables."""
    return {
        "fullname": [(s, k, doc_id) for s, k in sorted(names.full_names)],
        "orgname": [(name_of(k), k, doc_id) for k in sorted(names.org_names)],
        "acronym": [(a, f, doc_id) for a, f in sorted(names.acronyms)],
        "longform": [(n, k, doc_id) for n, k in sorted(names.long_forms)],
        "initial": sorted(
            {(short, k, doc_id) for n, k in names.long_forms if (short := initials(n)) is not None}
        ),
    }


def _admin(text: str) -> tuple[str, str]:
    country, _, admin1 = text.partition("|")
    return country, admin1


def _evidenced(value: str | None) -> Evidenced | None:
    return Evidenced(value) if value else None


def _node(row: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
    """What documents and other entities see of an entity row: IRI, kind and type."""
    return None if row is None else row[:3]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(chunk: Sequence[str]) -> str:
    return ", ".join("?" * len(chunk))
