"""Event rules: triggers, their arguments in roles and their dates, on other conflicts."""

import pytest

from tests.pipeline.extract.helpers import events, names


def test_attack_with_actor_target_and_day_date(extract_text):
    _, ex = extract_text(
        "On October 1, 2024, Israeli troops attacked Hezbollah positions in southern Lebanon."
    )
    assert (
        "Attack",
        "ASSAULT",
        {"actor": "Israeli armed forces", "target": "Hezbollah", "place": "southern Lebanon"},
        "2024-10-01",
    ) in events(ex)


def test_light_verb_and_event_noun_are_one_event(extract_text):
    _, ex = extract_text(
        "On August 6, 2024, Ukrainian forces launched an assault on Russia's Belgorod region."
    )
    found = [e for e in events(ex) if e[0] == "Offensive"]
    assert len(found) == 1
    assert found[0][2]["actor"] == "Ukrainian armed forces" and found[0][3] == "2024-08-06"


def test_demonym_on_an_event_noun_is_the_actor_force(extract_text):
    _, ex = extract_text("A Russian offensive near Pokrovsk stalled in January 2025.")
    offensive = next(e for e in events(ex) if e[0] == "Offensive")
    assert offensive[2]["actor"] == "forces:RU"


def test_bare_month_takes_year_from_the_narrative(extract_text):
    _, ex = extract_text(
        "On November 3, 2024, Azerbaijani forces shelled the town. "
        "By January, Armenian troops withdrew from the area."
    )
    dates = {e[0]: e[3] for e in events(ex)}
    assert dates["Withdrawal"] == "2025-01"


def test_a_counted_casualty_report_naming_nobody_is_kept(extract_text):
    _, ex = extract_text(
        "Officials said at least 200 people had been killed. Several people were killed."
    )
    assert [e[0] for e in events(ex)] == ["CasualtyReport"]
    placed = ex.facts.quantities[0]
    assert placed.quantity.value == 200 and placed.event == 0


def test_date_anchored_by_following_keeps_only_the_year(extract_text):
    _, ex = extract_text("U.S. aid was frozen following a meeting on February 28, 2025.")
    frozen = next(e for e in ex.facts.events if e.trigger == "freeze")
    assert (frozen.date.value, frozen.date.precision) == ("2025", "year")
    assert frozen.date.note == "following 2025-02-28"


def test_who_reports_an_event_is_not_its_actor(extract_text):
    _, ex = extract_text(
        "Ukraine's top commander, General Oleksandr Syrskyi, reported the "
        "seizure of 1,300 square kilometers in the Kursk region."
    )
    actors = {names(ex, a) for e in ex.facts.events for a in e.args if a.role == "actor"}
    assert "Oleksandr Syrskyi" not in actors


def test_its_fighters_belong_to_the_group_that_speaks(extract_text):
    _, ex = extract_text(
        "On October 2, 2024, Hezbollah said its fighters had ambushed an "
        "Israeli patrol near Odaisseh."
    )
    attack = next(e for e in events(ex) if e[0] == "Attack")
    assert attack[2]["actor"] == "Hezbollah"


def test_fighters_of_a_long_name_are_of_the_acronym_it_defines(extract_text):
    _, ex = extract_text(
        "On July 25, 2024, fighters of the Strategic Framework for the "
        "Defense of the People of Azawad (CSP-DPA), a rebel coalition, "
        "attacked a convoy of the Malian Armed Forces near Tinzaouaten."
    )
    attack = next(e for e in events(ex) if e[0] == "Attack")
    assert attack[2]["actor"] == "CSP-DPA"
    assert attack[2]["target"] == "Malian armed forces"


def test_positions_of_two_coordinated_forces_are_both_targets(extract_text):
    _, ex = extract_text(
        "On May 3, 2024, Russian drones struck positions of the 47th "
        "Mechanized Brigade and the 110th Mechanized Brigade."
    )
    attack = next(e for e in ex.facts.events if e.event_class == "Attack")
    targets = {names(ex, a) for a in attack.args if a.role == "target"}
    assert targets == {"47th Mechanized Brigade", "110th Mechanized Brigade"}


def test_since_a_year_does_not_move_the_narrative(extract_text):
    _, ex = extract_text(
        "On January 26, 2024, the Houthis, who have held Sanaa since 2014, "
        "fired a missile. The U.S. Navy seized missile parts on January 11."
    )
    assert ("Capture", "2024-01-11") in {(e[0], e[3]) for e in events(ex)}


def test_when_clause_takes_the_date_it_hangs_on(extract_text):
    _, ex = extract_text(
        "Strikes have continued since January 12, 2024, when American and "
        "British warplanes hit sites across Yemen."
    )
    hit = next(e for e in ex.facts.events if e.trigger == "hit")
    assert hit.date is not None and hit.date.value == "2024-01-12"
    assert {names(ex, a) for a in hit.args if a.role == "actor"} >= {"forces:US"}


