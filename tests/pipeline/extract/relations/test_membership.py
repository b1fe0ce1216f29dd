"""Membership verbs, composition and alliances, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import relations


def test_not_belonging_and_a_relative_clause_give_no_membership(extract_text):
    _, ex = extract_text(
        "Awa Ndiaye does not belong to the Unity Party. General Kofi Boateng, the army "
        "chief who heads the Security Council, spoke."
    )
    found = relations(ex)
    assert ("Awa Ndiaye", "memberOf", "Unity Party") not in found
    assert ("Kofi Boateng", "memberOf", "Security Council") not in found
    assert ("Kofi Boateng", "chiefOf", "Security Council") in found


# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "belong_to_makes_every_listed_person_a_member": (
        "Rebel commanders Paul Kasongo, Didier Lumbu and Eric Ngoy also belong "
        "to the Movement for Democratic Change.",
        [
            ("Paul Kasongo", "memberOf", "Movement for Democratic Change"),
            ("Didier Lumbu", "memberOf", "Movement for Democratic Change"),
            ("Eric Ngoy", "memberOf", "Movement for Democratic Change"),
        ],
    ),
    "group_joining_a_group_is_part_of_it": (
        "The 33rd Front belongs to the Northern Command Bloc, a dissident faction.",
        [("33rd Front", "partOf", "Northern Command Bloc")],
    ),
    "made_up_of_lists_the_alliance_members": (
        "The Coastal Alliance, made up of the Democratic Forces of Liberation, the Coastal "
        "Defense Army and the United Resistance Movement, seized the port.",
        [
            ("Democratic Forces of Liberation", "partOf", "Coastal Alliance"),
            ("Coastal Defense Army", "partOf", "Coastal Alliance"),
            ("United Resistance Movement", "partOf", "Coastal Alliance"),
        ],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
