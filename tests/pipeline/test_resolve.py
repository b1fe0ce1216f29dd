from graph.pipeline.index import CorpusIndex
from graph.pipeline.resolve import full_resolution, resolve_entities, update


def entities(extract_text, *texts):
    extractions = [extract_text(text, doc_id=f"d{i}")[1] for i, text in enumerate(texts)]
    return {e.label: e for e in resolve_entities(extractions).entities}


def test_surname_joins_full_name_across_documents(extract_text):
    found = entities(
        extract_text,
        "President Volodymyr Zelensky spoke in Kyiv.",
        "Zelensky later met Donald Trump.",
    )
    zelensky = found["Volodymyr Zelensky"]
    assert "Zelensky" in zelensky.aliases
    assert zelensky.documents == ("d0", "d1")
    assert [r.value for r in zelensky.roles] == ["President"]


def test_metonyms_are_aliases_of_the_state(extract_text):
    found = entities(
        extract_text, "Moscow announced a ceasefire. The Kremlin said Russia would comply."
    )
    assert {"Moscow", "Kremlin"} <= set(found["Russia"].aliases)
    assert found["Russia"].subtype == "country"


def test_branch_is_part_of_implied_armed_forces_of_its_state(extract_text):
    found = entities(extract_text, "Belarusian special forces closed the crossing.")
    unit = found["Belarusian special forces"]
    assert unit.part_of is not None and unit.part_of.value == "forces:BY"
    assert found["Belarusian armed forces"].documents == ()
    assert found["Belarus"].subtype == "country"


def test_border_guards_belong_to_their_state_not_its_armed_forces(extract_text):
    found = entities(extract_text, "Belarusian border guards closed the crossing.")
    guard = found["Belarusian border guard"]
    assert guard.state is not None and guard.state.value == "country:BY"
    assert guard.part_of is None and "Belarusian armed forces" not in found


def test_acronym_and_prefix_join_the_long_name(extract_text):
    found = entities(
        extract_text,
        "The Rapid Support Forces (RSF) attacked El Fasher. The RSF "
        "denied it, said Maria Lopez of the Carnegie Endowment for International "
        "Peace.",
        "The Carnegie Endowment published a report.",
    )
    assert "RSF" in found["Rapid Support Forces"].aliases
    assert found["Rapid Support Forces"].kind == "military_unit"
    assert "Carnegie Endowment" in found["Carnegie Endowment for International Peace"].aliases


def test_settlements_get_coordinates_and_their_country(extract_text):
    found = entities(extract_text, "Russian forces captured Sudzha and shelled Kharkiv.")
    sudzha = found["Sudzha"]
    assert sudzha.geonameid and 51 < (sudzha.lat or 0) < 52
    assert sudzha.state is not None and sudzha.state.value == "country:RU"


def test_slugs_are_unique_per_kind(extract_text):
    found = entities(
        extract_text,
        "Troops moved near Donetsk in Ukraine and also near the "
        "Russian town of Donetsk in the Rostov region.",
    )
    slugs = [e.slug for e in found.values() if e.kind == "place"]
    assert len(slugs) == len(set(slugs))


def test_an_update_names_what_it_touched(extract_text):
    first = extract_text("Zelensky said Ukrainian troops held the line.", doc_id="a")
    second = extract_text("President Volodymyr Zelensky visited Kharkiv.", doc_id="b")
    extracted = {"a": first[1], "b": second[1]}
    with CorpusIndex.memory() as index:
        added = update(index, [first], read=extracted.__getitem__)
        assert added.documents == {"a"} and not added.removed
        assert "person:zelensky" in added.entities
        lone_iri = index.nodes(["person:zelensky"])["person:zelensky"].iri
        # b names Zelensky in full: a's lone surname joins him, so a is rewritten too.
        joined = update(index, [second], read=extracted.__getitem__)
        assert joined.documents == {"a", "b"}
        assert "person:volodymyr zelensky" in joined.entities
        assert lone_iri in joined.old_iris and "person:zelensky" not in index.nodes(
            ["person:zelensky"]
        )
        gone = update(index, removed=["b"], read=extracted.__getitem__)
        assert gone.removed == {"b"} and gone.documents == {"a"}
        assert "person:zelensky" in full_resolution(index).nodes


def test_towns_lie_in_the_named_division_and_it_in_its_country(extract_text):
    found = entities(
        extract_text,
        "Police patrolled Mirebalais and Hinche, two towns of the Centre department, "
        "after gangs attacked a prison in Haiti.",
    )
    centre = found["Centre department"]
    assert centre.state is not None and centre.state.value == "country:HT"
    assert centre.lat is not None and 18 < centre.lat < 20  # the map can place it
    for town in ("Mirebalais", "Hinche"):
        state = found[town].state
        assert state is not None and state.value == centre.key


def test_a_district_lies_in_the_division_of_its_namesake_town(extract_text):
    found = entities(
        extract_text,
        "Floods hit Mbour department on Monday, officials in Senegal's Thiès region said.",
    )
    mbour = found["Mbour department"]
    assert mbour.state is not None and mbour.state.value == found["Thiès region"].key
