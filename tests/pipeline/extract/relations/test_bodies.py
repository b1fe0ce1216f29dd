"""A national or civil body's state, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import relations
from tests.pipeline.extract.relations.stories import STORY_IN_PERU


def test_demonym_of_a_non_state_name_gives_no_state(extract_text):
    _, ex = extract_text("On May 2, 2024, the American University of Beirut reopened.")
    assert not any(p == "state" for _, p, _ in relations(ex))


def test_person_title_in_apposition_gives_no_body_state(extract_text):
    # whatever type the name gets, a minister is a person's title, not a body's noun
    _, ex = extract_text("Peru's foreign minister, Elena Quispe, flew to Lima on Monday.")
    assert not any(p == "state" for _, p, _ in relations(ex))


def test_ambiguous_demonym_takes_the_state_the_document_names(extract_text):
    _, ex = extract_text(
        "On May 2, 2024, two men were arrested in the Dominican Republic, the Dominican "
        "National Police said."
    )
    assert ("Dominican National Police", "state", "country:DO") in relations(ex)


def test_civil_body_without_owner_belongs_to_the_story_state(extract_text):
    _, ex = extract_text(
        STORY_IN_PERU + "The National Audit Office said the repairs were overpriced. The "
        "National Liberation Front, a rebel group, and the United Nations Security Council "
        "said nothing."
    )
    stated = {s for s, p, _ in relations(ex) if p == "state"}
    assert ("National Audit Office", "state", "country:PE") in relations(ex)
    assert "National Liberation Front" not in stated
    assert "United Nations Security Council" not in stated


# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "possessive_state_of_a_national_body": (
        "On May 2, 2024, Ghana's Electoral Commission published the results.",
        [("Electoral Commission", "state", "country:GH")],
    ),
    "demonym_before_a_body_word_is_its_state": (
        "On May 2, 2024, the Peruvian Supreme Court annulled the verdict.",
        [("Peruvian Supreme Court", "state", "country:PE")],
    ),
    "a_name_in_apposition_to_a_state_body_shares_its_state": (
        "Kyrgyzstan's parliament, the Jogorku Kenesh, ratified the treaty on March 19, 2025.",
        [("Jogorku Kenesh", "state", "country:KG")],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found


def test_an_armed_groups_acronym_in_brackets_takes_no_state_from_its_name(extract_text):
    _, ex = extract_text(
        "On Nov. 25, 2023, the Myanmar National Democratic Alliance Army (MNDAA) said two "
        "battalions had surrendered."
    )
    assert not any(p == "state" for _, p, _ in relations(ex))
