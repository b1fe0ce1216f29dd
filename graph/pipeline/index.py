"""The corpus index: resolution state in SQLite, so a change re-resolves only what it touches.

A store and nothing more: rows in, rows out. How the rows are computed is
:mod:`graph.pipeline.resolve`'s business (its :func:`~graph.pipeline.resolve.update` asks for
rows and says what to write); this module knows the tables and nothing of the algorithm.

Per document it keeps its content hash, extractor version and source, what it put into the
corpus-wide name tables, the keys its facts name, each mention's keys (its lone surname, its
key before organization merges, its resolved key) and one :class:`~graph.model.Partial` per
entity it mentions. Per entity it keeps the tally of its partials and what other entities and
documents depend on: kind, type, slug, IRI, state, part-of; and the form of its quads in the
store. The documents themselves live in the per-document caches, from which the index is
rebuilt when it is missing or of another format.
"""

from __future__ import annotations

import marshal
import pickle
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from graph.model import EntityForm, MentionRef, Names, Node, Partial

SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE document(doc_id TEXT PRIMARY KEY, content_hash TEXT, version INTEGER,
                      source TEXT, names BLOB);
CREATE TABLE mention(doc_id TEXT, idx INTEGER, lone_surname TEXT, unmerged_key TEXT,
                     resolved_key TEXT, PRIMARY KEY (doc_id, idx)) WITHOUT ROWID;
