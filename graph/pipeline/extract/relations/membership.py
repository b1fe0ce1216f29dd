"""Groups and their members: membership verbs, composition, alliances.

Takes a membership verb ("A, B and C belong to the coalition", "the group joined the CPC",
"X defected to Y"), a composition verb ("the Alliance, made up of A, B and C", "the
coalition comprises A and B") and a member noun in apposition ("the APR, the largest party
in the coalition", "the alliance's three members, A, B and C"); gives memberOf for a person
and partOf for a group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.phrases import head_noun_mentions, is_negated, phrase_mentions


def membership_clause(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Gang leaders A, B and C also belong to the coalition", "the group joined the CPC",
    "X defected to Y": a person is memberOf the group, a group partOf it."""
    prep = lexicon().membership_verbs.get(token.lemma_.lower())
    if prep is None or token.pos_ != "VERB" or is_negated(token):
        return
    if token.dep_ == "relcl":
        members = head_noun_mentions(token.head, chunk)
    else:
        members = [
            m
            for c in token.children
            if c.dep_ == "nsubj"
            for m in phrase_mentions(c, chunk, mentions)
        ]
    if prep:
        objects = [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == prep
            for o in c.children
            if o.dep_ == "pobj"
        ]
    else:
        objects = [c for c in token.children if c.dep_ == "dobj"]
    groups = [m for o in objects for m in phrase_mentions(o, chunk, mentions)]
    for group in (g for g in groups if mentions[g].kind in ("organization", "military_unit")):
        for member in (m for m in members if m != group):
            kind = mentions[member].kind
            if kind in ("organization", "military_unit") or kind == "person":
                yield Relation(
                    Arg("subject", mention=member),
                    "memberOf" if kind == "person" else "partOf",
                    Arg("object", mention=group),
                    sentence,
                    rule="membership",
                    role=token.lemma_.lower(),
                )


def composition_clause(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "The Three Brotherhood Alliance, made up of A, B and C" -> each partOf the alliance;
    "the coalition comprises A and B". "includes" only for a whole named as an alliance."""
    lex = lexicon()
    verb = token.lemma_.lower()
    particles = lex.composition_verbs.get(verb)
    if particles is None or token.pos_ != "VERB" or is_negated(token):
        return
    if token.dep_ in ("acl", "relcl"):
        wholes = head_noun_mentions(token.head, chunk)
    else:
        wholes = [
            m
            for c in token.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for m in phrase_mentions(c, chunk, mentions)
        ]
    words = particles.split()
    prep = words[-1] if words and words[-1] != "together" else None
    if prep:
        listed = [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == prep
            for o in c.children
            if o.dep_ == "pobj"
        ]
    else:
        listed = [c for c in token.children if c.dep_ == "dobj"]
    if token.dep_ == "acl":
        # "the Alliance, made up of A, B (B) and C": the parser may hang B on the alliance
        listed += [c for c in token.head.children if c.dep_ == "appos" and c.i > token.i]
    members = [m for t in listed for m in phrase_mentions(t, chunk, mentions)]
    for whole in wholes:
        if mentions[whole].kind not in ("organization", "military_unit"):
            continue
        if verb == "include" and not _is_alliance(mentions[whole], lex.alliance_nouns):
            continue
        for member in members:
            if member != whole and mentions[member].kind in ("organization", "military_unit"):
                yield Relation(
                    Arg("subject", mention=member),
                    "partOf",
                    Arg("object", mention=whole),
                    sentence,
                    rule="composition",
                )


def alliance_member(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "the APR, the largest party in the coalition" and "the alliance's three members, A,
    B and C" -> partOf the alliance."""
    mention, lex = mentions[index], lexicon()
    if (
        mention.kind not in ("organization", "military_unit")
        or chunk.token_mention.get(token.head.i) == index
    ):
        return
    alliances: list[int] = []
    for noun in (c for c in token.children if c.dep_ == "appos" and c.i not in chunk.token_mention):
        if noun.lemma_.lower() not in lex.alliance_member_nouns:
            continue
        for prep in (
            c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "within")
        ):
            alliances += [
                m
                for o in prep.children
                if o.dep_ == "pobj"
                for m in _alliance_named(o, chunk, mentions)
            ]
    listed = token
    while listed.dep_ == "conj":
        listed = listed.head
    if (
        listed.dep_ == "appos"
        and listed.head.i not in chunk.token_mention
        and listed.head.lemma_.lower() in lex.alliance_member_nouns
    ):
        alliances += [
            chunk.token_mention[c.i]
            for c in listed.head.children
            if c.dep_ == "poss" and c.i in chunk.token_mention
        ]
    for alliance in dict.fromkeys(a for a in alliances if a != index):
        if mentions[alliance].kind in ("organization", "military_unit"):
            yield Relation(
                Arg("subject", mention=index),
                "partOf",
                Arg("object", mention=alliance),
                sentence,
                rule="alliance",
            )


def _alliance_named(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[int]:
    """The alliance a noun names: "the coalition" (a reference to one), "the Y alliance"."""
    lex = lexicon()
    if token.i in chunk.token_mention:
        found = chunk.token_mention[token.i]
        named_as = token.lemma_.lower() in lex.alliance_nouns
        return [found] if named_as or _is_alliance(mentions[found], lex.alliance_nouns) else []
    if token.lemma_.lower() in lex.alliance_nouns:
        return [
            chunk.token_mention[c.i]
            for c in token.children
            if c.dep_ == "compound" and c.i in chunk.token_mention
        ]
    return []


def _is_alliance(mention: Mention, nouns: frozenset[str]) -> bool:
    """Whether a name or the noun it was referred to by is an alliance word."""
    return any(word.lower() in nouns for word in (*mention.name.split(), *mention.text.split()))
