"""Mentions merged into entities: a document's partials, their tally, and the entity.

A document contributes one :class:`~graph.model.Partial` per entity its mentions resolve to;
an entity's :class:`EntityTally` adds them up, and :func:`merged_entity` reads the entity off
the tally. Then the steps over the whole corpus: entities that facts imply but no document
names, settlements placed in the regions the corpus names, and slugs made unique.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from graph import reference
from graph.divisions import Division, divisions
from graph.model import (
    COUNTRY,
    MILITARY_UNIT,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    SETTLEMENT,
    Entity,
    Evidenced,
    EvidenceSpan,
    Extraction,
    Mention,
    Node,
    Partial,
)
from graph.pipeline.ingest import slugify
from graph.reference import fold, strip_possessive
from graph.vocab import entity_iri

# Partials: what one document says about one entity; an entity is their tally.


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


class EntityTally:
    """An entity's partials added up. Adding is order-independent and can be undone, so a
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


def merged_entity(key: str, tally: EntityTally) -> Entity:
    """An entity from the tally of its partials; every tie is broken by value, so the result
    does not depend on the order documents came in."""
    kinds, subtypes, names, full_names, regional = tally.counters
    roles, states, serving = tally.evidence
    # The tagger often calls a unit or a person an ORG; the more specific reading wins.
    kind = next(
        (k for k in (MILITARY_UNIT, PERSON) if k in kinds and ORGANIZATION in kinds), None
    ) or _most_common(kinds)
    subtype = _most_common(subtypes) if subtypes else None
    first_name = tally.firsts[tally.documents[0]] if tally.documents else ""
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
    entity = Entity(
        key=key,
        kind=kind,
        subtype=subtype,
        label=label,
        slug=slugify(label) or "x",
        aliases=tuple(sorted(a for a in tally.aliases if a and a != label)),
        documents=tuple(tally.documents),
        mention_count=tally.mentions,
        roles=tuple(Evidenced(role, tuple(sorted(roles[role]))) for role in sorted(roles)),
        state=state,
        part_of=part_of,
        lat=lat,
        lon=lon,
        geonameid=geonameid,
    )
    if subtype == REGION:
        lat, lon = _coordinates(entity)
        entity = replace(entity, lat=lat, lon=lon)
    return entity


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


# Regions and slugs: the last steps, over entities of the whole corpus.


def enclosing_division(entity: Entity) -> tuple[str, str] | None:
    """The first-level division (country, GeoNames admin1 code) a place lies in: a gazetteer
    settlement's own, and a lower region's ("Jajarkot district") its namesake town's."""
    if entity.subtype == SETTLEMENT and entity.geonameid is not None:
        place = reference.settlements().by_id.get(entity.geonameid)
        return (place.country_code, place.admin1) if place is not None else None
    town = _namesake_town(entity)
    if town is None or region_division(entity) is not None or _first_level(entity.label):
        return None
    return (town.country_code, town.admin1)


def region_division(entity: Entity) -> tuple[str, str] | None:
    """The first-level division a region is: the one of its name in its country ("Shan
    state", "Norte de Santander", "the Kursk region"); else, for a region named with a
    first-level word, the division of its namesake town ("the Kharkiv region", whose
    GeoNames name is an adjective)."""
    record = _division_record(entity)
    if record is not None:
        return (record.country_code, record.code) if record.code else None
    town = _namesake_town(entity)
    if town is not None and town.admin1 and _first_level(entity.label):
        return (town.country_code, town.admin1)
    return None


def _division_record(entity: Entity) -> Division | None:
    """The divisions-table record of a region, in the region's own country."""
    country = _region_country(entity)
    if country is None:
        return None
    record = divisions().lookup(entity.key.split(":", 1)[1], frozenset({country}))
    return record if record is not None and record.country_code == country else None


def _namesake_town(entity: Entity) -> reference.Settlement | None:
    country = _region_country(entity)
    if country is None:
        return None
    town = reference.settlements().lookup(entity.key.split(":", 1)[1], frozenset({country}))
    return town if town is not None and town.country_code == country and town.admin1 else None


def _region_country(entity: Entity) -> str | None:
    if entity.subtype != REGION or entity.state is None:
        return None
    kind, _, code = entity.state.value.partition(":")
    return code if kind == "country" else None


def _first_level(label: str) -> bool:
    """Whether a region's name calls it a first-level division ("the Kharkiv region",
    "Kursk oblast") rather than a lower one ("Isfara district", "Mbour department")."""
    words = fold(label).split()
    return bool(words) and words[-1] not in reference.lexicon()["second_level_words"]


def _coordinates(entity: Entity) -> tuple[float | None, float | None]:
    """Where the map shows a region: its division's centroid, else its namesake town."""
    record = _division_record(entity)
    if record is not None and record.lat is not None:
        return record.lat, record.lon
    town = _namesake_town(entity)
    return (town.lat, town.lon) if town is not None else (None, None)


def within_region(entity: Entity, regions: Mapping[tuple[str, str], str]) -> Entity:
    """A settlement (or lower region) lies in the region of its division, where the corpus
    names one."""
    division = enclosing_division(entity)
    within = regions.get(division) if division is not None else None
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
