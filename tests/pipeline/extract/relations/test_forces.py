"""Forces and groups: part of, owned by, based in, backed by, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import relations


def test_possessive_force_owns_its_agency_and_named_command_has_a_state(extract_text):
    _, ex = extract_text(
        "On January 26, 2024, the British military's United Kingdom "
        "Maritime Trade Operations agency said a tanker was hit. The U.S. "
        "Central Command said its forces struck a launcher."
    )
    found = relations(ex)
    assert ("United Kingdom Maritime Trade Operations", "partOf", "British armed forces") in found
    command = next(m for m in ex.mentions if m.name == "U.S. Central Command")
    assert command.kind == "military_unit" and command.state == "US"


# One phrasing, the relations it gives.
PHRASINGS = {
    "named_mission_in_a_country_is_deployed_there": (
        "In June 2023, the United Nations peacekeeping mission in Mali, "
        "MINUSMA, began leaving its bases.",
        [("MINUSMA", "deployedTo", "Mali")],
    ),
    "its_unit_belongs_to_the_state_named_before": (
        "On January 10, 2025, Russia's Defense Ministry said units of the 2nd "
        "Combined Arms Army, part of its Central Group of Forces, captured two "
        "villages.",
        [("Central Group of Forces", "partOf", "forces:RU")],
    ),
    "demonym_backed_is_aid_from_the_state": (
        "On May 2, 2024, the Houthis, a Russian-backed movement, fired missiles.",
        [("country:RU", "aidTo", "Houthis")],
    ),
    "part_of_apposition_for_coordinated_units": (
        "Units of the 2nd Combined Arms Army and the 41st Combined Arms Army, "
        "part of the Central Group of Forces, attacked.",
        [("41st Combined Arms Army", "partOf", "Central Group of Forces")],
    ),
    "backed_by_and_x_backed_give_aid_to": (
        "On May 2, 2024, the Houthis, an Iran-backed movement, fired missiles. "
        "Malian troops backed by the Wagner Group took Kidal.",
        [("Iran", "aidTo", "Houthis"), ("Wagner Group", "aidTo", "Malian armed forces")],
    ),
    "headquartered_and_deployed_in_give_deployed_to": (
        "On June 15, 2024, the 6th Infantry Division, which is headquartered in "
        "El Fasher, held its lines. Russian troops are deployed in Mali.",
        [
            ("6th Infantry Division", "deployedTo", "El Fasher"),
            ("Russian armed forces", "deployedTo", "Mali"),
        ],
    ),
}


@pytest.mark.parametrize("text, expected", PHRASINGS.values(), ids=PHRASINGS.keys())
def test_a_phrasing_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
