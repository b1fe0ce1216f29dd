"""Resolve: mentions from many documents -> one :class:`Entity` per real-world entity.

Mentions whose identity the rules already know (countries, a state's armed forces, GeoNames
settlements, regions) are grouped by key. People are grouped by first and last name, and a
lone surname joins the one person of that surname in the same document (or, failing that,
in the corpus). Organizations and units join a longer name they begin ("the Carnegie
Endowment" -> "Carnegie Endowment for International Peace") and an acronym given in
parentheses or spelled by their initials. Each entity gets a canonical label, its aliases
(every other surface form, metonyms included) and a readable, collision-free slug.

Everything is built so that a corpus can be resolved a document at a time
(:mod:`graph.pipeline.index` keeps the state): a document contributes :class:`Names` to the
corpus-wide name tables and one :class:`Partial` per entity it mentions, and an entity is
the merge of its partials in document order. :func:`resolve_entities` runs the same steps
in memory.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from graph import reference
from graph.model import (
    COUNTRY,
    MILITARY_UNIT,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    SETTLEMENT,
    Arg,
    Document,
    Entity,
    Evidenced,
    EvidenceSpan,
    Extraction,
    Mention,
    MentionRef,
    Names,
    Node,
    Partial,
    Relation,
    Resolution,
)
from graph.pipeline.ingest import slugify
from graph.reference import fold, strip_possessive
from graph.vocab import entity_iri

# A document's keys and what it tells about names across the corpus.


def base_keys(ex: Extraction) -> list[str]:
    """Each mention's key as the document alone gives it."""
    keys = []
    for mention in ex.mentions:
        if mention.key:
            keys.append(mention.key)
        elif mention.kind == PERSON:
            keys.append(_person_key(mention.name))
        else:
            keys.append(f"{mention.kind}:{fold(mention.name)}")
    return keys


def _person_key(name: str) -> str:
    words = fold(name).replace(".", " ").split()
    return "person:" + (f"{words[0]} {words[-1]}" if len(words) > 1 else words[0])


def lone_surname(mention: Mention, key: str) -> str | None:
    """The surname a one-word person mention may stand for, else None."""
    if mention.kind != PERSON or " " in key:
        return None
    return key.split(":", 1)[1]


def document_names(ex: Extraction, keys: Sequence[str]) -> Names:
    full: set[tuple[str, str]] = set()
    orgs: set[str] = set()
    long_forms: set[tuple[str, str]] = set()
    for mention, key in zip(ex.mentions, keys, strict=True):
        if key.startswith("person:") and " " in key:
            full.update((surname, key) for surname in reference.surname_keys(key))
        if mention.kind in (ORGANIZATION, MILITARY_UNIT):
            if key.startswith(("organization:", "org:", "unit:")):
                orgs.add(key)
            # Long forms by every name they go by, including national forces and state
            # bodies ("Sudanese Armed Forces" is forces:SD), so an acronym can join any.
            if not mention.text.isupper():
                for text in (mention.text, mention.name):
                    long_forms.add((fold(strip_possessive(text)).removeprefix("the "), key))
    acronyms = {(fold(a), fold(strip_possessive(full_form))) for a, full_form in ex.acronyms}
    return Names(frozenset(full), frozenset(orgs), frozenset(acronyms), frozenset(long_forms))


def initials(name: str) -> str | None:
    """The initials a long form is abbreviated by ("rapid support forces" -> "rsf")."""
    words = [
        w for w in name.replace("-", " ").split() if w not in ("of", "the", "for", "and", "de")
    ]
    return "".join(w[0] for w in words) if len(words) > 1 else None


def pick_surname(key: str, local: set[str], corpus: set[str]) -> str:
    """A lone surname joins the one full name of the document, else of the corpus."""
    for candidates in (local, corpus):
        if len(candidates) == 1:
            return next(iter(candidates))
    return key


def pick_acronym(counts: Mapping[str, int]) -> str:
    """The long form of an acronym the most documents give (ties: the first by name)."""
    return min(counts, key=lambda full: (-counts[full], full))


