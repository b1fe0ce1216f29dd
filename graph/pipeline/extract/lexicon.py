"""The extraction rules' vocabulary, read once from ``graph/data/*.yaml`` and frozen.

The rules in :mod:`.entities`, :mod:`.events`, :mod:`.claims` and :mod:`.relations` compare
parse tokens with word lists and tables; keeping those as data lets a reviewer read and
extend the vocabulary without reading the code. ``events.yaml`` has the event classes, their
triggers and the reporting verbs, ``relations.yaml`` the titles and relation cues,
``leaders.yaml`` the leaders' terms, ``entities.yaml`` the entity rules' word lists.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph import reference


@dataclass(frozen=True)
class EventClass:
    """An event class's codes; ``counted`` keeps an event naming nobody when it is counted."""

    plover: str
    cameo: str | None
    counted: bool


@dataclass(frozen=True)
class LeaderTerm:
    """One term of office from the leaders' dictionary (``last`` is None while in office)."""

    state: str
    first: int
    last: int | None


@dataclass(frozen=True)
class FactLexicon:
    """Triggers, reporting verbs, titles and the word lists of the fact rules."""

    # events.yaml: triggers
    classes: Mapping[str, EventClass]
    verb_triggers: Mapping[str, str]
    noun_triggers: Mapping[str, str]
    phrasal_triggers: Mapping[tuple[str, str], str]
    object_triggers: Mapping[tuple[str, str], str]  # (verb, object) -> class
    light_verbs: frozenset[str]
    negations: frozenset[str]
    # events.yaml: what keeps a trigger from asserting that its event happened
    modals: frozenset[str]
    conditional_marks: frozenset[str]
    asserting_governors: frozenset[str]
    attempt_verbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    generic_determiners: frozenset[str]
    undergo_verbs: frozenset[str]
    hazard_nouns: frozenset[str]
    victim_subject_verbs: frozenset[str]
    place_preps: frozenset[str]
    target_preps: frozenset[str]
    sequence_words: frozenset[str]
    # events.yaml: arguments
    force_words: frozenset[str]
    military_objects: frozenset[str]
    air_and_sea: frozenset[str]
    spokes_nouns: frozenset[str]
    area_nouns: frozenset[str]  # lexicon.yaml
    # events.yaml: claims
    reporting_verbs: Mapping[str, str]
    claim_nouns: Mapping[str, str]
    sourcing_preps: Mapping[str, str]  # "according to" -> stance
    group_nouns: frozenset[str]
    opposed_stances: Mapping[str, frozenset[str]]
    anaphoric_nouns: frozenset[str]
    casualty_words: frozenset[str]
    # relations.yaml and leaders.yaml
    role_titles: Mapping[tuple[str, ...], tuple[str, str]]
    # Folded full name, or a lone surname, -> the terms of office it names.
    leader_terms: Mapping[str, tuple[LeaderTerm, ...]]
    organization_titles: Mapping[str, str]
    member_only_modifiers: frozenset[str]
    past_modifiers: frozenset[str]
    shared_leader_titles: frozenset[str]
    backing_verbs: frozenset[str]
    basing_verbs: frozenset[str]
    lead_verbs: Mapping[str, str]
    mission_nouns: frozenset[str]
    place_nouns: frozenset[str]
    government_nouns: frozenset[str]
    place_sizes: Mapping[str, int]
    division_levels: Mapping[str, int]  # a region's kind word -> its level (3 = top)
    membership_verbs: Mapping[str, str]  # verb -> the preposition of its object ("" direct)
    alliance_nouns: frozenset[str]
    alliance_member_nouns: frozenset[str]
    composition_verbs: Mapping[str, str]  # verb -> its particle and preposition ("up of")
    family_nouns: frozenset[str]
    state_body_words: frozenset[str]
    international_words: frozenset[str]
    civil_body_words: frozenset[str]
    control_classes: frozenset[str]


@dataclass(frozen=True)
class EntityWords:
    """The word lists of the entity rules (``entities.yaml``)."""

    locative_words: frozenset[str]
    name_particles: frozenset[str]
    role_modifiers: frozenset[str]
    place_cues: frozenset[str]
    place_cue_nouns: frozenset[str]
    unit_words: frozenset[str]
    group_nouns: frozenset[str]
    national_force_names: tuple[str, ...]  # tried in order
    # Nouns that type a name beside them, by kind; words inside a name; verbs of persons.
    kind_nouns: Mapping[str, str]
    armed_name_words: frozenset[str]
    company_words: frozenset[str]
    member_nouns: frozenset[str]
    person_verbs: frozenset[str]
    person_passive_verbs: frozenset[str]


def load_data(name: str) -> dict[str, Any]:
    """One YAML file of ``graph/data`` (:func:`graph.reference.data_file`)."""
    return reference.data_file(name)


