import pytest

from graph.pipeline.extract.quantities import find_quantities, parse_number


def one(text):
    found = list(find_quantities(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "minimum", "maximum", "unit", "counted", "qual"),
    [
        (
            "the seizure of nearly 1,300 square kilometers",
            1300,
            None,
            None,
            "km2",
            "area",
            "nearly",
        ),
        (
            "approximately 100 settlements within",
            100,
            None,
            None,
            None,
            "settlements",
            "approximately",
        ),
        (
            "had sent between 10,000 and 12,000 soldiers to",
            None,
            10000,
            12000,
            None,
            "soldiers",
            None,
        ),
        ("estimated 300 North Korean soldiers killed and", 300, None, None, None, "killed", None),
        (
            "about two-thirds of the Kursk territory",
            0.6667,
            None,
            None,
            "fraction",
            "territory",
            "about",
        ),
        ("by crawling 15 kilometers through a pipeline", 15, None, None, "km", "distance", None),
        (
            "control over more than 90 square kilometers.",
            90,
            None,
            None,
            "km2",
            "area",
            "more than",
        ),
        (
            "about one-fifth of Ukraine's territory",
            0.2,
            None,
            None,
            "fraction",
            "territory",
            "about",
        ),
        ("some 1.5 million people fled", 1_500_000, None, None, None, "people", "some"),
    ],
)
def test_quantity_values_units_and_qualifiers(text, value, minimum, maximum, unit, counted, qual):
    q = one(text)
    assert (q.value, q.minimum, q.maximum, q.unit, q.counted, q.qualifier) == (
        value,
        minimum,
        maximum,
        unit,
        counted,
        qual,
    )
    assert text[q.start : q.end] == q.text


def test_wounded_after_a_bare_number():
    found = list(find_quantities("300 soldiers killed and 2,700 wounded by January"))
    assert [(q.value, q.counted) for q in found] == [(300, "killed"), (2700, "wounded")]


def test_years_dates_and_lone_numbers_are_not_quantities():
    assert list(find_quantities("In 2024, the war entered its third year.")) == []
    assert list(find_quantities("one of the units", 0)) == []


def test_parse_number_words_and_scales():
    assert parse_number("twelve") == 12
    assert parse_number("2.5 million") == 2_500_000
    assert parse_number("hundreds") == 200


def test_quantities_hang_on_the_event_they_measure(extract_text):
    _, ex = extract_text("Russian forces captured nearly 400 square kilometers in May 2024.")
    placed = ex.facts.quantities[0]
    assert placed.quantity.value == 400 and placed.quantity.unit == "km2"
    assert ex.facts.events[placed.event].event_class == "Capture"