def name_of(key: str) -> str:
    return key.split(":", 1)[1]


def name_prefixes(key: str) -> list[str]:
    """The keys (of the same kind) whose names begin this one's: the keys it may absorb."""
    kind, name = key.split(":", 1)
    return [f"{kind}:{name[:i]}" for i, char in enumerate(name) if char == " " and i]


class NameTables(Protocol):
    """The corpus-wide name tables an organization's merge target is read from."""

    def longer(self, key: str) -> set[str]:
        """Organization keys of the same kind whose names begin with this one's plus a word."""

    def acronym(self, name: str) -> str | None:
        """The long form the corpus gives for an acronym."""

    def owners(self, long_form: str) -> set[str]:
        """Keys of the entities that go by a long form."""

    def by_initials(self, letters: str) -> set[str]:
        """Keys of the entities whose long form has these initials."""


def merge_target(key: str, tables: NameTables) -> str | None:
    """The longer name an organization or unit key joins: the one name it begins, or the one
    its acronym stands for."""
    target = None
    longer = tables.longer(key)
    if len(longer) == 1:
        target = next(iter(longer))
    name = name_of(key)
    if " " not in name:
        full = tables.acronym(name)
        matches = tables.owners(full) if full else tables.by_initials(name)
        matches = matches - {key}
        if len(matches) == 1:
            target = next(iter(matches))
    return target


def chase(key: str, targets: Mapping[str, str]) -> str:
    """Follow merge targets to the end (a cycle stops where it would repeat)."""
    seen = {key}
    while key in targets and targets[key] not in seen:
        key = targets[key]
        seen.add(key)
    return key


# Partials: what one document says about one entity; an entity is their merge, a Fold.


def partials(ex: Extraction, keys: Sequence[str]) -> dict[str, Partial]:
    """One partial per entity key the document's mentions resolve to."""
    groups: dict[str, list[Mention]] = {}
    for mention, key in zip(ex.mentions, keys, strict=True):
        groups.setdefault(key, []).append(mention)
    return {key: _partial(ex.doc_id, group) for key, group in groups.items()}


def _partial(doc_id: str, group: list[Mention]) -> Partial:
    private = set(reference.lexicon()["private_titles"])
    kinds = Counter(m.kind for m in group)
    roles: dict[str, list[EvidenceSpan]] = {}
    states: dict[str, list[EvidenceSpan]] = {}
    serving: dict[str, list[EvidenceSpan]] = {}
    for m in group:
        span = (doc_id, m.start, m.end)
        for role in m.roles:
            roles.setdefault(role, []).append(span)
        if m.state:
            states.setdefault(f"country:{m.state}", []).append(span)
            # "a Sudan analyst" says what the analyst studies, not whom they serve.
            if any(role.lower() not in private for role in m.roles):
                serving.setdefault(f"country:{m.state}", []).append(span)
    # "the general" refers to Gerasimov but is no name of his: evidence, not an alias.
    texts = {text for m in group if m.rule != "title-reference" for text in (m.text, m.name)}
    return Partial(
        doc_id=doc_id,
        mentions=len(group),
        kinds=dict(kinds),
        subtypes=dict(Counter(m.subtype for m in group if m.subtype)),
        names=dict(Counter(m.name for m in group)),
        full_names=dict(Counter(m.name for m in group if len(m.name.split()) > 1)),
        regional=dict(Counter(" ".join(m.text.split()) for m in group if m.rule == "region")),
        first_name=group[0].name,
        aliases=frozenset(strip_possessive(" ".join(t.split())) for t in texts),
        roles={role: tuple(refs) for role, refs in roles.items()},
        states={state: tuple(refs) for state, refs in states.items()},
        serving={state: tuple(refs) for state, refs in serving.items()},
    )


