"""Resolve: mentions from many documents -> one :class:`Entity` per real-world entity.

Mentions whose identity the rules already know (countries, a state's armed forces, GeoNames
settlements, regions) are grouped by key. People are grouped by first and last name, and a
lone surname joins the one person of that surname in the same document (or, failing that,
in the corpus). Organizations and units join a longer name they begin ("the Carnegie
Endowment" -> "Carnegie Endowment for International Peace") and an acronym given in
parentheses or spelled by their initials. Each entity gets a canonical label, its aliases
(every other surface form, metonyms included) and a readable, collision-free slug.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from graph import reference
from graph.extract import (
    COUNTRY,
    MILITARY_UNIT,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    SETTLEMENT,
    Extraction,
    Mention,
)
from graph.facts import Arg, Relation
from graph.ingest import slugify
from graph.reference import fold, strip_possessive


class MentionRef(NamedTuple):
    """Where a mention lives: document id and position in that document's extraction.

    A named tuple, not a dataclass: a corpus has hundreds of thousands of them as dict keys,
    and tuples hash and compare in C.
    """

    doc_id: str
    index: int  # type: ignore[assignment]  # shadows tuple.index, unused here


@dataclass(frozen=True)
class Evidenced:
    """A value (a role, or the key of a related entity) and the mentions that state it.

    No mentions means the value comes from reference data (the gazetteer), not the text.
    """

    value: str
    refs: tuple[MentionRef, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A canonical entity with everything the RDF builder needs."""

    key: str
    kind: str
    subtype: str | None
    label: str
    slug: str
    aliases: tuple[str, ...]
    mentions: tuple[MentionRef, ...]
    roles: tuple[Evidenced, ...] = ()
    state: Evidenced | None = None
    part_of: Evidenced | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(frozen=True)
class Resolution:
    """All entities of a corpus and the entity of every mention."""

    entities: tuple[Entity, ...]
    by_mention: dict[MentionRef, str]

    @functools.cached_property
    def by_key(self) -> dict[str, Entity]:
        """Entities by key, built once: builders look entities up once per relation."""
        return {entity.key: entity for entity in self.entities}


def resolve_entities(extractions: Iterable[Extraction],
                     named_keys: Iterable[str] | None = None) -> Resolution:
    """Group the mentions of all documents into entities.

    ``named_keys`` are the keys the documents' facts name directly; by default they are
    read from the extractions (pass them when the extractions carry mentions only).
    """
    extractions = list(extractions)
    keys: dict[MentionRef, str] = {}
    mentions: dict[MentionRef, Mention] = {}
    for ex in extractions:
        doc_keys = _document_keys(ex)
        for index, mention in enumerate(ex.mentions):
            ref = MentionRef(ex.doc_id, index)
            mentions[ref] = mention
            keys[ref] = doc_keys[index]
    _attach_surnames(keys, mentions)
    _merge_names(keys, mentions, extractions)
    groups: dict[str, list[MentionRef]] = defaultdict(list)
    for ref in sorted(keys):
        groups[keys[ref]].append(ref)
    entities = [_entity(key, [mentions[r] for r in refs], refs) for key, refs in groups.items()]
    implied = _implied(entities, fact_keys(extractions) if named_keys is None
                       else named_keys)
    entities = _unique_slugs(_within_regions(entities + implied))
    return Resolution(tuple(sorted(entities, key=lambda e: e.key)), keys)


def _document_keys(ex: Extraction) -> list[str]:
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


def _attach_surnames(keys: dict[MentionRef, str], mentions: dict[MentionRef, Mention]) -> None:
    """A one-word name joins the unique full-named person with that surname."""
    by_doc: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    corpus: dict[str, set[str]] = defaultdict(set)
    for ref, key in keys.items():
        if key.startswith("person:") and " " in key:
            for surname in reference.surname_keys(key):
                by_doc[ref.doc_id][surname].add(key)
                corpus[surname].add(key)
    for ref, key in keys.items():
        if mentions[ref].kind != PERSON or " " in key:
            continue
        word = key.split(":", 1)[1]
        local, everywhere = by_doc[ref.doc_id].get(word, set()), corpus.get(word, set())
        for candidates in (local, everywhere):
            if len(candidates) == 1:
                keys[ref] = next(iter(candidates))
                break


