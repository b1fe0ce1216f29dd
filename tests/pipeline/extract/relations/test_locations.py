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
}


@pytest.mark.parametrize("text, expected", PHRASINGS.values(), ids=PHRASINGS.keys())
def test_a_phrasing_gives_its_relations(extract_text, text, expected):
    _, ex = extract_text(text)
    found = relations(ex)
    for relation in expected:
        assert relation in found