class Fold:
    """An entity's partials merged. Merging is order-independent and can be undone, so a
    document's partial is added or taken away without reading the entity's other partials
    (a hub named in thousands of documents costs no more than a rare name)."""

    __slots__ = ("aliases", "counters", "documents", "evidence", "firsts", "mentions")

    def __init__(self, data: tuple[Any, ...] | None = None) -> None:
        if data is None:
            data = (0, [], ({}, {}, {}, {}, {}), {}, {}, ({}, {}, {}))
        self.mentions: int = data[0]
        self.documents: list[str] = list(data[1])  # sorted
        # kinds, subtypes, names, full names, regional names: value -> mentions
        self.counters: tuple[dict[str, int], ...] = data[2]
        self.firsts: dict[str, str] = data[3]  # document -> its first name of the entity
        self.aliases: dict[str, int] = data[4]  # alias -> documents that use it
        # roles, states, states of serving mentions: value -> evidence
        self.evidence: tuple[dict[str, list[EvidenceSpan]], ...] = data[5]

    def data(self) -> tuple[Any, ...]:
        """Plain values, for marshal."""
        return (
            self.mentions,
            self.documents,
            self.counters,
            self.firsts,
            self.aliases,
            self.evidence,
        )

    def add(self, part: Partial) -> None:
        self.mentions += part.mentions
        bisect.insort(self.documents, part.doc_id)
        for counter, counts in zip(self.counters, part[2:7], strict=True):
            for value, n in counts.items():
                counter[value] = counter.get(value, 0) + n
        self.firsts[part.doc_id] = part.first_name
        for alias in part.aliases:
            self.aliases[alias] = self.aliases.get(alias, 0) + 1
        for merged, given in zip(
            self.evidence, (part.roles, part.states, part.serving), strict=True
        ):
            for value, spans in given.items():
                merged.setdefault(value, []).extend(spans)

    def remove(self, part: Partial) -> None:
        self.mentions -= part.mentions
        self.documents.remove(part.doc_id)
        for counter, counts in zip(self.counters, part[2:7], strict=True):
            for value, n in counts.items():
                if (left := counter[value] - n) > 0:
                    counter[value] = left
                else:
                    del counter[value]
        del self.firsts[part.doc_id]
        for alias in part.aliases:
            if (left := self.aliases[alias] - 1) > 0:
                self.aliases[alias] = left
            else:
                del self.aliases[alias]
        for merged, given in zip(
            self.evidence, (part.roles, part.states, part.serving), strict=True
        ):
            for value in given:
                if kept := [span for span in merged[value] if span[0] != part.doc_id]:
                    merged[value] = kept
                else:
                    del merged[value]


def fold_entity(key: str, fold: Fold) -> Entity:
    """An entity from its merged partials; every tie is broken by value, so the result
    does not depend on the order documents came in."""
    kinds, subtypes, names, full_names, regional = fold.counters
    roles, states, serving = fold.evidence
    # The tagger often calls a unit or a person an ORG; the more specific reading wins.
    kind = next(
        (k for k in (MILITARY_UNIT, PERSON) if k in kinds and ORGANIZATION in kinds), None
    ) or _most_common(kinds)
    subtype = _most_common(subtypes) if subtypes else None
    first_name = fold.firsts[fold.documents[0]] if fold.documents else ""
    label = _label(key, kind, first_name, names, full_names, regional, subtypes)
    # A person's state comes only from mentions that give a serving role.
    states = serving if kind == PERSON else states
    state = None
    if states and not key.startswith("country:"):
        best = min(states, key=lambda k: (-len(states[k]), k))
        # Reference data (not a sentence) is the evidence for a gazetteer settlement's state.
        evidence = () if key.startswith("geonames:") else tuple(sorted(states[best]))
        state = Evidenced(best, evidence)
    part_of = None
    if (
        kind == MILITARY_UNIT
        and state
        and not key.startswith("forces:")
        and in_armed_forces(key.split(":", 1)[0])
    ):
        part_of = Evidenced("forces:" + state.value.split(":", 1)[1], state.refs)
    lat = lon = None
    geonameid = None
    if key.startswith("country:"):
        country = reference.countries().by_code.get(key.split(":", 1)[1])
        if country is not None:
            lat, lon = country.lat, country.lon
    elif key.startswith("geonames:"):
        geonameid = int(key.split(":", 1)[1])
        place = reference.settlements().by_id.get(geonameid)
        if place is not None:
            lat, lon = place.lat, place.lon
    return Entity(
        key=key,
        kind=kind,
        subtype=subtype,
        label=label,
        slug=slugify(label) or "x",
        aliases=tuple(sorted(a for a in fold.aliases if a and a != label)),
        documents=tuple(fold.documents),
        mention_count=fold.mentions,
        roles=tuple(Evidenced(role, tuple(sorted(roles[role]))) for role in sorted(roles)),
        state=state,
        part_of=part_of,
        lat=lat,
        lon=lon,
        geonameid=geonameid,
    )


