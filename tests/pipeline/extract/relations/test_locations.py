"""What place lies in what, one phrasing at a time."""

import pytest

from tests.pipeline.extract.helpers import relations

# One phrasing, the relations it gives.
PHRASINGS = {
    "place_described_by_apposition_lies_in_the_named_region": (
        "On June 15, 2024, the RSF attacked El Fasher, the last major city in "
        "the Darfur region still outside RSF control.",
        [("El Fasher", "locatedIn", "Darfur region")],
    ),
    "a_district_lies_in_the_province_it_is_of": (
        "Two teachers were shot in Sai Buri district of Pattani province on Tuesday.",
        [("Sai Buri district", "locatedIn", "Pattani province")],
    ),
    "a_place_the_tables_do_not_know_lies_in_the_named_district": (
        "Rescuers reached the village of Mbalame in Dedza district on Friday.",
        [("Mbalame", "locatedIn", "Dedza district")],
    ),
    "an_area_of_a_city_lies_in_the_city": (
        "The minister was arrested at his home in Kanengo, an industrial area of Lilongwe.",
        [("Kanengo", "locatedIn", "Lilongwe")],
    ),
}


def test_a_province_is_not_in_a_district(extract_text):
    _, ex = extract_text("Floods hit Pattani province in Sai Buri district on Tuesday.")
    assert ("Pattani province", "locatedIn", "Sai Buri district") not in relations(ex)


@pytest.mark.parametrize("text, expected", PHRASINGS.values(), ids=PHRASINGS.keys())
def test_a_phrasing_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
