"""Extraction rules on short news-style texts from several conflicts (not the seed)."""

from graph.model import MILITARY_UNIT, ORGANIZATION, PERSON, PLACE, Extraction, Mention


def by_name(ex: Extraction) -> dict[str, Mention]:
    return {m.name: m for m in ex.mentions}


def test_demonym_and_possessive_forces_are_one_national_force(extract_text):
    _, ex = extract_text(
        "Israeli troops entered the town. Israel's forces later withdrew, "
        "and Israeli soldiers were seen near the border."
    )
    units = [m for m in ex.mentions if m.kind == MILITARY_UNIT]
    assert {m.key for m in units} == {"forces:IL"}
    assert {m.name for m in units} == {"Israeli armed forces"}
    assert len(units) == 3


def test_branches_bodies_and_numbered_formations(extract_text):
    _, ex = extract_text(
        "Russia's 155th Naval Infantry Brigade attacked. Belarusian border "
        "guards watched. The Israeli Defense Ministry said the 7th Armored "
        "Brigade had moved, while Sudan's intelligence service was silent."
    )
    keys = {m.key: m for m in ex.mentions if m.key}
    assert keys["unit:155th naval infantry brigade"].state == "RU"
    assert keys["border-guard:BY"].kind == MILITARY_UNIT
    assert keys["defence-ministry:IL"].kind == ORGANIZATION
    assert keys["intelligence-service:SD"].name == "Sudanese intelligence service"
    assert "unit:7th armored brigade" in keys


def test_metonym_kyiv_resolves_to_ukraine_but_in_kyiv_is_the_city(extract_text):
    _, ex = extract_text(
        "Kyiv agreed to the talks. Explosions were heard in Kyiv overnight. "
        "The Kremlin denied it, and Beijing said nothing."
    )
    mentions = [(m.text, m.key, m.metonym) for m in ex.mentions]
    assert ("Kyiv", "country:UA", True) in mentions
    assert any(text == "Kyiv" and key.startswith("geonames:") for text, key, _ in mentions)
    assert ("Kremlin", "country:RU", True) in mentions
    assert ("Beijing", "country:CN", True) in mentions


def test_titles_become_roles_not_part_of_the_name(extract_text):
    _, ex = extract_text(
        "U.S. Secretary of State Antony Blinken met French President "
        "Emmanuel Macron. Sudan's army chief, General Abdel Fattah "
        "al-Burhan, did not attend."
    )
    people = {m.name: m for m in ex.mentions if m.kind == PERSON}
    assert people["Antony Blinken"].roles == ("Secretary of State",)
    assert people["Antony Blinken"].state == "US"
    assert people["Emmanuel Macron"].roles == ("President",)
    assert people["Emmanuel Macron"].state == "FR"
    assert "General" in people["Abdel Fattah al-Burhan"].roles


def test_region_and_city_of_the_same_name_stay_distinct(extract_text):
    _, ex = extract_text(
        "Fighting raged in the Kharkiv region. Russian forces advanced in "
        "Kharkiv again. "
        "Later, drones struck the city of Kharkiv itself."
    )
    kinds = [(m.text, m.subtype) for m in ex.mentions if m.kind == PLACE]
    assert ("Kharkiv region", "region") in kinds
    assert ("Kharkiv", "region") in kinds  # bare name after "the Kharkiv region"
    assert ("Kharkiv", "settlement") in kinds  # "the city of Kharkiv"


def test_places_the_tagger_calls_people_are_fixed_by_gazetteer_and_cues(extract_text):
    _, ex = extract_text(
        "Russian forces pushed toward Pokrovsk. Shelling continued near Vuhledar, officials said."
    )
    places = {m.name for m in ex.mentions if m.kind == PLACE}
    assert {"Pokrovsk", "Vuhledar"} <= places


def test_pronouns_titles_and_demonyms_alone_are_not_entities(extract_text):
    _, ex = extract_text(
        "They said the Ukrainian side would respond. Rear Admiral said nothing. Armenians fled."
    )
    assert not [m for m in ex.mentions if m.kind in (PERSON, ORGANIZATION)]


def test_offsets_point_at_the_mention_text(extract_text):
    doc, ex = extract_text(
        "Headline about Gaza\n\nIsraeli forces advanced in Gaza City on Monday, the IDF said."
    )
    for m in ex.mentions:
        assert doc.text[m.start : m.end] == m.text
        sentence = ex.sentences[m.sentence]
        assert sentence.start <= m.start < m.end <= sentence.end
    assert doc.text[ex.sentences[0].start : ex.sentences[0].end] == "Headline about Gaza"


def test_parenthetical_acronym_is_recorded(extract_text):
    _, ex = extract_text("The Rapid Support Forces (RSF) attacked El Fasher.")
    assert ("RSF", "Rapid Support Forces") in ex.acronyms