CREATE INDEX mention_lone_surname ON mention(lone_surname) WHERE lone_surname IS NOT NULL;
CREATE INDEX mention_unmerged_key ON mention(unmerged_key);
CREATE INDEX mention_resolved_key ON mention(resolved_key, doc_id);
CREATE TABLE fact_key(key TEXT, doc_id TEXT, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE INDEX fact_key_doc ON fact_key(doc_id);
CREATE TABLE full_name(surname TEXT, key TEXT, doc_id TEXT,
                       PRIMARY KEY (surname, key, doc_id)) WITHOUT ROWID;
CREATE TABLE org_name(name TEXT, key TEXT, doc_id TEXT,
                      PRIMARY KEY (name, key, doc_id)) WITHOUT ROWID;
CREATE TABLE acronym(acronym TEXT, long_form TEXT, doc_id TEXT,
                     PRIMARY KEY (acronym, long_form, doc_id)) WITHOUT ROWID;
CREATE INDEX acronym_long_form ON acronym(long_form);
CREATE TABLE long_form(name TEXT, key TEXT, doc_id TEXT,
                       PRIMARY KEY (name, key, doc_id)) WITHOUT ROWID;
CREATE TABLE initials(letters TEXT, key TEXT, doc_id TEXT,
                      PRIMARY KEY (letters, key, doc_id)) WITHOUT ROWID;
CREATE TABLE merge_target(key TEXT PRIMARY KEY, target TEXT) WITHOUT ROWID;
CREATE INDEX merge_target_target ON merge_target(target);
CREATE TABLE partial(key TEXT, doc_id TEXT, data BLOB, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
CREATE TABLE tally(key TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
CREATE TABLE entity(key TEXT PRIMARY KEY, kind TEXT, subtype TEXT, path TEXT, slug_base TEXT,
                    slug TEXT, iri TEXT, state TEXT, given_state TEXT, part_of TEXT,
                    settlement_division TEXT, region_division TEXT, implied INTEGER)
                    WITHOUT ROWID;
CREATE INDEX entity_slug ON entity(path, slug_base);
CREATE INDEX entity_state ON entity(state);
CREATE INDEX entity_part_of ON entity(part_of);
CREATE INDEX entity_settlement_division ON entity(settlement_division)
    WHERE settlement_division IS NOT NULL;
CREATE INDEX entity_region_division ON entity(region_division)
    WHERE region_division IS NOT NULL;
CREATE TABLE form(iri TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
"""
# Bump when the schema or what a row means changes: an older index is then rebuilt from the
# per-document caches (as it is by another Python, whose marshal format may differ).
FORMAT = f"4-py{sys.version_info[0]}.{sys.version_info[1]}"
CHUNK = 500  # keys per IN (...) query, well under SQLite's variable limit

# The name tables: a document's rows in each, as (table, columns, its Names field).
_NAME_TABLES = (
    ("full_name", "surname=? AND key=? AND doc_id=?", "full_names"),
    ("org_name", "name=? AND key=? AND doc_id=?", "org_names"),
    ("acronym", "acronym=? AND long_form=? AND doc_id=?", "acronyms"),
    ("long_form", "name=? AND key=? AND doc_id=?", "long_forms"),
    ("initials", "letters=? AND key=? AND doc_id=?", "initials"),
)

Division = tuple[str, str]  # a country code and a GeoNames first-level division


@dataclass(frozen=True)
class Stored:
    """A document as the index has it."""

    doc_id: str
    content_hash: str
    version: int
    source: str


@dataclass(frozen=True)
class MentionKeys:
    """A mention's keys: the lone surname it may stand for (a one-word person mention), its
    key once surnames are joined to full names but before organizations are merged into
    longer names, and its resolved key (the entity it is a mention of)."""

    doc_id: str
    idx: int
    lone_surname: str | None
    unmerged_key: str
    resolved_key: str


@dataclass(frozen=True)
class EntityRow:
    """What documents and other entities depend on of an entity. ``given_state`` is the
    state its mentions (or reference data) give; ``state`` is that, or the region the corpus
    names for the division a settlement lies in."""

    key: str
    kind: str
    subtype: str | None
    path: str
    slug_base: str  # the slug of its label; ``slug`` may carry a suffix against a clash
    slug: str
    iri: str
    state: str | None
    given_state: str | None
    part_of: str | None
    settlement_division: Division | None  # the division a gazetteer settlement lies in
    region_division: Division | None  # the division a region is
    implied: bool  # named by no document: implied by facts or by another entity

    @property
    def node(self) -> Node:
        return Node(self.iri, self.kind, self.subtype)


class StaleIndex(Exception):
    """The index file is of another format or unreadable: rebuild it."""


class CorpusIndex(AbstractContextManager["CorpusIndex"]):
    """Resolution state of a corpus in an SQLite database (a file, or memory)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

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

    # Meta values.

    def meta(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def set_meta(self, name: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)),
        )

    # Documents: what each put into the name tables and the keys its facts name.

    def stored(self) -> dict[str, Stored]:
        """Every document in the index, by id."""
        return {
            row[0]: Stored(*row)
            for row in self.db.execute("SELECT doc_id, content_hash, version, source FROM document")
        }

    def has_document(self, doc_id: str) -> bool:
        found = self.db.execute("SELECT 1 FROM document WHERE doc_id=?", (doc_id,)).fetchone()
        return found is not None

    def put_document(self, stored: Stored, names: Names, fact_keys: Iterable[str]) -> None:
        """A new document, its rows in the name tables and the keys its facts name."""
        doc_id = stored.doc_id
        self.db.execute(
            "INSERT INTO document VALUES (?, ?, ?, ?, ?)",
            (doc_id, stored.content_hash, stored.version, stored.source, _dump_names(names)),
        )
        self.db.executemany(
            "INSERT INTO fact_key VALUES (?, ?)", [(k, doc_id) for k in sorted(fact_keys)]
        )
        for table, _, field in _NAME_TABLES:
            self.db.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)", _name_rows(names, field, doc_id)
            )

    def document_names(self, doc_id: str) -> Names:
        """What a document put into the name tables."""
        row = self.db.execute("SELECT names FROM document WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return _load_names(row[0])

    def drop_document(self, doc_id: str) -> None:
        """Take a document's rows out: its own, its mentions', its name and fact-key rows
        (not its partials, which the caller takes out one by one)."""
        names = self.document_names(doc_id)
        for table, where, field in _NAME_TABLES:
            self.db.executemany(
                f"DELETE FROM {table} WHERE {where}", _name_rows(names, field, doc_id)
            )
        for table in ("document", "mention", "fact_key"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))

    def fact_keys(self, doc_id: str) -> set[str]:
        rows = self.db.execute("SELECT key FROM fact_key WHERE doc_id=?", (doc_id,))
        return {k for (k,) in rows}

    # The name tables.

    def full_names(self, surname: str, doc_id: str | None = None) -> set[str]:
        """Keys of the full-named people of a surname (in one document, or any)."""
        if doc_id is None:
            rows = self.db.execute("SELECT DISTINCT key FROM full_name WHERE surname=?", (surname,))
        else:
            rows = self.db.execute(
                "SELECT key FROM full_name WHERE surname=? AND doc_id=?", (surname, doc_id)
            )
        return {k for (k,) in rows}

    def org_keys(self, name: str) -> set[str]:
        """Keys of the organizations and units named ``name``."""
        rows = self.db.execute("SELECT DISTINCT key FROM org_name WHERE name=?", (name,))
        return {k for (k,) in rows}

    def org_keys_beginning(self, prefix: str) -> set[str]:
        """Keys of the organizations and units whose names begin with ``prefix``."""
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past the prefix
        rows = self.db.execute(
            "SELECT DISTINCT key FROM org_name WHERE name >= ? AND name < ?", (prefix, after)
        )
        return {k for (k,) in rows}

    def long_form_counts(self, acronym: str) -> dict[str, int]:
        """The long forms given for an acronym, with the number of documents giving each."""
        rows = self.db.execute(
            "SELECT long_form, COUNT(*) FROM acronym WHERE acronym=? GROUP BY long_form",
            (acronym,),
        )
        return dict(rows.fetchall())

    def acronyms_of(self, long_form: str) -> set[str]:
        rows = self.db.execute(
            "SELECT DISTINCT acronym FROM acronym WHERE long_form=?", (long_form,)
        )
        return {a for (a,) in rows}

    def keys_by_long_form(self, name: str) -> set[str]:
        rows = self.db.execute("SELECT DISTINCT key FROM long_form WHERE name=?", (name,))
        return {k for (k,) in rows}

    def keys_by_initials(self, letters: str) -> set[str]:
        rows = self.db.execute("SELECT DISTINCT key FROM initials WHERE letters=?", (letters,))
        return {k for (k,) in rows}

    # Organization merge targets.

    def merge_targets(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, target FROM merge_target").fetchall())

    def set_merge_target(self, key: str, target: str | None) -> None:
        if target is None:
            self.db.execute("DELETE FROM merge_target WHERE key=?", (key,))
        else:
            self.db.execute("INSERT OR REPLACE INTO merge_target VALUES (?, ?)", (key, target))

    def merged_into(self, target: str) -> set[str]:
        """The keys whose merge target is ``target``."""
        rows = self.db.execute("SELECT key FROM merge_target WHERE target=?", (target,))
        return {k for (k,) in rows}

    # Mentions' keys.

    def put_mentions(self, mentions: Iterable[MentionKeys]) -> None:
        self.db.executemany(
            "INSERT INTO mention VALUES (?, ?, ?, ?, ?)",
            [(m.doc_id, m.idx, m.lone_surname, m.unmerged_key, m.resolved_key) for m in mentions],
        )

    def mentions_of_surname(self, surname: str) -> list[MentionKeys]:
        """The mentions that are this lone surname."""
        rows = self.db.execute("SELECT * FROM mention WHERE lone_surname=?", (surname,))
        return [MentionKeys(*row) for row in rows.fetchall()]

    def set_mention_keys(self, doc_id: str, idx: int, unmerged_key: str, resolved: str) -> None:
        self.db.execute(
            "UPDATE mention SET unmerged_key=?, resolved_key=? WHERE doc_id=? AND idx=?",
            (unmerged_key, resolved, doc_id, idx),
        )

    def mentions_resolved_elsewhere(self, unmerged_key: str, resolved: str) -> list[MentionRef]:
        """The mentions of an unmerged key whose resolved key is not ``resolved``."""
        rows = self.db.execute(
            "SELECT doc_id, idx FROM mention WHERE unmerged_key=? AND resolved_key!=?",
            (unmerged_key, resolved),
        )
        return [MentionRef(*row) for row in rows.fetchall()]

    def set_resolved_keys(self, resolved: str, mentions: Iterable[MentionRef]) -> None:
        self.db.executemany(
            "UPDATE mention SET resolved_key=? WHERE doc_id=? AND idx=?",
            [(resolved, m.doc_id, m.index) for m in mentions],
        )

    def resolved_keys(self, doc_id: str | None = None) -> dict[MentionRef, str]:
        """The resolved key of every mention (of one document, or of all), in order."""
        if doc_id is None:
            rows = self.db.execute("SELECT doc_id, idx, resolved_key FROM mention")
        else:
            rows = self.db.execute(
                "SELECT doc_id, idx, resolved_key FROM mention WHERE doc_id=? ORDER BY idx",
                (doc_id,),
            )
        return {MentionRef(d, i): k for d, i, k in rows.fetchall()}

    def documents_naming(self, keys: Iterable[str]) -> set[str]:
        """Documents with a mention resolved to one of the keys, or a fact naming one."""
        return self._column_in(
            "SELECT DISTINCT doc_id FROM mention WHERE resolved_key IN ({marks}) "
            "UNION SELECT doc_id FROM fact_key WHERE key IN ({marks})",
            keys,
        )

    # Partials and their tallies.

    def put_partials(self, doc_id: str, partials: Mapping[str, Partial]) -> None:
        self.db.executemany(
            "INSERT INTO partial VALUES (?, ?, ?)",
            [(key, doc_id, marshal.dumps(tuple(part))) for key, part in partials.items()],
        )

    def take_partial(self, key: str, doc_id: str) -> Partial | None:
        """Take a document's partial of an entity out, and return it (None: there is none)."""
        row = self.db.execute(
            "SELECT data FROM partial WHERE key=? AND doc_id=?", (key, doc_id)
        ).fetchone()
        if row is None:
            return None
        self.db.execute("DELETE FROM partial WHERE key=? AND doc_id=?", (key, doc_id))
        return Partial(*marshal.loads(row[0]))

    def tally(self, key: str) -> tuple[Any, ...] | None:
        """The plain values of an entity's tally of partials, if it has one."""
        row = self.db.execute("SELECT data FROM tally WHERE key=?", (key,)).fetchone()
        return None if row is None else marshal.loads(row[0])

    def set_tally(self, key: str, data: tuple[Any, ...] | None) -> None:
        if data is None:
            self.db.execute("DELETE FROM tally WHERE key=?", (key,))
        else:
            self.db.execute(
                "INSERT OR REPLACE INTO tally VALUES (?, ?)", (key, marshal.dumps(data))
            )

    # Entities.

    def entity(self, key: str) -> EntityRow | None:
        row = self.db.execute("SELECT * FROM entity WHERE key=?", (key,)).fetchone()
        return None if row is None else _entity_row(row)

    def entities(self, keys: Iterable[str]) -> list[EntityRow]:
        """The rows of those of the keys that are entities, in key order."""
        out = []
        for chunk in _chunks(sorted(set(keys))):
            rows = self.db.execute(
                f"SELECT * FROM entity WHERE key IN ({_marks(chunk)}) ORDER BY key", chunk
            )
            out += [_entity_row(row) for row in rows.fetchall()]
        return out

    def entity_keys(self, *, implied: bool | None = None) -> list[str]:
        """Every entity's key (or those named by no document, or those named), in order."""
        if implied is None:
            rows = self.db.execute("SELECT key FROM entity ORDER BY key")
        else:
            rows = self.db.execute(
                "SELECT key FROM entity WHERE implied=? ORDER BY key", (int(implied),)
            )
        return [k for (k,) in rows]

    def put_entity(self, row: EntityRow) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO entity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.key,
                row.kind,
                row.subtype,
                row.path,
                row.slug_base,
                row.slug,
                row.iri,
                row.state,
                row.given_state,
                row.part_of,
                _division_text(row.settlement_division),
                _division_text(row.region_division),
                int(row.implied),
            ),
        )

    def drop_entity(self, key: str) -> None:
        self.db.execute("DELETE FROM entity WHERE key=?", (key,))

    def set_state(self, key: str, state: str | None) -> None:
        self.db.execute("UPDATE entity SET state=? WHERE key=?", (state, key))

    def set_slug(self, key: str, slug: str, iri: str) -> None:
        self.db.execute("UPDATE entity SET slug=?, iri=? WHERE key=?", (slug, iri, key))

    def clash_group(self, path: str, slug_base: str) -> list[EntityRow]:
        """The entities whose slugs would clash, in key order."""
        rows = self.db.execute(
            "SELECT * FROM entity WHERE path=? AND slug_base=? ORDER BY key", (path, slug_base)
        )
        return [_entity_row(row) for row in rows.fetchall()]

    def regions(self) -> list[tuple[str, Division]]:
        """(key, division) of every region that is a first-level division, in key order."""
        rows = self.db.execute(
            "SELECT key, region_division FROM entity WHERE region_division IS NOT NULL ORDER BY key"
        )
        return [(key, _division(text)) for key, text in rows]

    def settlements_in(self, division: Division) -> set[str]:
        rows = self.db.execute(
            "SELECT key FROM entity WHERE settlement_division=?", (_division_text(division),)
        )
        return {k for (k,) in rows}

    def keys_pointed_at(self) -> set[str]:
        """The keys that named entities' states and part-of edges and facts point at."""
        rows = self.db.execute(
            "SELECT given_state FROM entity WHERE implied=0 AND given_state IS NOT NULL "
            "UNION SELECT part_of FROM entity WHERE implied=0 AND part_of IS NOT NULL "
            "UNION SELECT key FROM fact_key"
        )
        return {k for (k,) in rows}

    def referrers(self, keys: Iterable[str]) -> set[str]:
        """Entities whose state or part-of edge points at one of the keys."""
        return self._column_in(
            "SELECT key FROM entity WHERE state IN ({marks}) OR part_of IN ({marks})", keys
        )

    def nodes(self, keys: Iterable[str]) -> dict[str, Node]:
        """The IRI and type of each of the keys that is an entity."""
        nodes = {}
        for chunk in _chunks(sorted(set(keys))):
            for key, iri, kind, subtype in self.db.execute(
                f"SELECT key, iri, kind, subtype FROM entity WHERE key IN ({_marks(chunk)})", chunk
            ):
                nodes[key] = Node(iri, kind, subtype)
        return nodes

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

    def _column_in(self, sql: str, keys: Iterable[str]) -> set[str]:
        """The values of a one-column query over the keys, asked in chunks; the keys go
        wherever ``sql`` says ``{marks}``."""
        out: set[str] = set()
        for chunk in _chunks(sorted(set(keys))):
            args = chunk * sql.count("{marks}")
            out.update(v for (v,) in self.db.execute(sql.format(marks=_marks(chunk)), args))
        return out


