"""Names for IRIs: an entity parameter takes a label or alias, a class parameter a plain
class name, looked up in the seed graph the way ``find-entity`` finds entities."""

from __future__ import annotations

import pytest

from graph.errors import QueryError

ID = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"


@pytest.mark.parametrize(
    ("name", "iri"),
    [
        ("Volodymyr Zelensky", "person/volodymyr-zelensky"),  # its label
        ("volodymyr  ZELENSKY ", "person/volodymyr-zelensky"),  # any case and spacing
        ("Zelensky", "person/volodymyr-zelensky"),  # an alias
        ("Kyiv", "place/ukraine"),  # the capital's name is an alias of the state
        ("Syrskyi", "person/oleksandr-syrskyi"),  # part of one entity's name only
        ("South Korea", "place/south-korea"),  # a whole label beats a name containing it
        ("Kursk", "place/kursk-region"),  # an alias beats the labels that contain it
    ],
)
def test_an_entity_name_resolves_to_its_iri(engine, name, iri):
    assert engine.resolve_name(name) == ID + iri


@pytest.mark.parametrize(
    ("name", "iri"),
    [("Person", "Person"), ("person", "Person"), ("military unit", "MilitaryUnit")],
)
def test_a_plain_class_name_resolves_to_the_class(engine, name, iri):
    assert engine.resolve_name(name) == KG + iri


def test_an_ambiguous_name_lists_every_candidate_in_one_line(engine):
    with pytest.raises(QueryError) as error:
        engine.resolve_name("Korea")
    message = str(error.value)
    assert "\n" not in message and "'Korea' could be any of 4" in message
    for candidate in (
        "North Korea (id:place/north-korea)",
        "South Korea (id:place/south-korea)",
        "North Korean armed forces (id:unit/north-korean-armed-forces)",
        "South Korean intelligence service (id:organization/south-korean-intelligence-service)",
    ):
        assert candidate in message


def test_an_unknown_name_says_so(engine):
    with pytest.raises(QueryError, match="no entity or class is named 'Atlantis'"):
        engine.resolve_name("Atlantis")


def test_a_saved_query_takes_a_name_for_an_entity_parameter(engine, library):
    by_iri = engine.run(library["events-of-entity"], {"entity": "id:person/volodymyr-zelensky"})
    by_name = engine.run(library["events-of-entity"], {"entity": "Volodymyr Zelensky"})
    assert len(by_iri) > 0 and by_name.rows == by_iri.rows


@pytest.mark.parametrize("value", ["Person", "person", "kg:Person", KG + "Person"])
def test_a_class_parameter_takes_the_plain_class_name(engine, library, value):
    rows = engine.run(library["entities-by-type"], {"type": value}).records()
    assert {row["type"] for row in rows} == {KG + "Person"} and len(rows) >= 5


def test_a_class_parameter_names_its_choices_for_another_class(engine, library):
    with pytest.raises(QueryError, match="must be one of: kg:Person, kg:Place"):
        engine.run(library["entities-by-type"], {"type": "Country"})
    two_words = engine.run(library["entities-by-type"], {"type": "military unit"}).records()
    assert {row["type"] for row in two_words} == {KG + "MilitaryUnit"}
