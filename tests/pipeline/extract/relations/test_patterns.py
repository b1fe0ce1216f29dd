"""Relations from the dependency shapes of data/patterns.yaml, one shape at a time."""

import pytest

from tests.pipeline.extract.helpers import relations

SHAPES = {
    "affiliation": (
        "Jane Miller of the Brookings Institution said the talks had stalled.",
        [("Jane Miller", "memberOf", "Brookings Institution")],
    ),
    "part_of_prep": (
        "Israeli soldiers from the Golani Brigade entered the village.",
        [("Golani Brigade", "partOf", "Israeli armed forces")],
    ),
    "location_prep": (
        "Two teachers were shot in Sai Buri district of Pattani province on Tuesday.",
        [("Sai Buri district", "locatedIn", "Pattani province")],
    ),
    "location_prep_first_conjunct": (
        "Most of the dead were in the villages of Athbiskot and Sanibheri in Rukum West "
        "district, officials said.",
        [
            ("Athbiskot", "locatedIn", "Rukum West district"),
            ("Sanibheri", "locatedIn", "Rukum West district"),
        ],
    ),
    "location_of_kind_noun": (
        "Residents of the town of Koui in Ouham-Pendé prefecture fled.",
        [("Koui", "locatedIn", "Ouham-Pendé prefecture")],
    ),
    "location_prep_after_small_place": (
        "Soldiers found a car near the village of Filo Gringo in El Tarra on Jan. 16.",
        [("Filo Gringo", "locatedIn", "El Tarra")],
    ),
}


@pytest.mark.parametrize("text, expected", SHAPES.values(), ids=SHAPES.keys())
def test_a_shape_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found


def test_a_shape_between_names_of_other_kinds_gives_nothing(extract_text):
    # a person "of" a place is no member of it, and a region is not in the town it names
    _, ex = extract_text("Jane Miller of Pattani said the Pattani province in Yala was calm.")
    assert not any(p in ("memberOf", "locatedIn") for _, p, _ in relations(ex))
