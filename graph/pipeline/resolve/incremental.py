"""The incremental update: documents out of the corpus and in, and all that follows.

:func:`update` stores the documents as they come (so a large build streams), then follows the
consequences once: lone surnames whose candidates changed, organization merges whose targets
changed, the mentions they re-key, the entities whose partials changed, regions, implied
entities and slug clashes. It returns the entities to render and the documents to rewrite. A
full build is the same update from an empty index, and :func:`resolve_entities` the same
update in memory, so every path gives the same graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from graph.model import Document, Entity, Evidenced, Extraction, Names, Partial, Resolution
from graph.pipeline.index import CorpusIndex, Division, EntityRow, MentionKeys, Stored
from graph.pipeline.resolve.arguments import fact_keys
from graph.pipeline.resolve.entities import (
    EntityTally,
    enclosing_division,
    implied_entities,
    implied_entity,
    merged_entity,
    node,
    partials,
    region_division,
    unique_slugs,
    within_region,
)
from graph.pipeline.resolve.keys import (
    chase,
    document_names,
    given_keys,
    initials,
    lone_surname,
    merge_target,
    name_of,
    name_prefixes,
    pick_surname,
)
from graph.vocab import entity_iri

# A document's extraction by id: the update reads back the documents whose mentions it keys.
ReadExtraction = Callable[[str], Extraction]


@dataclass(frozen=True)
class Update:
    """What an update changed: the graph is brought up to date by rewriting ``documents``,
    dropping the graphs of ``removed``, and replacing the entity-graph quads of every IRI in
    ``old_iris`` and of every entity in ``entities``."""

    documents: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    entities: Mapping[str, Entity] = field(default_factory=dict)
    old_iris: frozenset[str] = frozenset()


def update(
    index: CorpusIndex,
    added: Iterable[tuple[Document, Extraction]] = (),
    removed: Iterable[str] = (),
    *,
    read: ReadExtraction,
) -> Update:
    """Take documents out of the index and put documents in (replacing those of the same
    id), then re-resolve what that touched. ``read`` gives back the extraction of a document
    in the index (or being added)."""
    change = _Change(index, read)
    for doc_id in removed:
        change.remove(doc_id)
    for document, extraction in added:
        change.add(document, extraction)
    return change.finish()


def resolution(index: CorpusIndex, doc_ids: Iterable[str]) -> Resolution:
    """The keys of the documents' mentions and the nodes they and their facts name."""
    by_mention = {}
    keys: set[str] = set()
    for doc_id in doc_ids:
        found = index.resolved_keys(doc_id)
        by_mention.update(found)
        keys.update(found.values())
        keys.update(index.fact_keys(doc_id))
    return Resolution(by_mention, index.nodes(keys))


def full_resolution(index: CorpusIndex, known: Mapping[str, Entity] | None = None) -> Resolution:
    """Every mention's key and every entity (``known``: entities as an update just made them,
    not made again)."""
    known = known or {}
    rest = graph_entities(index, [k for k in index.entity_keys() if k not in known])
    entities = tuple(sorted([*known.values(), *rest], key=lambda e: e.key))
    return Resolution(index.resolved_keys(), {e.key: node(e) for e in entities}, entities)


def resolve_entities(extractions: Iterable[Extraction]) -> Resolution:
    """Resolve documents in memory: the same update, over an index in memory."""
    by_id = {ex.doc_id: ex for ex in extractions}
    with CorpusIndex.memory() as index:
        documents = (
            (
                Document(
                    doc_id=ex.doc_id, source="", title="", text="", content_hash=ex.content_hash
                ),
                ex,
            )
            for ex in by_id.values()
        )
        done = update(index, documents, read=by_id.__getitem__)
        return full_resolution(index, done.entities)


