"""Quantities: numbers in a sentence -> typed values with unit, what is counted and qualifier,
hung on the event or claim they measure.

"nearly 1,300 square kilometers" -> 1300 km2 (area, "nearly"); "between 10,000 and 12,000
soldiers" -> min 10000, max 12000 soldiers; "300 North Korean soldiers killed" -> 300,
counted "killed"; "about two-thirds of the territory" -> 0.6667 share. Works on plain text
with character offsets so it also catches what the tagger misses ("more than 90 square
kilometers"); dates, years and ordinals are left alone. A quantity then hangs on the event
whose trigger governs it in the parse, else on the claim whose content holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Span

from graph import reference
from graph.model import Claim, Event, PlacedQuantity, Quantity
from graph.pipeline.extract.context import Chunk

_SMALL = {**reference.NUMBER_WORDS, "dozens": 24, "dozen": 12, "a dozen": 12}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one-half": 0.5,
    "a third": 1 / 3,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one-quarter": 0.25,
    "three-quarters": 0.75,
    "one-fourth": 0.25,
    "one-fifth": 0.2,
    "two-fifths": 0.4,
    "three-fifths": 0.6,
    "one-tenth": 0.1,
    "a tenth": 0.1,
}
_QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "upwards of",
    "an estimated",
    "approximately",
    "roughly",
    "around",
    "about",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "just over",
    "just under",
)
_UNITS = (
    (r"square (?:kilometers|kilometres|km)|sq\.? km|km2|km²", "km2", "area"),
    (r"square miles|sq\.? mi", "mi2", "area"),
    (r"kilometers|kilometres|km", "km", "distance"),
    (r"miles", "mi", "distance"),
    (r"meters|metres", "m", "distance"),
    (r"percent|per cent|%", "percent", "share"),
    (r"tons|tonnes", "t", "mass"),
)
_OUTCOMES = (
    "killed",
    "dead",
    "wounded",
    "injured",
    "captured",
    "missing",
    "displaced",
    "detained",
    "taken prisoner",
    "evacuated",
    "arrested",
)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|billion|thousand))?"
    r"|dozens|(?:a |one |two |three |four |five |several )?(?:hundred|thousand)s?"
    r"(?:\s+(?:thousand|million))?"
    r"|" + "|".join(sorted(_SMALL, key=len, reverse=True))
)
_FRACTION = "|".join(sorted((re.escape(f) for f in _FRACTIONS), key=len, reverse=True))
_QUAL = "|".join(_QUALIFIERS)
_UNIT = "|".join(u for u, _, _ in _UNITS)
_PATTERN = re.compile(
    rf"(?<![\w-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:between\s+(?P<lo>{_NUMBER})\s+and\s+(?P<hi>{_NUMBER})"
    rf"|(?P<lo2>{_NUMBER})\s*(?:-|–|to)\s*(?P<hi2>{_NUMBER})"
    rf"|(?P<frac>{_FRACTION})"
    rf"|(?P<num>{_NUMBER}))"
    rf"(?:\s*(?P<unit>{_UNIT})\b)?"
    rf"(?P<rest>(?:\s+(?:of\s+)?[^\W\d][\w'’-]*){{0,4}})",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"^(1[89]|20)\d{2}$")


def sentence_quantities(
    sent: Span,
    chunk: Chunk,
    sentence: int,
    events: Sequence[Event],
    sentence_events: Sequence[int],
    claims: Sequence[Claim],
) -> Iterator[PlacedQuantity]:
    """The sentence's quantities outside its date phrases, each placed on what it measures."""
    date_spans = [
        (chunk.offset + e.start_char, chunk.offset + e.end_char)
        for e in sent.ents
        if e.label_ in ("DATE", "TIME")
    ]
    for quantity in find_quantities(chunk.text, sent.start_char, sent.end_char):
        shifted = replace(
            quantity, start=quantity.start + chunk.offset, end=quantity.end + chunk.offset
        )
        if any(a <= shifted.start < b for a, b in date_spans):
            continue
        yield place_quantity(shifted, chunk, sentence, events, sentence_events, claims)


def place_quantity(
    quantity: Quantity,
    chunk: Chunk,
    sentence: int,
    events: Sequence[Event],
    sentence_events: Sequence[int],
    claims: Sequence[Claim],
) -> PlacedQuantity:
    """Hang a quantity on the event whose trigger governs it, else on the claim holding it."""
    token = chunk.token_at(quantity.start)
    by_trigger = {events[i].start: i for i in sentence_events}
    if token is not None:
        for ancestor in [token, *token.ancestors]:
            index = by_trigger.get(chunk.char(ancestor))
            if index is not None:
                return PlacedQuantity(quantity, sentence, event=index)
    for number, claim in enumerate(claims):
        if claim.sentence == sentence and claim.content_start <= quantity.start < claim.content_end:
            return PlacedQuantity(quantity, sentence, claim=number)
    if sentence_events:
        return PlacedQuantity(quantity, sentence, event=sentence_events[0])
    return PlacedQuantity(quantity, sentence)