def _merge_names(keys: dict[MentionRef, str], mentions: dict[MentionRef, Mention],
                 extractions: list[Extraction]) -> None:
    """Organizations and units: prefixes of longer names, and acronyms, join the long name."""
    named = {key for ref, key in keys.items()
             if mentions[ref].kind in (ORGANIZATION, MILITARY_UNIT)
             and key.startswith(("organization:", "org:", "unit:"))}
    names = {key: key.split(":", 1)[1] for key in named}
    target: dict[str, str] = {}
    for key, name in names.items():
        longer = [k for k, other in names.items()
                  if k != key and other.startswith(name + " ") and k[:4] == key[:4]]
        if len(longer) == 1:
            target[key] = longer[0]
    acronyms = {fold(a): fold(strip_possessive(full)) for ex in extractions
                for a, full in ex.acronyms}
    # Long forms by every name they go by, including national forces and state bodies
    # ("Sudanese Armed Forces" is forces:SD), so an acronym can join any of them.
    long_forms: dict[str, set[str]] = defaultdict(set)
    for ref, key in keys.items():
        mention = mentions[ref]
        if mention.kind in (ORGANIZATION, MILITARY_UNIT) and not mention.text.isupper():
            for text in (mention.text, mention.name):
                long_forms[fold(strip_possessive(text)).removeprefix("the ")].add(key)
    initials: dict[str, set[str]] = defaultdict(set)
    for name, owners in long_forms.items():
        words = [w for w in name.replace("-", " ").split()
                 if w not in ("of", "the", "for", "and", "de")]
        if len(words) > 1:
            initials["".join(w[0] for w in words)].update(owners)
    for key, name in names.items():
        if " " in name:
            continue
        full = acronyms.get(name)
        matches = long_forms.get(full, set()) if full else initials.get(name, set())
        matches = matches - {key}
        if len(matches) == 1:
            target[key] = next(iter(matches))
    for ref, key in keys.items():
        seen = {key}
        while key in target and target[key] not in seen:
            key = target[key]
            seen.add(key)
        keys[ref] = key


def _entity(key: str, group: list[Mention], refs: list[MentionRef]) -> Entity:
    kinds = {m.kind for m in group}
    # The tagger often calls a unit or a person an ORG; the more specific reading wins.
    kind = next((k for k in (MILITARY_UNIT, PERSON) if k in kinds and ORGANIZATION in kinds),
                None) or _majority(m.kind for m in group) or group[0].kind
    subtype = _majority(m.subtype for m in group)
    label = _label(key, kind, group)
    # "the general" refers to Gerasimov but is no name of his: evidence, not an alias.
    texts = {text for m in group if m.rule != "title-reference" for text in (m.text, m.name)}
    surface = {strip_possessive(" ".join(text.split())) for text in texts}
    aliases = tuple(sorted(a for a in surface if a and a != label))
    role_refs: dict[str, list[MentionRef]] = defaultdict(list)
    state_refs: dict[str, list[MentionRef]] = defaultdict(list)
    for mention, ref in zip(group, refs, strict=True):
        for role in mention.roles:
            role_refs[role].append(ref)
        if mention.state:
            state_refs[f"country:{mention.state}"].append(ref)
    roles = tuple(Evidenced(role, tuple(r)) for role, r in role_refs.items())
    state = None
    if kind == PERSON:
        # "a Sudan analyst" says what the analyst studies, not whom they serve.
        private = set(reference.lexicon()["private_titles"])
        serving = {r for r, m in zip(refs, group, strict=True)
                   if any(role.lower() not in private for role in m.roles)}
        state_refs = {k: kept for k, v in state_refs.items()
                      if (kept := [r for r in v if r in serving])}
    if state_refs and not key.startswith("country:"):
        best = max(state_refs, key=lambda k: len(state_refs[k]))
        # Reference data (not a sentence) is the evidence for a gazetteer settlement's state.
        evidence = () if key.startswith("geonames:") else tuple(state_refs[best])
        state = Evidenced(best, evidence)
    part_of = None
    if (kind == MILITARY_UNIT and state and not key.startswith("forces:")
            and in_armed_forces(key.split(":", 1)[0])):
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
    return Entity(key=key, kind=kind, subtype=subtype, label=label, slug=slugify(label) or "x",
                  aliases=aliases, mentions=tuple(refs), roles=roles, state=state,
                  part_of=part_of, lat=lat, lon=lon, geonameid=geonameid)


