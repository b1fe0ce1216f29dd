"""A person's office in a state, from a title, the leaders' dictionary, the story or a
government, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import names, relations
from tests.pipeline.extract.relations.stories import STORY_IN_PERU


def test_roles_with_a_state_become_relations_with_the_role_kept(extract_text):
    _, ex = extract_text(
        "French President Emmanuel Macron and Israel's top commander, General Herzi Halevi, spoke."
    )
    found = {
        (names(ex, r.subject), r.predicate, names(ex, r.object), r.role) for r in ex.facts.relations
    }
    assert ("Emmanuel Macron", "leaderOf", "country:FR", "President") in found
    assert ("Herzi Halevi", "commanderOf", "forces:IL", "top commander") in found


def test_leader_title_without_state_uses_the_leaders_dictionary(extract_text):
    _, ex = extract_text(
        "On March 3, 2024, President Emmanuel Macron said Russian troops must leave."
    )
    assert ("Emmanuel Macron", "leaderOf", "country:FR") in relations(ex)
    # Outside the term the dictionary gives, nobody is anybody's leader.
    _, ex = extract_text("On March 3, 2019, Chancellor Olaf Scholz spoke in Berlin.")
    assert not any(p == "leaderOf" for _, p, _ in relations(ex))


def test_possessive_government_makes_its_head_a_leader(extract_text):
    _, ex = extract_text(
        "On May 2, 2024, General Abdel Fattah al-Burhan spoke. "
        "Burhan's government moved to Port Sudan."
    )
    assert any(p == "leaderOf" and o == "country:SD" for _, p, o in relations(ex))


def test_bare_state_title_serves_the_state_the_story_is_about(extract_text):
    _, ex = extract_text(
        STORY_IN_PERU + "Prime Minister Gustavo Adrianzén said the army would send "
        "helicopters. Interior Minister Juan José Santiváñez flew to Piura."
    )
    found = relations(ex)
    assert any(
        s and "Adrianzén" in s and p == "leaderOf" and o == "country:PE" for s, p, o in found
    )
    assert any(p == "ministerOf" and o == "country:PE" for _, p, o in found)


def test_former_or_rival_bare_presidents_serve_no_state(extract_text):
    _, ex = extract_text(
        STORY_IN_PERU + "Former President Martín Vizcarra visited Piura. President Ana "
        "Torres and President Luis Campos spoke in Lima."
    )
    assert not any(p == "leaderOf" for _, p, _ in relations(ex))


def test_a_former_president_leaves_the_bare_title_to_the_one_in_office(extract_text):
    _, ex = extract_text(
        STORY_IN_PERU + "President Ana Torres, who leads the ruling party, spoke in Lima. "
        "Opposition leader and former President Luis Campos stayed away."
    )
    found = relations(ex)
    assert ("Ana Torres", "leaderOf", "country:PE") in found
    assert not any(s == "Luis Campos" and p == "leaderOf" for s, p, _ in found)
    roles = {m.name: m.roles for m in ex.mentions if m.kind == "person"}
    assert "former President" in roles["Luis Campos"]


def test_a_former_leader_the_dictionary_knows_leads_no_state_now(extract_text):
    _, ex = extract_text("On March 3, 2024, former President Emmanuel Macron spoke.")
    assert not any(p == "leaderOf" for _, p, _ in relations(ex))


def test_a_party_leader_the_dictionary_knows_leads_no_state_by_that_title(extract_text):
    # Mutharika became president again in late 2025: in February he led the opposition
    _, ex = extract_text("On Feb. 3, 2025, opposition leader Peter Mutharika spoke in Blantyre.")
    assert not any(p == "leaderOf" for _, p, _ in relations(ex))


def test_a_head_of_state_named_in_full_leads_the_state_in_the_dictionary(extract_text):
    _, ex = extract_text(
        "On March 31, 2025, Emomali Rahmon and Shavkat Mirziyoyev signed a border treaty."
    )
    found = relations(ex)
    assert ("Emomali Rahmon", "leaderOf", "country:TJ") in found
    assert ("Shavkat Mirziyoyev", "leaderOf", "country:UZ") in found


def test_a_name_alone_says_nothing_in_a_year_a_term_began_or_out_of_it(extract_text):
    # Trump's second term began in 2025, and in 2023 he held no office
    for year in (2025, 2023):
        _, ex = extract_text(f"On March 3, {year}, Donald Trump spoke in Ohio.")
        assert not any(p == "leaderOf" for _, p, _ in relations(ex))


# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "possessive_state_title_in_apposition": (
        "Peru's foreign minister, Ana Gutierrez, flew to Lima on Monday.",
        [("Ana Gutierrez", "ministerOf", "country:PE")],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