def parse_number(text: str) -> float | None:
    """ "1,300" -> 1300; "1.5 million" -> 1.5e6; "twelve" -> 12; "hundreds" -> 200;
    "several hundred thousand" -> 300000."""
    words = " ".join(text.lower().split()).split()
    scale = 1.0
    while words and words[-1].rstrip("s") in _SCALE:
        word = words.pop()
        scale *= _SCALE[word.rstrip("s")]
        if word.endswith("s") and not words:
            return 2 * scale  # "hundreds" / "thousands": at least two of them
    low = " ".join(words)
    if not low:
        return scale
    if low in _SMALL:
        return _SMALL[low] * scale
    if low in ("a", "one"):
        return scale
    if low == "several":
        return 3 * scale
    try:
        return float(low.replace(",", "")) * scale
    except ValueError:
        return None


def find_quantities(
    text: str, start: int = 0, end: int | None = None, skip: list[tuple[int, int]] | None = None
) -> Iterator[Quantity]:
    """Quantities in ``text[start:end]``; spans in ``skip`` (dates) are ignored."""
    window = text[start:end]
    for match in _PATTERN.finditer(window):
        core_start = start + match.start()
        if skip and any(a <= core_start < b for a, b in skip):
            continue
        groups = match.groupdict()
        lo, hi = groups["lo"] or groups["lo2"], groups["hi"] or groups["hi2"]
        number = groups["num"]
        if number and (_YEARLIKE.match(number) and not groups["unit"]):
            continue
        if number and number.lower() in ("one", "a") and not groups["unit"]:
            continue  # "one day", "one of the": not a count
        value, minimum, maximum = _values(groups)
        if value is None and (minimum is None or maximum is None):
            continue
        rest = groups["rest"] or ""
        unit, counted = _unit(groups["unit"])
        if groups["frac"]:
            unit, counted = "fraction", _noun_after(rest, fraction=True) or "share"
        elif counted is None:
            counted = _noun_after(rest)
        outcome = next((o for o in _OUTCOMES if re.search(rf"\b{o}\b", rest.lower())), None)
        if outcome:
            counted = "killed" if outcome == "dead" else outcome
        vague_plural = bool(number) and number.lower() in (
            "hundreds",
            "thousands",
            "dozens",
            "millions",
        )
        if counted is None and unit is None and not (lo and hi) and not vague_plural:
            continue  # a bare number with nothing counted: too vague to keep
        end_offset = core_start + len(match.group(0)) - len(rest)
        if outcome:
            end_offset = core_start + match.group(0).lower().find(outcome) + len(outcome)
        elif counted and unit is None:
            noun_at = rest.lower().find(counted.lower())
            if noun_at >= 0:
                end_offset = core_start + len(match.group(0)) - len(rest) + noun_at + len(counted)
        yield Quantity(
            core_start,
            end_offset,
            text[core_start:end_offset],
            value,
            minimum,
            maximum,
            unit,
            counted,
            _qualifier(groups["qual"], number),
        )


def _values(groups: dict[str, str | None]) -> tuple[float | None, float | None, float | None]:
    """(value, minimum, maximum): a range has the two bounds, anything else one value."""
    lo, hi = groups["lo"] or groups["lo2"], groups["hi"] or groups["hi2"]
    if lo and hi:
        return None, parse_number(lo), parse_number(hi)
    if groups["frac"]:
        return round(_FRACTIONS[groups["frac"].lower()], 4), None, None
    return parse_number(groups["num"] or ""), None, None


def _qualifier(written: str | None, number: str | None) -> str | None:
    """The qualifier as written ("nearly"); a vague number ("several", "hundreds") is one."""
    qualifier = written.lower() if written else None
    vague = number.lower().split() if number else []
    if (
        number
        and vague
        and (
            vague[0] == "several"
            or (len(vague) == 1 and vague[0].endswith("s") and vague[0].rstrip("s") in _SCALE)
        )
    ):
        qualifier = qualifier or number.lower()
    return qualifier


def _unit(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    for pattern, unit, counted in _UNITS:
        if re.fullmatch(pattern, text, re.IGNORECASE):
            return unit, counted
    return None, None


_STOP = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "to",
    "in",
    "on",
    "by",
    "for",
    "from",
    "with",
    "at",
    "as",
    "its",
    "their",
    "his",
    "her",
    "was",
    "were",
    "is",
    "are",
    "had",
    "have",
    "through",
    "into",
    "than",
    "that",
    "which",
    "who",
    "within",
}


def _noun_after(rest: str, fraction: bool = False) -> str | None:
    """The counted noun: first plural-looking word after the number (skipping modifiers)."""
    words = [w.strip("'’") for w in rest.split()]
    for word in words:
        low = word.lower()
        if low in _STOP:
            if fraction or low == "of":
                continue
            return None
        if fraction and low not in _STOP:
            if word[0].isupper() and low.endswith("'s"):
                continue
            if not word[0].isupper():
                return low
            continue
        if word[0].isupper():
            continue  # "300 North Korean soldiers": skip the demonym
        if low.endswith("s") or low in ("personnel", "people", "staff", "civilians"):
            return low
        if low in _OUTCOMES:
            return low
    return None