def test_vow_is_a_threat_and_clashes_are_attacks(extract_text):
    _, ex = extract_text(
        "On May 2, 2024, Hezbollah vowed that the group would escalate. "
        "Clashes between Azerbaijani troops and Armenian forces resumed in "
        "August 2023."
    )
    classes = {e[0] for e in events(ex)}
    assert {"Threat", "Attack"} <= classes


def test_every_event_class_is_in_the_ontology_with_its_plover_category():
    from rdflib import RDFS

    from graph.pipeline.extract.lexicon import lexicon
    from graph.vocab import KG, PLOVER, ontology

    onto = ontology()
    for name, spec in lexicon().classes.items():
        assert (KG[name], RDFS.subClassOf, KG.Event) in onto, name
        assert onto.value(KG[name], KG.ploverCategory) == PLOVER[spec.plover], name


def test_every_plover_category_has_an_event_class():
    from graph.pipeline.extract.lexicon import lexicon

    categories = {spec.plover for spec in lexicon().classes.values()}
    plover = (
        "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
        "PROTEST SANCTION MOBILIZE COERCE ASSAULT INVESTIGATE DEMAND"
    )
    assert categories >= set(plover.split(" "))


def test_arrest_sentence_and_release_are_events(extract_text):
    _, ex = extract_text(
        "On May 4, 2023, police arrested the former mayor of Tamale in Accra. "
        "A judge sentenced the mayor on June 9, 2023. "
        "In July 2023, the Ghanaian government released 40 detainees."
    )
    found = {(e[0], e[1], e[3]) for e in events(ex)}
    assert ("Arrest", "COERCE", "2023-05-04") in found
    assert ("LegalAction", "COERCE", "2023-06-09") in found
    assert ("Release", "CONCEDE", "2023-07") in found


def test_accusation_protest_and_sanction_are_events(extract_text):
    _, ex = extract_text(
        "On April 2, 2024, Chile accused Bolivia of violating the border. "
        "Thousands of students protested in Santiago on April 3, 2024. "
        "On April 5, 2024, the European Union imposed sanctions on Bolivia."
    )
    classes = {(e[0], e[1]) for e in events(ex)}
    assert {
        ("Accusation", "ACCUSE"),
        ("Protest", "PROTEST"),
        ("AidSuspension", "SANCTION"),
    } <= classes


def test_the_object_chooses_between_aid_and_deployment(extract_text):
    _, ex = extract_text(
        "On May 1, 2024, Kenya sent 30 tonnes of blankets and medicines to Malawi. "
        "On May 2, 2024, Tanzania sent 300 soldiers to the border."
    )
    assert [(e[0], e[3]) for e in events(ex)] == [
        ("AidDecision", "2024-05-01"),
        ("Deployment", "2024-05-02"),
    ]


def test_tear_gas_coerces_and_shells_attack(extract_text):
    _, ex = extract_text(
        "On June 8, 2024, riot police fired tear gas at students in Nairobi. "
        "On June 9, 2024, Sudanese troops fired shells at Omdurman."
    )
    classes = [e[1] for e in events(ex) if e[0] in ("Coercion", "Attack")]
    assert classes == ["COERCE", "ASSAULT"]


def test_unasserted_triggers_make_no_event(extract_text):
    doc, ex = extract_text(
        "The junta lacked the troops to counter the rebel assault. "
        "Officials said the army could attack Goma in May 2024. "
        "If the rebels advance, Kinshasa will deploy more troops. "
        "The rebels sought to capture Bukavu in March 2024. "
        "The army did not withdraw from Sake in April 2024. "
        "Diplomats met in Luanda to prevent an offensive in June 2024."
    )
    found = {(e.event_class, doc.text[e.start : e.end]) for e in ex.facts.events}
    assert found == {("Meeting", "met")}


def test_clause_date_reaches_the_object_event(extract_text):
    _, ex = extract_text(
        "On March 3, 2025, the 12th Brigade repelled a Russian assault near Kupiansk."
    )
    dated = {(e[0], e[3]) for e in events(ex)}
    assert dated == {("Defense", "2025-03-03"), ("Offensive", "2025-03-03")}
    offensive = next(e for e in events(ex) if e[0] == "Offensive")
    assert offensive[2]["actor"] == "forces:RU"


def test_triggers_of_one_occurrence_are_one_event(extract_text):
    _, ex = extract_text(
        "On July 9, 2024, Houthi fighters seized control of the port of Hodeidah "
        "and attacked a Saudi convoy."
    )
    assert [e[0] for e in events(ex)] == ["Capture", "Attack"]


def test_an_earthquake_is_no_attack(extract_text):
    _, ex = extract_text("On June 2, 2024, a strong earthquake struck eastern Turkey.")
    assert not [e for e in events(ex) if e[1] == "ASSAULT"]


