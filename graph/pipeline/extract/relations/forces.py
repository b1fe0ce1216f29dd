"""Armed forces and groups: partOf, deployedTo, aidTo from the parse.

Takes "part of" in apposition ("the 41st Combined Arms Army, part of the Central Group of
Forces"), a possessive owner ("Hezbollah's Radwan Force", "its Central Group of Forces"),
"X from Y" between units, backing ("an Iran-backed movement", "troops backed by Wagner"),
basing ("headquartered in El Fasher", "deployed in Mali", "the U.N. mission in Mali,
MINUSMA"); gives partOf, deployedTo and aidTo. Also says who can act as a side and which
force an actor stands for, which the event relations (:mod:`.from_events`) share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Token

from graph import reference
from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.arguments import arg_for, key_text, nearest_state
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.phrases import starts_beside


def part_of_apposition(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "the 41st Combined Arms Army, part of the Central Group of Forces" (also when the
    apposition hangs on "units of X and Y")."""
    for part in (
        c
        for c in token.children
        if c.lower_ == "part" and c.dep_ in ("appos", "amod", "npadvmod", "acl")
    ):
        wholes = [
            chunk.token_mention[o.i]
            for of in part.children
            if of.dep_ == "prep" and of.lower_ == "of"
            for o in of.children
            if o.i in chunk.token_mention
        ]
        if token.i in chunk.token_mention:
            heads = [token]
        else:
            heads = [
                o
                for of in token.children
                if of.dep_ == "prep" and of.lower_ == "of"
                for o in of.children
            ]
        parts = [
            chunk.token_mention[t.i]
            for h in heads
            for t in (h, *h.conjuncts)
            if t.i in chunk.token_mention
        ]
        for whole in wholes:
            for index in parts:
                if index != whole and mentions[index].kind in ("military_unit", "organization"):
                    yield Relation(
                        Arg("subject", mention=index),
                        "partOf",
                        Arg("object", mention=whole),
                        sentence,
                        rule="part-of",
                    )


def backing(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "an Iran-backed movement", "Malian troops backed by Wagner fighters" -> aidTo."""
    if token.lemma_.lower() not in lexicon().backing_verbs or token.dep_ not in ("amod", "acl"):
        return
    noun = token.head
    backed = arg_for(noun, chunk, mentions, "object")
    if backed is None and noun.dep_ == "appos":
        backed = arg_for(noun.head, chunk, mentions, "object")  # "X, an Iran-backed group"
    if backed is None:
        return
    if token.dep_ == "amod":
        table = reference.countries()
        backers = [
            arg_for(c, chunk, mentions, "subject")
            or (
                Arg("subject", key=f"country:{country.code}")
                if (country := table.by_demonym(c.text))
                else None
            )  # "Russian-backed"
            for c in token.children
            if c.dep_ in ("npadvmod", "compound", "nmod", "amod")
        ]
    else:
        backers = [
            arg_for(o, chunk, mentions, "subject")
            for a in token.children
            if a.dep_ == "agent"
            for o in a.children
            if o.dep_ == "pobj"
        ]
    for backer in backers:
        if (
            backer is not None
            and is_actor(backer, mentions)
            and key_text(backer, mentions) != key_text(backed, mentions)
        ):
            yield Relation(backer, "aidTo", backed, sentence, rule="backed")


def basing(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "the 6th Infantry Division, which is headquartered in El Fasher", "1,500 Russian
    fighters are deployed in Mali" -> deployedTo."""
    if token.lower_ in lexicon().mission_nouns:
        # "the United Nations peacekeeping mission in Mali, MINUSMA" (the name may hang on
        # the mission or, misparsed, on the place)
        named = [
            t
            for t in token.subtree
            if t.dep_ == "appos"
            and t.i in chunk.token_mention
            and mentions[chunk.token_mention[t.i]].kind in ("organization", "military_unit")
        ]
        if (
            token.dep_ == "appos"
            and token.head.i in chunk.token_mention
            and starts_beside(token.head, token, chunk)
        ):
            named.append(token.head)
        places = [
            o
            for p in token.children
            if p.dep_ == "prep" and p.lower_ == "in"
            for o in p.children
            if o.i in chunk.token_mention and mentions[chunk.token_mention[o.i]].kind == "place"
        ]
        for name in named:
            for obj in places:
                yield Relation(
                    Arg("subject", mention=chunk.token_mention[name.i]),
                    "deployedTo",
                    Arg("object", mention=chunk.token_mention[obj.i]),
                    sentence,
                    rule="based",
                )
        return
    if token.lemma_.lower() not in lexicon().basing_verbs or token.pos_ != "VERB":
        return
    if token.dep_ in ("relcl", "acl"):
        unit = arg_for(token.head, chunk, mentions, "subject")
    else:
        subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        unit = arg_for(subject, chunk, mentions, "subject") if subject is not None else None
    force = force_of(unit, mentions) if unit is not None else None
    if force is None:
        return
    for prep in (
        c
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "to", "inside", "outside")
    ):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            place = arg_for(obj, chunk, mentions, "object")
            if (
                place is not None
                and place.mention is not None
                and mentions[place.mention].kind == "place"
            ):
                yield Relation(force, "deployedTo", place, sentence, rule="based")


