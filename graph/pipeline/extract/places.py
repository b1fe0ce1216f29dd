"""Places in document context: administrative divisions and the countries regions are in.

A region mention ("Shan state", "the Centre department", "Norte de Santander") is placed
only once the whole document is read: the countries it names decide which "Centre" (Haiti's
department or Burkina Faso's region) is meant. The divisions table
(:mod:`graph.divisions`) knows first-level divisions by name; a region it does not know
("Jajarkot district") is placed in the country of its namesake town.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graph import reference
from graph.divisions import divisions
from graph.model import REGION, Mention
from graph.reference import fold


def region_states(mentions: Sequence[Mention]) -> list[Mention]:
    """Region mentions no owner placed get the country of the division (else the namesake
    town) of their name, preferring the countries the rest of the document names."""
    prefer = frozenset(m.state for m in mentions if m.state)
    return [
        replace(m, state=region_country(m.key.split(":", 1)[1], prefer))
        if m.subtype == REGION and m.state is None and m.key and m.key.startswith("region:")
        else m
        for m in mentions
    ]


def region_country(stem: str, prefer: frozenset[str]) -> str | None:
    division = divisions().lookup(stem, prefer)
    if division is not None:
        return division.country_code
    # A lower region ("Jajarkot district") is in its namesake town's country; a town abroad
    # does not count when the document names its countries ("Pende" is also in France).
    town = reference.settlements().lookup(stem, prefer)
    if town is None or (prefer and town.country_code not in prefer):
        return None
    return town.country_code


def named_divisions(mentions: Sequence[Mention]) -> frozenset[tuple[str, str]]:
    """(country, GeoNames admin1 code) of the divisions the document names, so a town of a
    shared name is taken in the province the text speaks of."""
    out = set()
    for m in mentions:
        if m.subtype != REGION or not m.key or not m.state:
            continue
        stem = m.key.split(":", 1)[1]
        division = divisions().lookup(stem, frozenset({m.state}))
        if division is not None and division.country_code == m.state and division.code:
            out.add((division.country_code, division.code))
            continue
        town = reference.settlements().lookup(stem, frozenset({m.state}))
        if town is not None and town.country_code == m.state and town.admin1:
            out.add((town.country_code, town.admin1))
    return frozenset(out)


def bare_division(m: Mention, prefer: frozenset[str]) -> Mention | None:
    """A place name the tagger found that names a first-level division of a country the
    document names ("Norte de Santander", "Amhara"): that region.

    Only in those countries, and never a compass or kind word on its own ("Centre", "North"),
    which is a division's name somewhere but an ordinary word in a sentence.
    """
    key = fold(m.name)
    lex = reference.lexicon()
    if key in {w.lower() for w in (*lex["directions"], *lex["region_words"], "centre", "center")}:
        return None
    division = divisions().lookup(m.name, prefer)
    if division is None or division.country_code not in prefer:
        return None
    return replace(m, subtype=REGION, key=f"region:{key}", state=division.country_code)
