"""Relatives and birthplace, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import relations

# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "possessive_family_noun_gives_relative_of": (
        "Ochieng's brother, Samuel Ochieng, was arrested in Mombasa on March 3, 2024.",
        [("Samuel Ochieng", "relativeOf", "Ochieng")],
    ),
    "son_of_a_titled_person_gives_relative_and_founder": (
        "Li Wei, the Kokang Democratic Army's commander and the son of the group's founder, "
        "Li Ming, said the fight would go on.",
        [
            ("Li Wei", "relativeOf", "Li Ming"),
            ("Li Ming", "founderOf", "Kokang Democratic Army"),
            ("Li Ming", "memberOf", "Kokang Democratic Army"),
        ],
    ),
    "born_in_gives_birthplace": (
        "Maria Santos, who was born in Quito, joined the Socialist Party in 1998.",
        [("Maria Santos", "bornIn", "Quito"), ("Maria Santos", "memberOf", "Socialist Party")],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