def test_extraction_round_trips_through_json(extract_text):
    _, ex = extract_text("Kyiv agreed, President Volodymyr Zelensky said.")
    assert Extraction.from_json(ex.to_json()) == ex


def test_a_movement_named_by_its_members_is_an_organization(extract_text):
    _, ex = extract_text("The Houthis fired a missile at a tanker off Yemen.")
    houthis = next(m for m in ex.mentions if m.name == "Houthis")
    assert houthis.kind == "organization"


def test_org_name_is_no_far_away_settlement(extract_text):
    _, ex = extract_text(
        "Fighters of the Wagner Group arrived in Mali. Wagner lost dozens of men near Kidal."
    )
    assert not any(m.name == "Wagner" and m.kind == "place" for m in ex.mentions)


def test_repeated_org_reading_of_a_place_follows_the_place(extract_text):
    _, ex = extract_text(
        "On June 15, 2024, the RSF attacked the city of El Fasher. "
        "Residents of El Fasher fled south."
    )
    assert {m.kind for m in ex.mentions if m.name == "El Fasher"} == {PLACE}


def test_piece_of_a_hyphenated_acronym_is_the_whole_acronym(extract_text):
    _, ex = extract_text(
        "Rebels of the Azawad coalition (CSP-DPA) attacked. Mohamed "
        "Ramadane, a spokesman for the CSP-DPA, spoke."
    )
    assert "CSP" not in {m.name for m in ex.mentions}


def test_named_national_forces_without_a_state_word(extract_text):
    _, ex = extract_text(
        "On January 22, 2024, the Royal Air Force joined strikes. The "
        "Revolutionary Guards fired missiles."
    )
    keys = {m.text: (m.key, m.state) for m in ex.mentions}
    assert keys["Royal Air Force"] == ("air-force:GB", "GB")
    assert keys["Revolutionary Guards"] == ("unit:revolutionary guards", "IR")


def test_national_armed_forces_by_proper_name(extract_text):
    _, ex = extract_text("The Israel Defense Forces said Israeli troops advanced.")
    keys = {m.key for m in ex.mentions if m.kind == "military_unit"}
    assert keys == {"forces:IL"}


def test_formation_takes_the_only_side_in_its_paragraph(extract_text):
    _, ex = extract_text(
        "Ukrainian forces repelled 60 attacks. The 68th Jaeger Brigade held "
        "the line.\n\nRussian forces and the 41st Combined Arms Army "
        "advanced while Ukrainian troops and the 25th Airborne Brigade "
        "retreated."
    )
    owners = {m.name: m.state for m in ex.mentions if m.rule == "formation"}
    assert owners["68th Jaeger Brigade"] == "UA"
    assert owners["25th Airborne Brigade"] is None  # two sides: left unattributed


def test_formation_does_not_take_the_state_of_the_party_it_repels(extract_text):
    _, ex = extract_text(
        "The 47th Brigade repelled a Russian assault near Avdiivka on Monday. "
        "Russian troops lost three tanks, the brigade said."
    )
    brigade = next(m for m in ex.mentions if m.name == "47th Brigade")
    assert brigade.state is None


def test_the_general_refers_to_the_only_general_and_is_not_an_alias(extract_text):
    from graph.pipeline.resolve import resolve_entities

    _, ex = extract_text(
        "General Valery Gerasimov visited the front. The next day the general "
        "said the offensive continued."
    )
    assert [m.rule for m in ex.mentions if m.text == "the general"] == ["title-reference"]
    entity = next(e for e in resolve_entities([ex]).entities if e.label == "Valery Gerasimov")
    assert entity.mention_count == 2 and "the general" not in entity.aliases


def test_ambiguous_title_reference_is_left_out(extract_text):
    _, ex = extract_text(
        "President Joe Biden met President Emmanuel Macron; the president said nothing."
    )
    assert not [m for m in ex.mentions if m.text == "the president"]


def test_known_first_name_makes_a_person_of_a_name_tagged_as_a_group(extract_text):
    _, ex = extract_text("The council is chaired by Godfrey Otunge, the mission's commander.")
    assert by_name(ex)["Godfrey Otunge"].kind == PERSON


def test_apposition_says_whether_a_name_is_a_group_or_a_person(extract_text):
    _, ex = extract_text(
        "Kòd Lanmò, an alliance of armed gangs, is led by a former police officer. "
        "Sentenced on Tuesday was Ifeoma Chukwu, a lawyer, who was arrested in Lagos."
    )
    names = by_name(ex)
    assert names["Kòd Lanmò"].kind == ORGANIZATION
    assert names["Ifeoma Chukwu"].kind == PERSON