def graph_entities(
    index: CorpusIndex, keys: Iterable[str], merged: Mapping[str, Entity | None] | None = None
) -> Iterator[Entity]:
    """Entities as the graph has them (settled state, unique slug), in key order; those in
    ``merged`` (by an update) are not merged again."""
    merged = merged or {}
    regions = _regions(index)
    for row in index.entities(keys):
        if row.implied:
            entity = implied_entity(row.key)
        else:
            entity = merged.get(row.key) or merged_entity(
                row.key, EntityTally(index.tally(row.key))
            )
        assert entity is not None, row.key
        yield replace(within_region(entity, regions), slug=row.slug)


class _Change:
    """One update in progress: documents taken out and put in, and what that touched. Lives
    for one call of :func:`update`."""

    def __init__(self, index: CorpusIndex, read: ReadExtraction) -> None:
        self.index = index
        self.read = read
        self.names: list[Names] = []  # of documents taken out or put in
        self.added: dict[str, Names] = {}  # documents put in, in order, with their names
        self.removed: set[str] = set()
        self.candidates_before: dict[str, set[str]] = {}  # surname -> full names, before
        self.deltas: dict[str, list[tuple[bool, Partial]]] = {}  # partials in (True) and out
        self.rekeyed: dict[str, set[str]] = {}  # documents re-keyed -> their resolved keys before
        self.documents: set[str] = set()  # documents whose graphs are rewritten
        self.before: dict[str, EntityRow | None] = {}  # entity rows before the update
        self.merged: dict[str, Entity | None] = {}  # entities merged by this update
        self.targets: dict[str, str] = {}  # organization merge targets, once documents are in

    # Documents in and out.

    def remove(self, doc_id: str) -> None:
        """Take a document out (nothing happens if it is not in)."""
        if self.index.has_document(doc_id):
            self._drop_document(doc_id)
            self.removed.add(doc_id)
            self.added.pop(doc_id, None)

    def add(self, document: Document, extraction: Extraction) -> None:
        if self.index.has_document(document.doc_id):
            self._drop_document(document.doc_id)
        names = document_names(extraction, given_keys(extraction))
        self._note_candidates(names)
        stored = Stored(document.doc_id, document.content_hash, extraction.version, document.source)
        self.index.put_document(stored, names, fact_keys([extraction]))
        self.documents.add(document.doc_id)
        self.names.append(names)
        self.added[document.doc_id] = names
        self.removed.discard(document.doc_id)

    def _note_candidates(self, names: Names) -> None:
        """The corpus candidates of the document's surnames, before it changes them."""
        for surname, _ in names.full_names:
            if surname not in self.candidates_before:
                self.candidates_before[surname] = self.index.full_names(surname)

    def _drop_document(self, doc_id: str) -> None:
        names = self.index.document_names(doc_id)
        self._note_candidates(names)
        self.names.append(names)
        self._drop_partials(doc_id, set(self.index.resolved_keys(doc_id).values()))
        self.index.drop_document(doc_id)

    def _put_mentions(self, ex: Extraction, names: Names, corpus: dict[str, set[str]]) -> None:
        """Key a new document's mentions and store its partials (``corpus``: the full names
        of each surname, as they now are, filled in as needed)."""
        local: dict[str, set[str]] = {}
        for name, key in names.full_names:
            local.setdefault(name, set()).add(key)
        mentions = []
        for idx, (mention, key) in enumerate(zip(ex.mentions, given_keys(ex), strict=True)):
            surname = lone_surname(mention, key)
            unmerged = key
            if surname is not None:
                if surname not in corpus:
                    corpus[surname] = self.index.full_names(surname)
                unmerged = pick_surname(key, local.get(surname, set()), corpus[surname])
            resolved = chase(unmerged, self.targets)
            mentions.append(MentionKeys(ex.doc_id, idx, surname, unmerged, resolved))
        self.index.put_mentions(mentions)
        self._put_partials(ex, [m.resolved_key for m in mentions])

    def _drop_partials(self, doc_id: str, keys: Iterable[str]) -> None:
        """Take the document's partials of these entities out."""
        for key in sorted(keys):
            part = self.index.take_partial(key, doc_id)
            if part is not None:
                self.deltas.setdefault(key, []).append((False, part))

    def _put_partials(self, ex: Extraction, resolved_keys: list[str]) -> None:
        made = partials(ex, resolved_keys)
        for key, part in made.items():
            self.deltas.setdefault(key, []).append((True, part))
        self.index.put_partials(ex.doc_id, made)

    # Re-keying mentions of other documents.

    def _surnames(self, changed: Iterable[str]) -> None:
        """Lone surnames whose corpus candidates changed are looked up again."""
        for surname in sorted(changed):
            corpus = self.index.full_names(surname)
            for mention in self.index.mentions_of_surname(surname):
                local = self.index.full_names(surname, mention.doc_id)
                unmerged = pick_surname(f"person:{surname}", local, corpus)
                if unmerged != mention.unmerged_key:
                    self._rekeying(mention.doc_id)
                    self.index.set_mention_keys(
                        mention.doc_id, mention.idx, unmerged, chase(unmerged, self.targets)
                    )

    def _merges(self, changes: Iterable[Names]) -> None:
        """Organization keys whose merge target may have changed get it again; mentions of
        every key whose chain of targets changed are re-keyed."""
        suspects: set[str] = set()
        for names in changes:
            for key in names.org_names:
                suspects.add(key)
                suspects.update(name_prefixes(key))
            letters = {acronym for acronym, _ in names.acronyms}
            for name, _ in names.long_forms:
                if (short := initials(name)) is not None:
                    letters.add(short)
                letters.update(self.index.acronyms_of(name))
            for short in letters:
                suspects.update(self.index.org_keys(short))
        changed = []
        for key in sorted(suspects):
            named = key in self.index.org_keys(name_of(key))
            target = merge_target(key, self.index) if named else None
            if self.targets.get(key) == target:
                continue
            changed.append(key)
            self.index.set_merge_target(key, target)
            if target is None:
                del self.targets[key]
            else:
                self.targets[key] = target
        affected = set(changed)
        todo = list(changed)
        while todo:  # keys whose chain runs through a changed key
            for source in self.index.merged_into(todo.pop()):
                if source not in affected:
                    affected.add(source)
                    todo.append(source)
        for key in sorted(affected):
            resolved = chase(key, self.targets)
            mentions = self.index.mentions_resolved_elsewhere(key, resolved)
            for doc_id in {m.doc_id for m in mentions}:
                self._rekeying(doc_id)
            self.index.set_resolved_keys(resolved, mentions)

    def _rekeying(self, doc_id: str) -> None:
        """Note a document's resolved keys before its first mention is re-keyed."""
        if doc_id not in self.rekeyed:
            self.rekeyed[doc_id] = set(self.index.resolved_keys(doc_id).values())

    # Entities.

    def finish(self) -> Update:
        """Re-resolve what the documents taken out and put in touched."""
        index = self.index
        self.targets = index.merge_targets()
        self._surnames(
            surname
            for surname, before in sorted(self.candidates_before.items())
            if index.full_names(surname) != before
        )
        self._merges(self.names)
        corpus: dict[str, set[str]] = {}
        for doc_id, names in self.added.items():
            self._put_mentions(self.read(doc_id), names, corpus)
        for doc_id in sorted(self.rekeyed.keys() - self.added.keys()):
            # Its partials are keyed by its old resolved keys, which the re-keying overwrote.
            self._drop_partials(doc_id, self.rekeyed[doc_id])
            self._put_partials(self.read(doc_id), list(index.resolved_keys(doc_id).values()))
            self.documents.add(doc_id)
        remerged = set(self.deltas)
        restated = self._entities(sorted(remerged))
        implied = self._implied()
        touched = remerged | restated | implied
        renamed = self._slugs(touched)
        changed = {
            k for k in touched | renamed if _node(self.before.get(k)) != _node(index.entity(k))
        }
        keys = touched | renamed | index.referrers(changed)
        old_iris = set()
        for key in sorted(keys):
            old = self.before[key] if key in self.before else index.entity(key)
            if old is not None:
                old_iris.add(old.iri)
        return Update(
            documents=frozenset((self.documents | index.documents_naming(changed)) - self.removed),
            removed=frozenset(self.removed),
            entities={e.key: e for e in graph_entities(index, keys, self.merged)},
            old_iris=frozenset(old_iris),
        )

    def _remember(self, key: str) -> None:
        if key not in self.before:
            self.before[key] = self.index.entity(key)

    def _entities(self, keys: list[str]) -> set[str]:
        """Write the entity rows of re-merged keys, then settle settlements in the regions the
        corpus names; return the settlements whose region changed."""
        index = self.index
        for key in keys:
            self._remember(key)
            tally = EntityTally(index.tally(key))
            for added, part in self.deltas.get(key, ()):
                (tally.add if added else tally.remove)(part)
            if not tally.mentions:
                index.set_tally(key, None)
                index.drop_entity(key)
                self.merged[key] = None
                continue
            index.set_tally(key, tally.data())
            entity = self.merged[key] = merged_entity(key, tally)
            self._put_entity(entity, implied=False)
        old = index.meta("regions") or {}
        regions = _regions(index)
        index.set_meta("regions", regions)
        moved = {
            division
            for division in old.keys() | regions.keys()
            if old.get(division) != regions.get(division)
        }
        restated = {key for division in sorted(moved) for key in index.settlements_in(division)}
        for key in sorted(restated | set(keys)):
            row = index.entity(key)
            if row is not None and row.settlement_division is not None:
                self._remember(key)
                index.set_state(key, regions.get(row.settlement_division, row.given_state))
        return restated

    def _put_entity(self, entity: Entity, *, implied: bool) -> None:
        """An entity's row, with its state as its mentions give it (regions come after)."""
        state = entity.state.value if entity.state else None
        row = self.index.entity(entity.key)
        slug = row.slug if row else entity.slug  # kept until the clash groups are settled
        self.index.put_entity(
            EntityRow(
                key=entity.key,
                kind=entity.kind,
                subtype=entity.subtype,
                path=entity.path,
                slug_base=entity.slug,
                slug=slug,
                iri=entity_iri(entity.kind, slug),
                state=state,
                given_state=state,
                part_of=entity.part_of.value if entity.part_of else None,
                settlement_division=enclosing_division(entity),
                region_division=region_division(entity),
                implied=implied,
            )
        )

    def _implied(self) -> set[str]:
        """Entities facts point at but no document names: add the new ones, drop the old."""
        index = self.index
        have = set(index.entity_keys(implied=False))
        now = {e.key: e for e in implied_entities(index.keys_pointed_at(), have)}
        was = set(index.entity_keys(implied=True))
        for key in sorted(was - now.keys()):
            self._remember(key)
            index.drop_entity(key)
        for key in sorted(now.keys() - was):
            self._remember(key)
            self._put_entity(now[key], implied=True)
        return was ^ now.keys()

    def _slugs(self, keys: set[str]) -> set[str]:
        """Give every clash group the touched keys were or are in its slugs; return the keys
        whose slug changed."""
        groups = set()
        for key in keys:
            for row in (self.index.entity(key), self.before.get(key)):
                if row is not None:  # its old group may now have a free slug
                    groups.add((row.path, row.slug_base))
        renamed = set()
        for path, base in sorted(groups):
            rows = self.index.clash_group(path, base)
            clashing = [
                Entity(
                    key=row.key,
                    kind=row.kind,
                    subtype=None,
                    label="",
                    slug=base,
                    aliases=(),
                    documents=(),
                    state=Evidenced(row.state) if row.state else None,
                )
                for row in rows
            ]
            for row, slug in zip(rows, unique_slugs(clashing), strict=True):
                if row.slug != slug:
                    self._remember(row.key)
                    self.index.set_slug(row.key, slug, entity_iri(row.kind, slug))
                    renamed.add(row.key)
        return renamed


def _regions(index: CorpusIndex) -> dict[Division, str]:
    """The region entity of each division the corpus names (the first by key)."""
    regions: dict[Division, str] = {}
    for key, division in index.regions():
        regions.setdefault(division, key)
    return regions


def _node(row: EntityRow | None) -> object:
    """What documents and other entities see of an entity row: IRI, kind and type."""
    return None if row is None else row.node
