"""Dates: time expressions -> normalized values that keep the precision the text gives.

"On August 6, 2024" -> 2024-08-06 (day); "by January" -> 2025-01 (month) when the narrative
around it is in early 2025; "autumn 2024" -> 2024 (year, note "autumn"); "last week" and
"three years ago" against the document date. A bare month or day gets the year of the latest
explicit date before it in the text (the *context*), rolled over when the neighbouring year
is much closer: "September" after "August 6, 2024" is 2024-09, "January" after "November
2024" is 2025-01.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from graph import reference
from graph.model import DAY, MONTH, YEAR, TimeValue

_MONTHS = reference.MONTHS
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEASONS = {
    "spring": "spring",
    "summer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
}
_PARTS = {
    "early": "early",
    "mid": "mid",
    "late": "late",
    "the end of": "late",
    "the beginning of": "early",
    "the start of": "early",
    "the middle of": "mid",
}
# A day and month at most this many days before the document's date is the recent one.
_RECENT_DAYS = 31
# ... or at most this many days after a date inferred from the text (a lower bound).
_AHEAD_OF_INFERRED_DAYS = 62
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"a": 1, "an": 1, **reference.NUMBER_WORDS}

_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?(?:\s+(\d{{4}}))?\b")
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_BARE_MONTH = re.compile(rf"\b({_MONTH})\b")
_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(\d{4}))?")
_PART_YEAR = re.compile(
    r"\b(early|mid|late|the end of|the beginning of|the start of|"
    r"the middle of)[\s-]+(\d{4})\b"
)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_AGO = re.compile(
    r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\s+(day|week|month|year)s?\s+ago\b"
)
_RELATIVE = re.compile(
    r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)\s+(day|week|month|year)s?\s+(earlier|before|later|"
    r"after)\b"
)
_LAST = re.compile(r"\b(last|this|next)\s+(week|month|year)\b")

_FULL_DATES = (
    # August 6, 2024 / Aug. 6 2024
    re.compile(
        rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I
    ),
    # 6 August 2024
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I
    ),
    # 2024-08-06
    re.compile(r"\b(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})\b"),
)


def _year_for(
    month: int,
    day: int,
    context: dt.date | None,
    document_date: dt.date | None,
    inferred: dt.date | None = None,
) -> int | None:
    """Year of a bare month (and day): the year the narrative is in ("By September" after
    "August 6, 2024"; "by January" in a 2025 context), rolled over to the neighbouring year
    only when that is much closer ("January" after "November 2024" is 2025). Never after a
    publication date the document states; a date inferred from the text only stands in for
    a missing context."""
    if context is None:
        context = document_date or inferred
        if context is None:
            return None
    year = context.year
    same = abs((dt.date(year, month, min(day, 28)) - context).days)
    if same > 183:
        for other in (year - 1, year + 1):
            if abs((dt.date(other, month, min(day, 28)) - context).days) <= 92:
                year = other
    if document_date is not None and dt.date(year, month, min(day, 28)) > document_date:
        year -= 1
    return year


def _recent_year(month: int, day: int, anchor: dt.date | None, ahead: int) -> int | None:
    """The year that puts a day and month in the month before the document's date (or up to
    ``ahead`` days after it), if one does: "freed on March 14" in a story of March 26 is this
    March 14, whatever year an aside ("dissolved in July 2023") left the narrative in."""
    if anchor is None:
        return None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            back = (anchor - dt.date(year, month, day)).days
        except ValueError:
            return None
        if -ahead <= back <= _RECENT_DAYS:
            return year
    return None


def _day_month_year(
    month: int,
    day: int,
    context: dt.date | None,
    document_date: dt.date | None,
    inferred: dt.date | None,
) -> int | None:
    """Year of a day and month written without one: the recent one when the document's
    date makes it so, else the narrative's. An inferred document date is only the latest
    date the text tells, so the story may go on a little past it."""
    recent = (
        _recent_year(month, day, document_date, 0)
        if document_date is not None
        else _recent_year(month, day, inferred, _AHEAD_OF_INFERRED_DAYS)
    )
    return recent or _year_for(month, day, context, document_date, inferred)


def normalize(
    text: str,
    context: dt.date | None,
    document_date: dt.date | None = None,
    date_known: bool = True,
) -> TimeValue | None:
    """Normalize one time expression; ``context`` is the latest explicit date before it.

    ``document_date`` anchors "last week"; when it was only inferred from the text
    (``date_known`` false) it is a lower bound, so it does not cap bare months.
    """
    cap = document_date if date_known else None
    low = " ".join(text.lower().split())
    if match := _ISO.search(low):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    inferred = None if date_known else document_date
    if match := _MONTH_FIRST.search(low):
        month, day = _MONTHS[match[1]], int(match[2])
        # "between July 25 and July 27, 2024": the year closing a range is the range's
        later = _YEAR.search(low, match.end())
        year = (
            int(match[3])
            if match[3]
            else int(later[1])
            if later
            else _day_month_year(month, day, context, cap, inferred)
        )
        if year is not None and day <= 31:
            return _day(year, month, day)
    if match := _DAY_FIRST.search(low):
        day, month = int(match[1]), _MONTHS[match[2]]
        year = int(match[3]) if match[3] else _day_month_year(month, day, context, cap, inferred)
        if year is not None:
            return _day(year, month, day)
    if match := _MONTH_YEAR.search(low):
        return TimeValue(f"{int(match[2]):04d}-{_MONTHS[match[1]]:02d}", MONTH)
    if match := _PART_YEAR.search(low):
        return TimeValue(match[2], YEAR, _PARTS[match[1]])
    if match := _SEASON.search(low):
        year = int(match[2]) if match[2] else (context.year if context else None)
        return TimeValue(str(year), YEAR, _SEASONS[match[1]]) if year else None
    if (match := _RELATIVE.search(low)) and context is not None:
        # "a week earlier": relative to the date the narrative is at, not to today
        amount = _count(match[1]) * (1 if match[3] in ("earlier", "before") else -1)
        value = _ago(context, amount, match[2], note="relative")
        return (
            TimeValue(value.value, value.precision if match[2] != "week" else DAY, "relative")
            if match[2] != "week"
            else _day_value(context - dt.timedelta(weeks=amount), "relative")
        )
    reference = document_date
    if reference is not None:
        if match := _AGO.search(low):
            return _ago(reference, _count(match[1]), match[2])
        if match := _LAST.search(low):
            step = {"last": -1, "this": 0, "next": 1}[match[1]]
            return _ago(reference, -step, match[2], note=f"{match[1]} {match[2]}")
        for offset, word in ((0, "today"), (1, "yesterday")):
            if re.search(rf"\b{word}\b", low):
                return _day_value(reference - dt.timedelta(days=offset))
        for index, weekday in enumerate(_WEEKDAYS):
            if re.search(rf"\b{weekday}\b", low):
                back = (reference.weekday() - index) % 7
                return _day_value(reference - dt.timedelta(days=back), note=weekday)
    if match := _BARE_MONTH.search(low):
        month = _MONTHS[match[1]]
        if match[1] == "may" and not re.fullmatch(r"(in |by |since |until |early |late )?may", low):
            return None  # the verb "may"
        year = _year_for(month, 1, context, cap, inferred)
        return TimeValue(f"{year:04d}-{month:02d}", MONTH) if year is not None else None
    if match := _YEAR.search(low):
        return TimeValue(match[1], YEAR)
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _day(year: int, month: int, day: int) -> TimeValue | None:
    try:
        return _day_value(dt.date(year, month, day))
    except ValueError:
        return None


def _day_value(value: dt.date, note: str | None = None) -> TimeValue:
    return TimeValue(value.isoformat(), DAY, note)


def _ago(reference: dt.date, amount: int, unit: str, note: str | None = None) -> TimeValue:
    if unit == "day":
        return _day_value(reference - dt.timedelta(days=amount), note)
    if unit == "week":  # the day is not known: month precision
        day = reference - dt.timedelta(weeks=amount)
        return TimeValue(f"{day.year:04d}-{day.month:02d}", MONTH, note or "approximate")
    if unit == "month":
        total = reference.year * 12 + reference.month - 1 - amount
        return TimeValue(f"{total // 12:04d}-{total % 12 + 1:02d}", MONTH, note)
    return TimeValue(f"{reference.year - amount:04d}", YEAR, note)


def is_duration(text: str) -> bool:
    """ "three-year", "nearly nine months", "just one day": a length of time, not a date."""
    low = text.lower()
    if _AGO.search(low) or _LAST.search(low) or _RELATIVE.search(low):
        return False
    return bool(
        re.search(
            r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"several|few|many|the initial|the first|the past|the last)"
            r"[\s-]+(day|week|month|year|hour|decade)s?\b",
            low,
        )
    )


# "PORT-AU-PRINCE, April 1 (Reuters) -", "CÚCUTA, Colombia, Jan. 21 (Reuters) -",
# "KATHMANDU, 5 November -": an upper-case place, an optional country, the day and month
# (and maybe the year), an optional credit, then a dash. Upper case is checked apart.
_DATELINE = re.compile(
    rf"^(?P<place>[^\W\d][^\n,()]{{1,40}}),(?:\s*[^\W\d][^\n,()\d]{{1,30}},)?\s*"
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?)"
    r"(?:,?\s+(?P<y>\d{4}))?\s*(?:\([^()\n]{1,40}\)\s*)?[-\u2013\u2014]",
    re.I | re.M,
)
# Years a story looks forward to ("by 2030", "until 2027"), not years it has lived through.
_TARGET_YEAR = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+end\s+of\s+)?(\d{4})\b", re.I)


def dateline(text: str) -> tuple[int, int, int | None] | None:
    """Month, day and (when written) year of the wire dateline that opens the story.

    Only the first two lines are read (a headline may come first), and the place must be
    written in capitals, as wire services do, so an ordinary sentence never passes."""
    head = "\n".join(text.lstrip().split("\n", 3)[:3])
    for match in _DATELINE.finditer(head):
        if not match["place"].isupper():
            continue
        month = _MONTHS[(match["m1"] or match["m2"]).lower()]
        day = int(match["d1"] or match["d2"])
        return month, day, int(match["y"]) if match["y"] else None
    return None


def narrative_year(text: str) -> int | None:
    """The latest year the story itself has reached: the greatest year written in it, other
    than years it looks forward to ("by 2030"). A yearless dateline is dated in it."""
    targets = {m.start(1) for m in _TARGET_YEAR.finditer(text)}
    years = [int(m[1]) for m in _YEAR.finditer(text) if m.start(1) not in targets]
    return max(years, default=None)


def full_dates(text: str) -> Iterator[dt.date]:
    """Every full calendar date (day, month and year) written in ``text``."""
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mn"]) if parts.get("mn") else _MONTHS[parts["m"].lower()]
            try:
                yield dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