def test_outlet_noun_before_a_name_makes_it_an_organization_not_a_place(extract_text):
    _, ex = extract_text("The attack was confirmed, according to the state news agency Bakhtar.")
    assert by_name(ex)["Bakhtar"].kind == ORGANIZATION


def test_name_listed_with_people_is_a_person(extract_text):
    _, ex = extract_text("Gang leaders Wilner Joseph, Izo Lanmò and Ti Makak met on Sunday.")
    assert by_name(ex)["Izo Lanmò"].kind == PERSON


def test_group_noun_after_a_name_outranks_the_tagger_and_the_name_words(extract_text):
    _, ex = extract_text("The Frente Amplio coalition backed him in the vote.")
    assert by_name(ex)["Frente Amplio"].kind == ORGANIZATION


def test_armed_group_word_inside_a_name_makes_a_military_unit(extract_text):
    _, ex = extract_text("Barisan Pembebasan Rakyat claimed the attack on the police post.")
    assert by_name(ex)["Barisan Pembebasan Rakyat"].kind == MILITARY_UNIT


def test_subject_of_a_person_verb_is_a_person(extract_text):
    _, ex = extract_text("Chidinma Obi-Okafor resigned on Monday after the audit.")
    assert by_name(ex)["Chidinma Obi-Okafor"].kind == PERSON


def test_common_word_opening_a_sentence_or_a_title_is_no_entity(extract_text):
    _, ex = extract_text(
        "Anger grew in the capital. Junta spokesman Zaw Min said the army had won."
    )
    names = by_name(ex)
    assert "Anger" not in names and "Junta" not in names
    assert names["Zaw Min"].kind == PERSON


def test_numbered_formations_and_coordinated_numbers_are_separate_units(extract_text):
    _, ex = extract_text(
        "Light Infantry Battalion 212 held the hill. The army's Battalions 215 and 318 "
        "withdrew. The 33rd Front and No. 7 Regional Operations Command were blamed."
    )
    units = {m.name for m in ex.mentions if m.kind == MILITARY_UNIT}
    assert {
        "Light Infantry Battalion 212",
        "Battalion 215",
        "Battalion 318",
        "33rd Front",
        "No. 7 Regional Operations Command",
    } <= units


def test_company_words_keep_a_firm_from_being_a_person(extract_text):
    _, ex = extract_text(
        "The Foreign Office said Chen Wei Electronics and Jordan Aviation supplied parts to "
        "Iran. The Treasury sanctioned Sergei Petrov Trading, Elena Systems Ltd and Victor "
        "Industries on Tuesday."
    )
    names = by_name(ex)
    assert names["Chen Wei Electronics"].kind == ORGANIZATION
    assert names["Sergei Petrov Trading"].kind == ORGANIZATION


def test_members_named_after_a_group_do_not_make_it_a_formation(extract_text):
    _, ex = extract_text(
        "Al-Shabaab fighters attacked the base. Two co-defendants, the fighters Ousmar "
        "Halit and Abdelkader Bichir, were jailed."
    )
    names = by_name(ex)
    assert names["Al-Shabaab"].kind == ORGANIZATION
    assert names["Abdelkader Bichir"].kind == PERSON


def test_a_body_that_arrests_and_a_people_adjective_are_not_persons(extract_text):
    _, ex = extract_text(
        "The Anti-Graft Bureau arrested the minister on Monday. Talks in the country's "
        "Malay-Muslim south resumed."
    )
    kinds = {m.name: m.kind for m in ex.mentions}
    assert kinds.get("Anti-Graft Bureau") != PERSON
    assert kinds.get("Malay-Muslim") != PERSON


def test_a_modified_group_noun_refers_to_the_group_named_in_its_sentence(extract_text):
    _, ex = extract_text(
        "BOGOTA, Jan. 21 (Reuters) - President Gustavo Petro suspended talks with the "
        "National Liberation Army (ELN) after the guerrilla group launched an offensive."
    )
    group = next(m for m in ex.mentions if m.text == "the guerrilla group")
    assert group.name == "National Liberation Army"


def test_a_known_armed_group_is_named_and_typed_by_the_table(extract_text):
    _, ex = extract_text("On Jan. 12, 2024, Hizballah fighters fired rockets at Metula.")
    group = next(m for m in ex.mentions if m.text == "Hizballah")
    assert (group.name, group.kind) == ("Hezbollah", "military_unit")


def test_what_the_text_says_a_known_group_is_outranks_the_table(extract_text):
    _, ex = extract_text(
        "Viv Ansanm, an alliance of Port-au-Prince gangs formed in 2023, took the town."
    )
    group = next(m for m in ex.mentions if m.name == "Viv Ansanm")
    assert group.kind == "organization"