def owned_by_force(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "the British military's Maritime Trade Operations", "Hezbollah's Radwan Force" ->
    partOf the owning force or group; "its Central Group of Forces" -> partOf the forces of
    the one state named before it in the sentence."""
    mention = mentions[index]
    if (
        mention.kind not in ("organization", "military_unit")
        or chunk.token_mention.get(token.head.i) == index
    ):
        return
    if (
        mention.kind == "military_unit"
        and not mention.state
        and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children)
    ):
        state = nearest_state(token, chunk, mentions)  # "Russia's ministry ... its Group"
        if state is not None:
            yield Relation(
                Arg("subject", mention=index),
                "partOf",
                Arg("object", key=f"forces:{state}"),
                sentence,
                rule="possessive",
            )
    heads = [token]
    if token.dep_ in ("compound", "nmod") and token.head.i not in chunk.token_mention:
        heads.append(token.head)  # "the British military's <name> agency"
    for owner in (
        c for h in heads for c in h.children if c.dep_ == "poss" and c.i in chunk.token_mention
    ):
        whole = chunk.token_mention[owner.i]
        if whole == index:
            continue
        other = mentions[whole]
        if other.kind == "military_unit" or (
            other.kind == "organization" and mention.kind == "military_unit"
        ):
            yield Relation(
                Arg("subject", mention=index),
                "partOf",
                Arg("object", mention=whole),
                sentence,
                rule="possessive",
            )


def is_actor(arg: Arg, mentions: Sequence[Mention]) -> bool:
    """Whether an argument can take a side: a state, its forces, a unit, a person, a group."""
    if arg.key:
        return arg.key.startswith(("forces:", "country:"))
    mention = mentions[arg.mention] if arg.mention is not None else None
    return mention is not None and (
        mention.kind in ("military_unit", "person", "organization") or mention.subtype == "country"
    )


def force_of(arg: Arg, mentions: Sequence[Mention]) -> Arg | None:
    """The unit an actor stands for: a unit itself, or a state's armed forces."""
    if arg.key and arg.key.startswith("forces:"):
        return replace(arg, role="subject")
    if arg.key and arg.key.startswith("country:"):
        return Arg("subject", key="forces:" + arg.key.split(":", 1)[1])
    if arg.mention is None:
        return None
    mention = mentions[arg.mention]
    if mention.kind == "military_unit":
        return Arg("subject", mention=arg.mention)
    if mention.subtype == "country" and mention.state:
        return Arg("subject", key=f"forces:{mention.state}")
    return None
