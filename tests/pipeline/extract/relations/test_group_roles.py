"""A person's place in a group: appositions, titles, lead verbs, "X of Y", a phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import names, relations


def test_affiliation_of_analyst_with_think_tank(extract_text):
    _, ex = extract_text(
        '"The front is collapsing," said Jane Miller of the Institute for the Study of War.'
    )
    assert ("Jane Miller", "memberOf", "Institute for the Study of War") in relations(ex)


def test_led_by_and_spokesperson_appositions(extract_text):
    _, ex = extract_text(
        "The war between the army, led by General Abdel Fattah al-Burhan, and "
        "the militia continued, said Nabil Abdallah, spokesman for the "
        "Sudanese Armed Forces."
    )
    found = {(names(ex, r.subject), r.predicate, names(ex, r.object)) for r in ex.facts.relations}
    assert ("Nabil Abdallah", "spokespersonFor", "Sudanese armed forces") in found


def test_title_of_an_organization_beside_a_name(extract_text):
    _, ex = extract_text(
        "On May 2, 2024, the Houthis' leader, Abdul Malik al-Houthi, vowed "
        "revenge. Hezbollah's former commander, Ali Karaki, was silent."
    )
    found = relations(ex)
    assert ("Abdul Malik al-Houthi", "chiefOf", "Houthis") in found
    assert not any(s == "Ali Karaki" for s, _, _ in found)


def test_army_spokesman_speaks_for_the_one_national_army_nearby(extract_text):
    _, ex = extract_text(
        "On June 15, 2024, the Sudanese Armed Forces repelled an attack. "
        '"We held the city," army spokesman Brigadier General Nabil '
        "Abdallah said."
    )
    assert ("Nabil Abdallah", "spokespersonFor", "forces:SD") in relations(ex)
    _, ex = extract_text(
        "On June 15, 2024, Israeli troops and Lebanese soldiers traded fire. "
        '"We held," army spokesman Colonel Adam Levy said.'
    )
    assert not any(p == "spokespersonFor" for _, p, _ in relations(ex))


def test_the_group_refers_to_the_one_group_just_named(extract_text):
    _, ex = extract_text(
        "On October 8, 2024, Hezbollah said its fighters had ambushed a "
        "patrol. The group's deputy leader, Naim Qassem, said its longtime "
        "chief, Hassan Nasrallah, had been killed."
    )
    found = relations(ex)
    assert ("Naim Qassem", "memberOf", "Hezbollah") in found
    assert ("Hassan Nasrallah", "chiefOf", "Hezbollah") in found
    # "the group" is evidence, not a name of Hezbollah
    assert all(m.name == "Hezbollah" for m in ex.mentions if m.text == "the group")


def test_a_group_noun_owner_refers_back_across_sentences(extract_text):
    _, ex = extract_text(
        "Malawi's Anti-Corruption Bureau arrested the minister on Monday. He was released on "
        "bail, said Ruth Banda, the bureau's spokesperson. Juma Phiri, the head of the "
        "bureau, said the inquiry would go on."
    )
    found = relations(ex)
    assert ("Ruth Banda", "spokespersonFor", "Anti-Corruption Bureau") in found
    assert ("Juma Phiri", "chiefOf", "Anti-Corruption Bureau") in found


def test_the_group_is_the_one_the_story_names_most(extract_text):
    _, ex = extract_text(
        "The Sahel Liberation Movement attacked two villages in March. The movement said it "
        "had lost four fighters, and the army blamed the Sahel Liberation Movement for the "
        "raids. "
        "A relief agency, Care Now, counted the dead. Prosecutors said the raids were "
        "planned. The group's founder, Amadou Sylla, died in 2021."
    )
    assert ("Amadou Sylla", "founderOf", "Sahel Liberation Movement") in relations(ex)


def test_two_groups_just_named_leave_the_group_unknown(extract_text):
    _, ex = extract_text(
        "The Sahel Liberation Movement and the National Union Party signed a truce. "
        "The group's founder, Amadou Sylla, was absent."
    )
    assert not any(s == "Amadou Sylla" for s, _, _ in relations(ex))


def test_spokesman_for_a_state_body_speaks_for_the_body(extract_text):
    _, ex = extract_text(
        "On August 4, 2024, Andriy Yusov, a spokesman for Ukraine's "
        "military intelligence agency, spoke."
    )
    spoken = {o for s, p, o in relations(ex) if p == "spokespersonFor"}
    assert spoken and "Ukraine" not in spoken


def test_spokesman_apposition_gives_spokesperson_for_without_a_second_member_of(extract_text):
    _, ex = extract_text(
        "Abdullah Hamid, a spokesman for the Sudan Liberation Movement, said the town fell."
    )
    found = relations(ex)
    assert ("Abdullah Hamid", "spokespersonFor", "Sudan Liberation Movement") in found
    assert ("Abdullah Hamid", "memberOf", "Sudan Liberation Movement") not in found


def test_name_after_a_second_title_takes_that_title(extract_text):
    _, ex = extract_text(
        "Li Wei, the Kokang Democratic Army's commander and the son of the group's founder, "
        "Li Ming, said the fight would go on."
    )
    assert not any(s == "Li Ming" and p == "commanderOf" for s, p, _ in relations(ex))


def test_apposition_hung_on_a_far_name_gives_no_affiliation(extract_text):
    # the parser hangs "the U.N. mission" on the arrested man half a sentence back
    _, ex = extract_text(
        "Mahamat Djidda was arrested by peacekeepers of MINUSCA, the U.N. mission in the "
        "Central African Republic, in Bocaranga on March 3, 2023."
    )
    found = relations(ex)
    assert not any(s == "Mahamat Djidda" and p in ("memberOf", "deployedTo") for s, p, _ in found)


# General relation patterns (issue 14): roles, membership, alliances, family, birthplace,
# control, national bodies' states. Sentences written for these tests.
PATTERNS = {
    "main_clause_led_by_gives_the_leader": (
        "The Movement for Democratic Change, a coalition of parties formed in 2021, is led "
        "by Moussa Traoré, a former customs officer.",
        [("Moussa Traoré", "leaderOf", "Movement for Democratic Change")],
    ),
    "who_leads_relative_clause_gives_the_leader": (
        "Prime Minister Daniel Okoro, who leads the ruling Unity Party, resigned on Friday.",
        [("Daniel Okoro", "leaderOf", "Unity Party")],
    ),
    "founded_and_led_by_gives_founder_and_leader": (
        "The Renewal Movement, the party founded and led by Awa Ndiaye, won 40 seats.",
        [
            ("Awa Ndiaye", "founderOf", "Renewal Movement"),
            ("Awa Ndiaye", "leaderOf", "Renewal Movement"),
        ],
    ),
    "copular_secretary_general_is_a_member": (
        "Mariam Keita, 51, a former teacher, is the secretary general of the Democratic "
        "Renewal Party.",
        [("Mariam Keita", "memberOf", "Democratic Renewal Party")],
    ),
    "whose_president_is_the_chief_of_the_body": (
        "The Supreme Court, whose president, Joseph Mensah, read the verdict, rejected the appeal.",
        [("Joseph Mensah", "chiefOf", "Supreme Court")],
    ),
}


@pytest.mark.parametrize("text, expected", PATTERNS.values(), ids=PATTERNS.keys())
def test_a_general_pattern_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found


def test_the_army_chief_commands_the_national_army_the_table_names(extract_text):
    # spaCy tags "Tatmadaw" a person; the table of named forces knows it is Myanmar's army
    _, ex = extract_text(
        "The Tatmadaw, as the military is known, lost two bases. Senior General Min Aung "
        "Hlaing, the army chief, vowed to retake them."
    )
    assert ("Min Aung Hlaing", "commanderOf", "Myanmar armed forces") in relations(ex)
    assert any(m.key == "forces:MM" and m.text == "Tatmadaw" for m in ex.mentions)