@functools.cache
def lexicon() -> FactLexicon:
    """The fact rules' vocabulary, loaded once per process."""
    events, relations = load_data("events.yaml"), load_data("relations.yaml")
    words = functools.partial(_words, events)
    relation_words = functools.partial(_words, relations)
    return FactLexicon(
        classes={
            name: EventClass(spec["plover"], spec.get("cameo"), bool(spec.get("counted")))
            for name, spec in events["classes"].items()
        },
        verb_triggers=_first_class(events["classes"], "verbs"),
        noun_triggers=_first_class(events["classes"], "nouns"),
        phrasal_triggers={
            (verb, particle): name
            for name, spec in events["classes"].items()
            for verb, particle in (phrase.split() for phrase in spec.get("particles", ()))
        },
        object_triggers={
            (verb, obj): name
            for name, spec in events["classes"].items()
            for group in spec.get("with_objects", ())
            for verb in group["verbs"]
            for obj in group["objects"]
        },
        light_verbs=words("light_verbs"),
        negations=words("negations"),
        modals=words("modals"),
        conditional_marks=words("conditional_marks"),
        asserting_governors=words("asserting_governors"),
        attempt_verbs=words("attempt_verbs"),
        hypothetical_heads=words("hypothetical_heads"),
        generic_determiners=words("generic_determiners"),
        undergo_verbs=words("undergo_verbs"),
        hazard_nouns=words("hazard_nouns"),
        victim_subject_verbs=words("victim_subject_verbs"),
        place_preps=words("place_preps"),
        target_preps=words("target_preps"),
        sequence_words=words("sequence_words"),
        force_words=words("force_words"),
        military_objects=words("military_objects"),
        air_and_sea=words("air_and_sea"),
        spokes_nouns=words("spokes_nouns"),
        area_nouns=frozenset(reference.lexicon()["area_nouns"]),
        reporting_verbs=_by_word(events["reporting"]),
        claim_nouns=_by_word(events["claim_nouns"]),
        sourcing_preps=_by_word(events["sourcing_preps"]),
        group_nouns=words("group_nouns"),
        opposed_stances=_symmetric(events["opposed"]),
        anaphoric_nouns=words("anaphoric_nouns"),
        casualty_words=words("casualty_words"),
        role_titles={
            tuple(title.split()): (predicate, spec["target"])
            for predicate, spec in relations["roles"].items()
            for title in spec["titles"]
        },
        leader_terms=_leader_terms(load_data("leaders.yaml")["leaders"]),
        organization_titles=dict(relations["organization_titles"]),
        member_only_modifiers=relation_words("member_only_modifiers"),
        past_modifiers=relation_words("past_modifiers"),
        shared_leader_titles=relation_words("shared_leader_titles"),
        backing_verbs=relation_words("backing_verbs"),
        basing_verbs=relation_words("basing_verbs"),
        lead_verbs=dict(relations["lead_verbs"]),
        mission_nouns=relation_words("mission_nouns"),
        place_nouns=relation_words("place_nouns"),
        government_nouns=relation_words("government_nouns"),
        place_sizes=dict(relations["place_sizes"]),
        division_levels=dict(relations["division_levels"]),
        membership_verbs=dict(relations["membership_verbs"]),
        alliance_nouns=relation_words("alliance_nouns"),
        alliance_member_nouns=relation_words("alliance_member_nouns"),
        composition_verbs=dict(relations["composition_verbs"]),
        family_nouns=relation_words("family_nouns"),
        state_body_words=relation_words("state_body_words"),
        international_words=relation_words("international_words"),
        civil_body_words=relation_words("civil_body_words"),
        control_classes=relation_words("control_classes"),
    )


@functools.cache
def entity_words() -> EntityWords:
    """The entity rules' word lists, loaded once per process."""
    data = load_data("entities.yaml")
    words = functools.partial(_words, data)
    return EntityWords(
        locative_words=words("locative_words"),
        name_particles=words("name_particles"),
        role_modifiers=words("role_modifiers"),
        place_cues=words("place_cues"),
        place_cue_nouns=words("place_cue_nouns"),
        unit_words=words("unit_words"),
        group_nouns=words("group_nouns"),
        national_force_names=tuple(data["national_force_names"]),
        kind_nouns={
            noun: kind
            for kind in ("person", "organization", "military_unit")
            for noun in data[f"{kind}_nouns"]
        },
        armed_name_words=words("armed_name_words"),
        company_words=words("company_words"),
        member_nouns=words("member_nouns"),
        person_verbs=words("person_verbs"),
        person_passive_verbs=words("person_passive_verbs"),
    )


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(data[key])


def _first_class(classes: dict[str, Any], field: str) -> dict[str, str]:
    """Trigger word -> event class; a word listed under two classes keeps the first."""
    found: dict[str, str] = {}
    for name, spec in classes.items():
        for word in spec.get(field, ()):
            found.setdefault(word, name)
    return found


def _by_word(stances: dict[str, list[str]]) -> dict[str, str]:
    """Word -> stance; a word listed under two stances keeps the last."""
    return {word: stance for stance, listed in stances.items() for word in listed}


def _symmetric(opposed: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Stance -> the stances it contradicts, both ways round."""
    pairs: dict[str, set[str]] = {}
    for stance, others in opposed.items():
        for other in others:
            pairs.setdefault(stance, set()).add(other)
            pairs.setdefault(other, set()).add(stance)
    return {stance: frozenset(others) for stance, others in pairs.items()}


def _leader_terms(entries: list[dict[str, Any]]) -> dict[str, tuple[LeaderTerm, ...]]:
    """Folded full names, aliases and lone surnames -> the terms of office they name."""
    terms: dict[str, list[LeaderTerm]] = {}
    for entry in entries:
        term = LeaderTerm(entry["state"], int(entry["from"]), entry.get("to"))
        for name in (entry["name"], *entry.get("aliases", ())):
            for key in {reference.fold(name), *reference.surname_keys(name)}:
                terms.setdefault(key, []).append(term)
    return {key: tuple(found) for key, found in terms.items()}
