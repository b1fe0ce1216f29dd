"""Which mentions a phrase names: the parse readers several relation families share.

Take a token of a parsed chunk and give mention indexes: the names a noun phrase or list
names ("A, B and C", "gang leaders A and B"), the name a clause's head noun stands for, the
nouns a person's name is described by (apposition or copula), and the name a prepositional
phrase hangs on; with two tests, whether a verb is negated and whether an apposition starts
right after its name.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from graph.model import Mention
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon


def title_nouns(token: Token, chunk: Chunk) -> list[Token]:
    """The nouns a person's name is described by: "X, the son of Y" and "Y's brother, X"
    (apposition either way round), "X is the secretary general of Y" (copula)."""
    nouns = [
        n
        for c in token.children
        if c.dep_ == "appos" and c.i not in chunk.token_mention
        for n in (c, *c.conjuncts)  # "X, the group's commander and the son of Y"
        if n.i not in chunk.token_mention
    ]
    if token.dep_ == "appos" and token.head.i not in chunk.token_mention:
        nouns.append(token.head)
    if token.dep_ == "nsubj" and token.head.lemma_ == "be":
        nouns += [
            c for c in token.head.children if c.dep_ == "attr" and c.i not in chunk.token_mention
        ]
    return nouns


def phrase_mentions(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], people: bool = False
) -> list[int]:
    """The mentions a noun phrase names: its own and its conjuncts' ("A, B and C"), or the
    names in apposition to a plain noun ("gang leaders A, B and C"); with ``people``, also
    the person a plain noun is apposed to ("the group's founder, X")."""
    found = []
    for head in (token, *token.conjuncts):
        if head.i in chunk.token_mention:
            found.append(chunk.token_mention[head.i])
            found += _listed_after(head, chunk, mentions)
            continue
        for named in (c for c in head.children if c.dep_ == "appos" and c.i in chunk.token_mention):
            found += [
                chunk.token_mention[t.i]
                for t in (named, *named.conjuncts)
                if t.i in chunk.token_mention
            ]
        if not people:
            found += [
                chunk.token_mention[c.i]
                for c in head.children
                if c.dep_ == "compound"
                and c.i in chunk.token_mention
                and head.i not in chunk.token_mention
                and head.lemma_.lower() in lexicon().alliance_nouns
            ]
    return list(dict.fromkeys(found))


def _listed_after(name: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[int]:
    """The rest of a list of names that the parser hung on its first name as apposition
    ("A, B and C" parsed as A <- appos B <- conj C): only names of the first one's kind."""
    first = chunk.token_mention[name.i]
    found = []
    for appos in (c for c in name.children if c.dep_ == "appos" and c.i in chunk.token_mention):
        listed = [appos, *appos.conjuncts]
        if all(t.i in chunk.token_mention for t in listed) and len(listed) > 1:
            found += [
                chunk.token_mention[t.i]
                for t in listed
                if mentions[chunk.token_mention[t.i]].kind == mentions[first].kind
            ]
    return [f for f in found if f != first]


def head_noun_mentions(noun: Token, chunk: Chunk) -> list[int]:
    """The mention a clause's head noun stands for: itself, the name it is in apposition
    to ("Viv Ansanm, an alliance ... led by X"), or through "an alliance of groups led by
    X" the name the phrase describes."""
    for _ in range(3):
        if noun.i in chunk.token_mention:
            return [chunk.token_mention[noun.i]]
        if noun.dep_ == "appos" and noun.head.i in chunk.token_mention:
            return [chunk.token_mention[noun.head.i]]
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            noun = noun.head.head
            continue
        break
    return []


def starts_beside(name: Token, appos: Token, chunk: Chunk) -> bool:
    """Whether an apposition starts right after the name (and its comma or bracket): one
    the parser hung on a name half a sentence away ("X was arrested by peacekeepers of Y,
    the U.N. mission") describes something else."""
    end, mention = name.i, chunk.token_mention.get(name.i)
    while mention is not None and chunk.token_mention.get(end + 1) == mention:
        end += 1
    start = min(t.i for t in appos.subtree)
    return 0 < start - end <= 3


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)
