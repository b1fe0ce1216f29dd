"""graph.model: the dataclasses every stage hands on, and the extraction cache's JSON."""

from __future__ import annotations

import json

import pytest

from graph.model import (
    KIND_PATHS,
    MILITARY_UNIT,
    Arg,
    Claim,
    Entity,
    Event,
    Extraction,
    Facts,
    Mention,
    PlacedQuantity,
    Quantity,
    Relation,
    Sentence,
    TimeValue,
)


def an_extraction() -> Extraction:
    mention = Mention(0, 6, "Sudzha", 0, "place", "Sudzha", "settlement", roles=("town",))
    date = TimeValue("2024-08", "month", note="bare month")
    event = Event(0, 10, 17, "stormed", "Attack", "ASSAULT", "19", (Arg("place", 0),), date)
    claim = Claim(1, 20, 40, "said", "asserts", (Arg("claimant", key="country:UA"),), 25, 40, (0,))
    quantity = Quantity(30, 35, "1,300", 1300.0, None, None, "km2", None, "nearly")
    return Extraction(
        "doc",
        "hash",
        (Sentence(0, 0, 18), Sentence(1, 19, 41)),
        (mention,),
        (("SAF", "Sudanese Armed Forces"),),
        Facts(
            (event,),
            (Relation(Arg("subject", 0), "locatedIn", Arg("object", key="country:RU"), 0, "in"),),
            (claim,),
            (PlacedQuantity(quantity, 1, claim=0),),
        ),
        7,
    )


def test_an_extraction_survives_its_json_round_trip_exactly():
    extraction = an_extraction()
    text = json.dumps(extraction.to_json())
    assert Extraction.from_json(json.loads(text)) == extraction


def test_a_cache_from_before_facts_reads_as_version_zero_with_no_facts():
    data = an_extraction().to_json()
    del data["facts"], data["version"]
    old = Extraction.from_json(data)
    assert old.version == 0 and old.facts == Facts()


def test_time_values_know_their_xsd_type_and_first_day():
    assert TimeValue("2024-08-06", "day").xsd_type == "date"
    assert TimeValue("2024-08", "month").anchor.isoformat() == "2024-08-01"
    assert TimeValue("2024", "year").xsd_type == "gYear"


@pytest.mark.parametrize("kind", sorted(KIND_PATHS))
def test_every_kind_has_an_iri_path(kind):
    entity = Entity("k", kind, None, "Label", "label", (), ())
    assert entity.path == KIND_PATHS[kind]
    assert KIND_PATHS[MILITARY_UNIT] == "unit"
