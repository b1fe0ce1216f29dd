"""What place lies in what: locatedIn.

Takes a place described in apposition ("El Fasher, the last major city in the Darfur
region") and "X in Y" between places, the second of a larger kind
(``data/relations.yaml``: place sizes); gives locatedIn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Token

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.phrases import prepositional_holder


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


def prepositional_location(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    """ "Pokrovsk in the Donetsk region" -> locatedIn, when the second is the larger kind."""
    held = prepositional_holder(token, index, chunk)
    if held is None:
        return
    prep, holder_index = held
    a, b = mentions[holder_index], mentions[index]
    if (
        a.kind == "place"
        and b.kind == "place"
        and prep.lower_ in ("in", "of")
        and _contains(b.subtype, a.subtype)
    ):
        yield Relation(
            Arg("subject", mention=holder_index),
            "locatedIn",
            Arg("object", mention=index),
            sentence,
            rule="prep",
        )


def _contains(outer: str | None, inner: str | None) -> bool:
    """Whether a place of subtype ``outer`` is a larger kind than one of ``inner``."""
    sizes = lexicon().place_sizes
    if outer is None or inner is None:
        return False
    return outer in sizes and inner in sizes and sizes[outer] > sizes[inner]