def _implied(entities: list[Entity], extra: Iterable[str] = ()) -> list[Entity]:
    """States, armed forces and state bodies that facts point at but the text never names.

    "Israeli forces" implies Israel; "Russia's 810th Brigade" implies the Russian armed
    forces; "Russian Chief of General Staff" implies the Russian General Staff. They become
    nodes without mentions, so every edge has both ends.
    """
    have = {e.key for e in entities}
    wanted = {ref.value for e in entities for ref in (e.state, e.part_of) if ref} | set(extra)
    table = reference.countries()
    lex = reference.lexicon()
    out: list[Entity] = []
    for key in sorted(wanted - have):
        kind, _, code = key.partition(":")
        country = table.by_code.get(code)
        if country is None:
            continue
        if kind == "country":
            out.append(Entity(key=key, kind=PLACE, subtype=COUNTRY, label=country.name,
                              slug=slugify(country.name), aliases=(), mentions=(),
                              lat=country.lat, lon=country.lon))
            continue
        if kind == "forces":
            label = f"{country.demonym} armed forces"
            part_of = None
        else:
            group = "branches" if kind in lex["branches"] else "state_bodies"
            if kind not in lex[group]:
                continue
            label = lex[group][kind]["label"].format(demonym=country.demonym,
                                                     country=country.name)
            part_of = (Evidenced(f"forces:{code}")
                       if group == "branches" and in_armed_forces(kind) else None)
        out.append(Entity(key=key, kind=MILITARY_UNIT if group_is_military(kind) else
                          ORGANIZATION, subtype=None, label=label, slug=slugify(label),
                          aliases=(), mentions=(), state=Evidenced(f"country:{code}"),
                          part_of=part_of))
    if out:
        return out + [e for e in _implied(entities + out) if e.key not in have]
    return out


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
    """"led by" means commander of a unit, leader of a state, chief of anything else; only
    the resolved object (an acronym may turn out to be a unit) can tell which."""
    if relation.rule != "led-by":
        return relation.predicate
    key = arg_key(resolution, doc_id, relation.object) or ""
    entity = resolution.by_key.get(key)
    if entity is not None and entity.kind == MILITARY_UNIT:
        return "commanderOf"
    if entity is not None and entity.subtype == COUNTRY:
        return "leaderOf"
    return relation.predicate if relation.predicate == "commanderOf" else "chiefOf"


def arg_key(resolution: Resolution, doc_id: str, arg: Arg) -> str | None:
    """The entity key a fact's argument resolves to."""
    if arg.key:
        return arg.key
    if arg.mention is None:
        return None
    return resolution.by_mention.get(MentionRef(doc_id, arg.mention))


def _within_regions(entities: list[Entity]) -> list[Entity]:
    """Settlements lie in the region named after their region's capital, per GeoNames.

    Many regions are named after their administrative centre (the Kursk region, Sumy
    region, Khartoum state); GeoNames gives every settlement its first-level division, so
    a settlement with the same division as the region's namesake city lies in that region.
    """
    gazetteer = reference.settlements()
    regions: dict[tuple[str, str], str] = {}
    for entity in entities:
        if entity.subtype != REGION or entity.state is None:
            continue
        stem = entity.key.split(":", 1)[1]
        code = entity.state.value.split(":", 1)[1]
        region = gazetteer.region_code(stem, frozenset({code}))
        if region is not None and region[0] == code:
            regions.setdefault(region, entity.key)
    if not regions:
        return entities
    out = []
    for entity in entities:
        if entity.subtype == SETTLEMENT and entity.geonameid is not None:
            place = gazetteer.by_id.get(entity.geonameid)
            within = regions.get((place.country_code, place.admin1)) if place else None
            if within is not None:
                entity = replace(entity, state=Evidenced(within))
        out.append(entity)
    return out


def _majority(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _label(key: str, kind: str, group: list[Mention]) -> str:
    if key.startswith("country:"):
        return group[0].name
    if kind == PERSON:
        full = [m.name for m in group if len(m.name.split()) > 1]
        names = Counter(full or [m.name for m in group])
        return max(names, key=lambda n: (names[n], len(n)))
    if any(m.subtype == REGION for m in group):
        regional = Counter(" ".join(m.text.split()) for m in group if m.rule == "region")
        if regional:
            return max(regional, key=lambda n: (regional[n], len(n)))
    if key.startswith("geonames:"):
        return group[0].name
    names = Counter(m.name for m in group)
    return max(names, key=lambda n: (names[n], len(n), n))


def _unique_slugs(entities: list[Entity]) -> list[Entity]:
    """Give clashing slugs of the same kind a suffix from their key, deterministically."""
    by_slug: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in sorted(entities, key=lambda e: e.key):
        by_slug[(_path(entity), entity.slug)].append(entity)
    out: list[Entity] = []
    for clashing in by_slug.values():
        out.append(clashing[0])
        for entity in clashing[1:]:
            state = entity.state.value.split(":", 1)[1] if entity.state else ""
            suffix = slugify(state) or slugify(entity.key.split(":", 1)[1])
            out.append(_with_slug(entity, f"{entity.slug}-{suffix}"))
    return out


def _with_slug(entity: Entity, slug: str) -> Entity:
    return replace(entity, slug=slug)


def _path(entity: Entity) -> str:
    return {PERSON: "person", ORGANIZATION: "organization", MILITARY_UNIT: "unit"}.get(
        entity.kind, "place")