def _most_common(counts: dict[str, int]) -> str:
    """The most frequent value; ties go to the first by value."""
    return min(counts, key=lambda value: (-counts[value], value))


def _most_used(counts: dict[str, int]) -> str:
    """The most frequent name; ties go to the longest, then the first by value."""
    return min(counts, key=lambda name: (-counts[name], -len(name), name))


def _label(
    key: str,
    kind: str,
    first_name: str,
    names: dict[str, int],
    full_names: dict[str, int],
    regional: dict[str, int],
    subtypes: dict[str, int],
) -> str:
    if key.startswith("country:"):
        return first_name
    if kind == PERSON:
        return _most_used(full_names or names)
    if REGION in subtypes and regional:
        return _most_used(regional)
    if key.startswith("geonames:"):
        return first_name
    return max(names, key=lambda n: (names[n], len(n), n))


def implied_entities(wanted: Iterable[str], have: Iterable[str]) -> list[Entity]:
    """States, armed forces and state bodies that facts point at but the text never names.

    "Israeli forces" implies Israel; "Russia's 810th Brigade" implies the Russian armed
    forces; "Russian Chief of General Staff" implies the Russian General Staff. They become
    nodes without mentions, so every edge has both ends.
    """
    known = set(have)
    out: list[Entity] = []
    todo = sorted(set(wanted) - known)
    while todo:
        found = [e for e in map(implied_entity, todo) if e is not None]
        out += found
        known.update(e.key for e in found)
        todo = sorted({ref.value for e in found for ref in (e.state, e.part_of) if ref} - known)
    return out


@functools.lru_cache(maxsize=4096)
def implied_entity(key: str) -> Entity | None:
    """The entity a key names from reference data alone, if it names one."""
    kind, _, code = key.partition(":")
    country = reference.countries().by_code.get(code)
    if country is None:
        return None
    if kind == "country":
        return Entity(
            key=key,
            kind=PLACE,
            subtype=COUNTRY,
            label=country.name,
            slug=slugify(country.name),
            aliases=(),
            documents=(),
            lat=country.lat,
            lon=country.lon,
        )
    lex = reference.lexicon()
    if kind == "forces":
        label = f"{country.demonym} armed forces"
        part_of = None
    else:
        group = "branches" if kind in lex["branches"] else "state_bodies"
        if kind not in lex[group]:
            return None
        label = lex[group][kind]["label"].format(demonym=country.demonym, country=country.name)
        part_of = (
            Evidenced(f"forces:{code}") if group == "branches" and in_armed_forces(kind) else None
        )
    return Entity(
        key=key,
        kind=MILITARY_UNIT if group_is_military(kind) else ORGANIZATION,
        subtype=None,
        label=label,
        slug=slugify(label),
        aliases=(),
        documents=(),
        state=Evidenced(f"country:{code}"),
        part_of=part_of,
    )


def in_armed_forces(kind: str) -> bool:
    """Whether units of this kind (a branch key, or any other key prefix) belong to their
    state's armed forces."""
    branch = reference.lexicon()["branches"].get(kind)
    return branch is None or branch.get("armed_forces", True)


def group_is_military(kind: str) -> bool:
    """Armed forces and branches are military units; state bodies are organizations."""
    return kind == "forces" or kind in reference.lexicon()["branches"]


