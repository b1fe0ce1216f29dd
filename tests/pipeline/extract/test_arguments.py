"""Argument rules: which entity a subject or object phrase stands for."""

from tests.pipeline.extract.helpers import events


def test_title_head_in_a_headline_is_not_its_country(extract_text):
    _, ex = extract_text("Zambia's foreign minister quits after arrest")
    assert not any(e[2].get("actor") == "Zambia" for e in events(ex))


def test_title_head_stands_for_the_person_named_with_that_title(extract_text):
    _, ex = extract_text(
        "Foreign Minister John Banda was questioned by police on Monday. "
        "On Tuesday Zambia's foreign minister resigned."
    )
    resignation = next(e for e in events(ex) if e[0] == "Resignation")
    assert resignation[2]["actor"] == "John Banda"


def test_former_commander_of_a_group_is_not_the_group(extract_text):
    _, ex = extract_text(
        "In June 2025, a court in Bamako jailed a former Wagner Group commander for 30 years."
    )
    assert not any(e[2].get("target") == "Wagner Group" for e in events(ex))


def test_the_police_as_subject_is_the_police_named_before(extract_text):
    _, ex = extract_text(
        "The Kenya Police Service said officers had arrested ten men in Nakuru. "
        "The police detained two more suspects on Tuesday."
    )
    actors = [e[2].get("actor") for e in events(ex) if e[0] == "Arrest"]
    assert "Kenya Police Service" in actors


def test_the_court_as_subject_is_the_court_named_before(extract_text):
    _, ex = extract_text(
        "Bolivia's Supreme Court heard the case in May. "
        "The court sentenced Luis Arce to ten years on Tuesday."
    )
    sentence = next(e for e in events(ex) if e[0] == "LegalAction")
    assert sentence[2]["actor"] == "Supreme Court"


def test_gunmen_from_a_named_group_act_for_the_group(extract_text):
    _, ex = extract_text(
        "On March 3, 2025, dozens of militants from the Arakan Army attacked a police post."
    )
    attack = next(e for e in events(ex) if e[0] == "Attack")
    assert attack[2]["actor"] == "Arakan Army"


def test_it_after_a_name_standing_alone_resolves_and_terminates(extract_text):
    # a mention that is its sentence's root once looped forever (spaCy tokens are never
    # identical objects, so "head is not token" never ends at the root)
    _, ex = extract_text("Hezbollah. It attacked an Israeli base on March 3, 2025.")
    attack = next(e for e in events(ex) if e[0] == "Attack")
    assert attack[2]["actor"] == "Hezbollah"
