"""What place lies in what: locatedIn.

Takes a place described in apposition ("El Fasher, the last major city in the Darfur
region"); gives locatedIn. Also says which of two places is the larger kind
(``data/relations.yaml``: place sizes), for the "X in Y" shapes of ``data/patterns.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon


def described_place(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "El Fasher, the last major city in the Darfur region" -> locatedIn Darfur."""
    place = mentions[index]
    if place.kind != "place" or place.subtype == "country":
        return
    for appos in (
        c for c in token.children if c.dep_ == "appos" and c.lemma_.lower() in lexicon().place_nouns
    ):
        for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
            for obj in (c for c in prep.children if c.i in chunk.token_mention):
                outer = chunk.token_mention[obj.i]
                if mentions[outer].kind == "place" and outer != index:
                    yield Relation(
                        Arg("subject", mention=index),
                        "locatedIn",
                        Arg("object", mention=outer),
                        sentence,
                        rule="apposition",
                    )


def larger(outer: Mention, inner: Mention) -> bool:
    """Whether ``outer`` is a larger kind of place than ``inner``: a region than a town, a
    province than a district (the kind word ending a region's name), a country than both."""
    return _size(outer, unknown=None) > _size(inner, unknown=0.0)


def _size(place: Mention, unknown: float | None) -> float:
    """A place's size on the subtype scale; ``unknown`` for a place the tables do not know
    (a small place as the inner one, never larger as the outer one)."""
    lex = lexicon()
    if place.subtype is None or place.subtype not in lex.place_sizes:
        return -1.0 if unknown is None else unknown
    size = float(lex.place_sizes[place.subtype])
    if place.subtype == "region":  # between a settlement and a country, by its kind word
        words = place.name.lower().split()
        level = lex.division_levels.get(words[-1], 3) if words else 3
        size = size + level / 10 - 0.3
    return size