def fact_keys(extractions: Iterable[Extraction]) -> set[str]:
    """Entity keys that events, relations and claims name directly (not via a mention)."""
    keys: set[str] = set()
    for ex in extractions:
        facts = ex.facts
        args = [a for e in facts.events for a in e.args]
        args += [a for r in facts.relations for a in (r.subject, r.object)]
        args += [a for c in facts.claims for a in c.claimants]
        keys.update(a.key for a in args if a.key)
    return keys


def relation_predicate(relation: Relation, resolution: Resolution, doc_id: str) -> str:
    """ "led by" means commander of a unit, leader of a state, chief of anything else; only
    the resolved object (an acronym may turn out to be a unit) can tell which."""
    if relation.rule != "led-by":
        return relation.predicate
    node = resolution.nodes.get(arg_key(resolution, doc_id, relation.object) or "")
    if node is not None and node.kind == MILITARY_UNIT:
        return "commanderOf"
    if node is not None and node.subtype == COUNTRY:
        return "leaderOf"
    return relation.predicate if relation.predicate == "commanderOf" else "chiefOf"


def arg_key(resolution: Resolution, doc_id: str, arg: Arg) -> str | None:
    """The entity key a fact's argument resolves to."""
    if arg.key:
        return arg.key
    if arg.mention is None:
        return None
    return resolution.by_mention.get(MentionRef(doc_id, arg.mention))


# Regions and slugs: the last steps, over entities of the whole corpus.


def settlement_admin(entity: Entity) -> tuple[str, str] | None:
    """A gazetteer settlement's country and first-level division."""
    if entity.subtype != SETTLEMENT or entity.geonameid is None:
        return None
    place = reference.settlements().by_id.get(entity.geonameid)
    return (place.country_code, place.admin1) if place is not None else None


def region_admin(entity: Entity) -> tuple[str, str] | None:
    """The division a region is, when it is named after its capital.

    Many regions are named after their administrative centre (the Kursk region, Sumy
    region, Khartoum state); GeoNames gives every settlement its first-level division, so
    a settlement with the same division as the region's namesake city lies in that region.
    """
    if entity.subtype != REGION or entity.state is None:
        return None
    stem = entity.key.split(":", 1)[1]
    code = entity.state.value.split(":", 1)[1]
    region = reference.settlements().region_code(stem, frozenset({code}))
    return region if region is not None and region[0] == code else None


def within_region(entity: Entity, regions: Mapping[tuple[str, str], str]) -> Entity:
    """A settlement lies in the region of its division, where the corpus names one."""
    admin = settlement_admin(entity)
    within = regions.get(admin) if admin is not None else None
    return entity if within is None else replace(entity, state=Evidenced(within))


def unique_slugs(clashing: Sequence[Entity]) -> list[str]:
    """Slugs for entities whose slugs clash (same path and slug), in key order: the first
    keeps its slug, the others get a suffix from their state or key."""
    out = []
    for n, entity in enumerate(sorted(clashing, key=lambda e: e.key)):
        if n == 0:
            out.append(entity.slug)
            continue
        state = entity.state.value.split(":", 1)[1] if entity.state else ""
        suffix = slugify(state) or slugify(entity.key.split(":", 1)[1])
        out.append(f"{entity.slug}-{suffix}")
    return out


def node(entity: Entity) -> Node:
    return Node(entity_iri(entity.kind, entity.slug), entity.kind, entity.subtype)


def resolve_entities(extractions: Iterable[Extraction]) -> Resolution:
    """Resolve documents in memory: the steps of :class:`graph.index.CorpusIndex`."""
    from graph.pipeline.index import CorpusIndex

    with CorpusIndex.memory() as index:
        batch = index.begin()
        for ex in extractions:
            batch.add(
                Document(
                    doc_id=ex.doc_id, source="", title="", text="", content_hash=ex.content_hash
                ),
                ex,
                fact_keys([ex]),
            )
        batch.finish()
        return index.resolution(full=True)