def test_a_clause_with_its_own_subject_borrows_no_actor(extract_text):
    _, ex = extract_text(
        "On May 2, 2024, Peru closed the border, and the army deployed 500 soldiers to Tacna."
    )
    deployment = next(e for e in events(ex) if e[0] == "Deployment")
    assert "actor" not in deployment[2]


def test_who_died_or_was_shot_is_the_victim_not_the_actor(extract_text):
    _, ex = extract_text(
        "The rebels' founder, Jean Mbaye, died in Bangui in 2021. "
        "Among the dead was Marie Okafor, who was shot in her home on May 3, 2024."
    )
    roles = {(e[0], role, name) for e in events(ex) for role, name in e[2].items()}
    assert ("CasualtyReport", "target", "Jean Mbaye") in roles
    assert ("Attack", "target", "Marie Okafor") in roles
    assert not [r for r in roles if r[1] == "actor"]


def test_gunmen_freeing_inmates_in_a_raid_is_a_jailbreak_not_a_release(extract_text):
    _, ex = extract_text(
        "On March 3, 2025, hundreds of gunmen from the Grand Ravine gang stormed Jacmel, "
        "freeing 300 inmates from the town's prison."
    )
    classes = [e[0] for e in events(ex)]
    assert "Crime" in classes and "Release" not in classes


def test_a_gang_freeing_inmates_is_a_crime(extract_text):
    _, ex = extract_text("On March 3, 2025, the gang freed 300 inmates.")
    assert [e[0] for e in events(ex)] == ["Crime"]


def test_authorities_releasing_prisoners_stay_a_release(extract_text):
    _, ex = extract_text("On March 3, 2025, the authorities released 40 prisoners from the prison.")
    assert [e[0] for e in events(ex)] == ["Release"]


def test_what_a_group_calls_an_operation_is_no_order(extract_text):
    _, ex = extract_text(
        "The Arakan Army launched what it calls Operation Sunrise on October 27, 2023."
    )
    assert "Order" not in [e[0] for e in events(ex)]


@pytest.mark.parametrize(
    "text",
    [
        "On March 31, 2025, they fixed the point where the three borders meet.",
        "On March 31, 2025, the Tajik government met the demands of the farmers.",
    ],
)
def test_another_sense_of_meet_is_no_meeting(extract_text, text):
    _, ex = extract_text(text)
    assert "Meeting" not in [e[0] for e in events(ex)]


def test_who_follows_talks_is_not_their_actor(extract_text):
    _, ex = extract_text(
        "We spoke to Aminah Yusof, a researcher at the Bangkok Institute who has followed "
        "the talks since 2013."
    )
    assert not any(e[2].get("actor") == "Aminah Yusof" for e in events(ex))


def test_a_coalition_beside_its_name_is_a_body_not_an_event(extract_text):
    _, ex = extract_text(
        "On March 3, 2025, gunmen from the Grand Ravine gang coalition attacked Jacmel. "
        "Grand Ravine, an alliance of gangs formed in 2021, is led by Renel Destina."
    )
    assert "Cooperation" not in [e[0] for e in events(ex)]


def test_an_event_denied_is_not_asserted(extract_text):
    _, ex = extract_text("On March 3, 2025, the Arakan Army denied killing civilians in Sittwe.")
    assert "CasualtyReport" not in [e[0] for e in events(ex)]


def test_of_two_parsed_subjects_the_one_next_to_the_verb_protests(extract_text):
    _, ex = extract_text(
        "In Kasungu, Mwale's home village in Dowa district, about 300 supporters gathered on "
        "Tuesday to protest against what they called a political arrest."
    )
    protest = next(e for e in events(ex) if e[0] == "Protest")
    assert protest[2].get("actor") != "Mwale"


def test_the_plane_aid_is_sent_on_is_no_target(extract_text):
    _, ex = extract_text(
        "On May 1, 2024, India sent 11 tonnes of tents on an Indian Air Force transport plane."
    )
    aid = next(e for e in events(ex) if e[0] == "AidDecision")
    assert aid[2].get("target") != "Indian air force"


def test_a_purpose_clause_shares_the_place_of_its_verb(extract_text):
    _, ex = extract_text(
        "In Kasungu, Mwale's home village in Dowa district, about 300 supporters gathered on "
        "Tuesday to protest against what they called a political arrest."
    )
    protest = next(e for e in events(ex) if e[0] == "Protest")
    assert protest[2].get("place") == "Kasungu"


def test_a_wire_datelines_place_is_no_participant(extract_text):
    _, ex = extract_text(
        "Manila and rebels extend truce\n\n"
        "MANILA, Philippines, March 25 - The Philippine government and the Moro Islamic "
        "Liberation Front agreed at talks in Kuala Lumpur on Feb. 6, 2024 to extend the truce."
    )
    agreed = [e for e in events(ex) if e[0] == "Agreement"]
    assert agreed and not any(e[2].get("actor") == "Philippines" for e in agreed)
