import datetime as dt

import pytest

from graph.dates import dateline, is_duration, narrative_year, normalize
from graph.model import DAY, MONTH, YEAR, TimeValue

AUG_2024 = dt.date(2024, 8, 6)
APR_2025 = dt.date(2025, 4, 19)


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("On August 6, 2024", None, TimeValue("2024-08-06", DAY)),
        ("19 April 2025", None, TimeValue("2025-04-19", DAY)),
        ("2023-09-19", None, TimeValue("2023-09-19", DAY)),
        ("By September", AUG_2024, TimeValue("2024-09", MONTH)),
        ("by January", APR_2025, TimeValue("2025-01", MONTH)),
        ("January", dt.date(2024, 11, 20), TimeValue("2025-01", MONTH)),  # roll-over forward
        ("December", dt.date(2025, 2, 1), TimeValue("2024-12", MONTH)),  # and backward
        ("March 11", dt.date(2025, 2, 28), TimeValue("2025-03-11", DAY)),
        ("February 2025", None, TimeValue("2025-02", MONTH)),
        ("autumn 2024", None, TimeValue("2024", YEAR, "autumn")),
        ("By fall", AUG_2024, TimeValue("2024", YEAR, "autumn")),
        ("early 2025", None, TimeValue("2025", YEAR, "early")),
        ("in 2023", None, TimeValue("2023", YEAR)),
    ],
)
def test_precision_is_kept_and_year_comes_from_context(text, context, expected):
    assert normalize(text, context) == expected


def test_relative_dates_use_the_document_date():
    published = dt.date(2025, 4, 23)  # a Wednesday
    assert normalize("last week", None, published) == TimeValue("2025-04", MONTH, "last week")
    assert normalize("three years ago", None, published) == TimeValue("2022", YEAR)
    assert normalize("on Monday", None, published) == TimeValue("2025-04-21", DAY, "monday")
    assert normalize("yesterday", None, published) == TimeValue("2025-04-22", DAY)


def test_bare_month_is_the_latest_one_before_the_document_date():
    published = dt.date(2025, 1, 14)
    # "since capturing Avdiivka in February 2024, taking Selydove in October"
    assert normalize("in October", dt.date(2024, 2, 1), published) == TimeValue("2024-10", MONTH)
    assert normalize("March 11", dt.date(2025, 2, 28), dt.date(2025, 4, 19)) == TimeValue(
        "2025-03-11", DAY
    )


def test_relative_to_the_narrative_date():
    assert normalize("a week earlier", dt.date(2024, 10, 8)) == TimeValue(
        "2024-10-01", DAY, "relative"
    )
    assert normalize("two days later", dt.date(2024, 10, 8)) == TimeValue(
        "2024-10-10", DAY, "relative"
    )


def test_bare_month_without_context_is_left_out():
    assert normalize("September", None) is None
    assert normalize("officials may say", APR_2025) is None


def test_durations_are_not_dates():
    assert is_duration("Nearly nine months")
    assert is_duration("three-year")
    assert is_duration("just one day")
    assert not is_duration("August 6, 2024")
    assert not is_duration("three years ago")


def test_xsd_types_follow_precision():
    values = [normalize(t, APR_2025) for t in ("May 2, 2025", "May 2025", "2025")]
    assert [v.xsd_type if v else None for v in values] == [
        "date",
        "gYearMonth",
        "gYear",
    ]


def test_range_takes_the_closing_year_and_inferred_date_stands_in_for_context():
    assert normalize("Between July 25 and July 27, 2024", None) == TimeValue("2024-07-25", DAY)
    # A date inferred from the text is no cap, but it anchors a bare day with no context.
    assert normalize("January 12", None, dt.date(2024, 1, 26), date_known=False) == TimeValue(
        "2024-01-12", DAY
    )


def test_day_and_month_just_before_the_document_date_is_the_recent_one():
    # an aside ("banned in July 2029") left the narrative a year back; the story's now wins
    value = normalize("on March 14", dt.date(2029, 7, 1), dt.date(2030, 3, 26))
    assert value == TimeValue("2030-03-14", DAY)


def test_day_and_month_after_a_flashback_follow_an_inferred_document_date():
    value = normalize("on April 2", dt.date(2026, 9, 1), dt.date(2031, 3, 20), date_known=False)
    assert value == TimeValue("2031-04-02", DAY)


def test_narrative_year_is_the_latest_year_lived_not_a_target():
    text = "Formed in 2019, the council met so far in 2027 and hopes for peace by 2032."
    assert narrative_year(text) == 2027


def test_dateline_is_read_only_in_capitals_at_the_top():
    assert dateline("Headline\n\nLIMA, Peru, Feb. 3 (AP) - Text.") == (2, 3, None)
    assert dateline("GENEVA, 14 July 2031 - Text.") == (7, 14, 2031)
    assert dateline("Lima, Feb. 3 - Text.") is None
