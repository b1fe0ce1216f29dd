"""The rules' vocabulary loads from graph/data, as lower-case word lists without repeats."""

from dataclasses import fields

import pytest

from graph.pipeline.extract.lexicon import entity_words, lexicon, load_data

# The lists each rule compares with lower-cased tokens or lemmas.
WORD_LISTS = {
    "events.yaml": [
        "light_verbs",
        "negations",
        "place_preps",
        "target_preps",
        "sequence_words",
        "force_words",
        "military_objects",
        "air_and_sea",
        "spokes_nouns",
        "anaphoric_nouns",
        "casualty_words",
    ],
    "relations.yaml": [
        "member_only_modifiers",
        "past_modifiers",
        "backing_verbs",
        "basing_verbs",
        "mission_nouns",
        "place_nouns",
        "government_nouns",
    ],
    "entities.yaml": [
        "locative_words",
        "name_particles",
        "role_modifiers",
        "place_cues",
        "place_cue_nouns",
        "unit_words",
        "group_nouns",
        "national_force_names",
    ],
}


def _lists(name: str):
    data = load_data(name)
    yield from ((key, data[key]) for key in WORD_LISTS[name])
    if name == "events.yaml":
        for event_class, spec in data["classes"].items():
            for part in ("verbs", "nouns", "particles"):
                if part in spec:
                    yield f"{event_class}.{part}", spec[part]
        for table in ("reporting", "claim_nouns"):
            for stance, words in data[table].items():
                yield f"{table}.{stance}", words


@pytest.mark.parametrize("name", WORD_LISTS)
def test_word_lists_are_lower_case_strings_without_repeats(name):
    for key, words in _lists(name):
        assert words, key
        assert all(isinstance(w, str) and w == w.lower() for w in words), key
        assert len(set(words)) == len(words), key


def test_every_field_of_the_lexicons_is_filled():
    for lexicon_ in (lexicon(), entity_words()):
        for field in fields(lexicon_):
            assert getattr(lexicon_, field.name), field.name


def test_lexicons_are_loaded_once():
    assert lexicon() is lexicon() and entity_words() is entity_words()


def test_a_word_under_two_event_classes_triggers_the_first():
    # "overrun" is listed under Attack and Capture
    assert lexicon().verb_triggers["overrun"] == "Attack"


def test_opposed_stances_hold_both_ways():
    opposed = lexicon().opposed_stances
    assert all(stance in opposed[other] for stance in opposed for other in opposed[stance])