def _name_rows(names: Names, field: str, doc_id: str) -> list[tuple[str, ...]]:
    """A document's rows in one name table (organizations are found by name, then key)."""
    if field == "org_names":
        return [(key.split(":", 1)[1], key, doc_id) for key in sorted(names.org_names)]
    return [(*pair, doc_id) for pair in sorted(getattr(names, field))]


def _dump_names(names: Names) -> bytes:
    return marshal.dumps(
        (
            names.full_names,
            names.org_names,
            names.acronyms,
            names.long_forms,
            names.initials,
        )
    )


def _load_names(data: bytes) -> Names:
    return Names(*marshal.loads(data))


def _entity_row(row: Sequence[Any]) -> EntityRow:
    key, kind, subtype, path, slug_base, slug, iri, state, given_state, part_of = row[:10]
    settlement, region, implied = row[10:]
    return EntityRow(
        key=key,
        kind=kind,
        subtype=subtype,
        path=path,
        slug_base=slug_base,
        slug=slug,
        iri=iri,
        state=state,
        given_state=given_state,
        part_of=part_of,
        settlement_division=_division(settlement) if settlement else None,
        region_division=_division(region) if region else None,
        implied=bool(implied),
    )


def _division(text: str) -> Division:
    country, _, admin1 = text.partition("|")
    return country, admin1


def _division_text(division: Division | None) -> str | None:
    return "|".join(division) if division else None


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(chunk: Sequence[str]) -> str:
    return ", ".join("?" * len(chunk))
