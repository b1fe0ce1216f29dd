"""Family and birth: relativeOf and bornIn between people and places.

Takes a family noun around a person's name ("Innocent's brother, Claudy Innocent", "X, the
son of the group's founder, Y", "X is the wife of Y") and a passive "born in" ("X, who was
born in Y"); gives relativeOf with the family noun as the role, and bornIn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.phrases import (
    head_noun_mentions,
    phrase_mentions,
    title_nouns,
)


def relatives_of(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Innocent's brother, Claudy Innocent", "Peng Daxun, the son of the group's founder,
    Peng Jiasheng", "X is the wife of Y" -> relativeOf, the family noun kept as the role."""
    mention, lex = mentions[index], lexicon()
    if mention.kind != "person" or chunk.token_mention.get(token.head.i) == index:
        return
    for noun in title_nouns(token, chunk):
        if noun.lemma_.lower() not in lex.family_nouns:
            continue
        kin = [c for c in noun.children if c.dep_ == "poss"] + [
            o
            for p in noun.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        relatives = [m for k in kin for m in phrase_mentions(k, chunk, mentions, people=True)]
        if noun != token.head and any(k.i not in chunk.token_mention for k in kin):
            # "X, the son of the group's founder, Y": Y hung on "son" (or on the title "son"
            # is coordinated with) rather than on "founder"
            hosts = [noun, noun.head] if noun.dep_ == "conj" else [noun]
            relatives += [
                chunk.token_mention[c.i]
                for host in hosts
                for c in host.children
                if c.dep_ == "appos" and c.i in chunk.token_mention and c.i > noun.i
            ]
        for other in dict.fromkeys(r for r in relatives if r != index):
            if mentions[other].kind == "person":
                yield Relation(
                    Arg("subject", mention=index),
                    "relativeOf",
                    Arg("object", mention=other),
                    sentence,
                    rule="family",
                    role=noun.text.lower(),
                )


def birthplace(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "X was born in Y", "X, who was born in Y" -> X bornIn Y."""
    if token.lemma_.lower() != "bear" or not any(c.dep_ == "auxpass" for c in token.children):
        return
    if token.dep_ == "relcl":
        people = head_noun_mentions(token.head, chunk)
    else:
        people = [
            m
            for c in token.children
            if c.dep_ == "nsubjpass"
            for m in phrase_mentions(c, chunk, mentions)
        ]
    places = [
        chunk.token_mention[o.i]
        for p in token.children
        if p.dep_ == "prep" and p.lower_ == "in"
        for o in p.children
        if o.dep_ == "pobj" and o.i in chunk.token_mention
    ]
    for person in (p for p in people if mentions[p].kind == "person"):
        for place in (p for p in places if mentions[p].kind == "place"):
            yield Relation(
                Arg("subject", mention=person),
                "bornIn",
                Arg("object", mention=place),
                sentence,
                rule="born",
            )
