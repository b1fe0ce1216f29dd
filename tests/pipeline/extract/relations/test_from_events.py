"""Relations events state (combat, deployment, meetings, aid, control), a phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import events, relations


def test_meeting_between_two_people_is_met_with(extract_text):
    _, ex = extract_text(
        "A meeting between President Emmanuel Macron and German Chancellor "
        "Olaf Scholz took place on May 2, 2024."
    )
    assert ("Emmanuel Macron", "metWith", "Olaf Scholz") in relations(ex)
    meeting = next(e for e in events(ex) if e[0] == "Meeting")
    assert meeting[1] == "CONSULT" and meeting[3] == "2024-05-02"


def test_negated_events_make_no_relation(extract_text):
    _, ex = extract_text("Turkish forces did not attack Kurdish militias in Syria.")
    assert all(e.negated for e in ex.facts.events if e.event_class == "Attack")
    assert not [r for r in ex.facts.relations if r.predicate == "foughtAgainst"]


def test_capital_owning_an_area_is_the_place_struck_not_the_state_fought(extract_text):
    _, ex = extract_text(
        "Israeli strikes on southern Lebanon and Beirut's southern suburbs killed 20 people."
    )
    assert not any(p == "foughtAgainst" for _, p, _ in relations(ex))
    strike = next(args for _, plover, args, _ in events(ex) if plover == "ASSAULT")
    assert "target" not in strike


def test_place_only_one_side_claims_gets_no_deployment(extract_text):
    # "and, Moscow claims, Vuhledar": the writer vouches for Marinka, not for Vuhledar
    _, ex = extract_text(
        "Fighting continued near the town of Vuhledar. Russian forces have "
        "advanced steadily since capturing Bakhmut in May 2023, taking Marinka "
        "in December and, Moscow claims, Vuhledar earlier this month."
    )
    assert "Vuhledar" not in {o for _, p, o in relations(ex) if p == "deployedTo"}
    _, ex = extract_text(
        "Fighting continued near the town of Vuhledar. Russian forces have "
        "advanced steadily since capturing Bakhmut in May 2023, taking Marinka "
        "in December and, according to Moscow, Vuhledar earlier this month."
    )
    assert "Vuhledar" not in {o for _, p, o in relations(ex) if p == "deployedTo"}


def test_place_the_writer_states_keeps_its_deployment(extract_text):
    _, ex = extract_text("Russian forces have advanced into Marinka and Vuhledar.")
    assert {"Marinka", "Vuhledar"} <= {o for _, p, o in relations(ex) if p == "deployedTo"}


# One phrasing, the relations it gives.
PHRASINGS = {
    "singular_of_a_movement_is_the_movement_as_modifier": (
        "On January 26, 2024, U.S. forces destroyed a Houthi missile. The Houthis vowed revenge.",
        [("American armed forces", "foughtAgainst", "Houthis")],
    ),
    "deployment_gives_deployed_to_and_aid_to": (
        "Iran sent 3,000 soldiers to assist Syria in Aleppo.",
        [("Iran", "aidTo", "Syria")],
    ),
}


@pytest.mark.parametrize("text, expected", PHRASINGS.values(), ids=PHRASINGS.keys())
def test_a_phrasing_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found


# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "capture_gives_control_of_the_place": (
        "On May 2, 2024, the Ta'ang National Liberation Army captured Lashio.",
        [("Ta'ang National Liberation Army", "controls", "Lashio")],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
