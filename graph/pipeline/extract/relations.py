"""Relations: who is whose leader, member, part, backer; what lies where; who fought whom.

Two sources give relations between entities. The parse around a name: titles ("U.S.
President Donald Trump" -> leaderOf), appositions ("X, a Sudan analyst at Chatham House" ->
memberOf; "the SAF, led by General Burhan" -> commanderOf), possessives, "part of", "backed
by", "headquartered in" and "X in Y" (``data/relations.yaml``, ``data/leaders.yaml``). And
the events of the sentence: an assault makes foughtAgainst, a deployment deployedTo, a
meeting metWith, an aid decision aidTo. Each rule yields nothing when the parse is unsure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from spacy.tokens import Span, Token

from graph import reference
from graph.model import Arg, Event, Mention, Relation
from graph.pipeline.extract.arguments import arg_for, key_text, nearest_group, nearest_state
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import FactLexicon, lexicon


def sentence_relations(
    sent: Span,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    events: Sequence[Event],
    sentence_events: Sequence[int],
    year: int | None = None,
) -> Iterator[Relation]:
    """Affiliation and location from the parse; combat, deployment, meetings from events."""
    for token in sent:
        yield from _token_relations(token, chunk, mentions, sentence, year)
    for number in sentence_events:
        yield from _event_relations(events[number], chunk, mentions, sentence)


def _token_relations(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int, year: int | None
) -> Iterator[Relation]:
    """Every parse rule on one token, in a fixed order (the first of two equal relations
    is the one kept, with its rule and role)."""
    index = chunk.token_mention.get(token.i)
    yield from _part_of(token, chunk, mentions, sentence)
    if index is not None:
        yield from _apposition_and_leaders(token, index, chunk, mentions, sentence)
        yield from _government_of(token, index, mentions, sentence, year)
        yield from _titled_members(token, index, chunk, mentions, sentence)
    yield from _backing(token, chunk, mentions, sentence)
    yield from _basing(token, chunk, mentions, sentence)
    if index is not None:
        yield from _owned_by_force(token, index, chunk, mentions, sentence)
        yield from _described_place(token, index, chunk, mentions, sentence)
        yield from _prepositional(token, index, chunk, mentions, sentence)


def _prepositional(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    """ "Israeli soldiers from the Golani Brigade" -> partOf; "Jane Miller of the Institute"
    -> memberOf; "Pokrovsk in the Donetsk region" -> locatedIn."""
    if token.dep_ != "pobj":
        return
    prep = token.head
    holder = prep.head
    holder_index = chunk.token_mention.get(holder.i)
    if holder_index is None or holder_index == index:
        return
    a, b = mentions[holder_index], mentions[index]
    if (
        a.kind == "military_unit"
        and b.kind == "military_unit"
        and prep.lower_ in ("from", "of")
        and a.key
        and a.key.startswith("forces:")
        and not (b.key or "").startswith("forces:")
    ):
        # "Israeli soldiers from the Golani Brigade": the brigade is of those forces
        yield Relation(
            Arg("subject", mention=index),
            "partOf",
            Arg("object", mention=holder_index),
            sentence,
            rule="prep",
        )
    if (
        a.kind == "person"
        and b.kind == "organization"
        and prep.lower_ in lexicon().affiliation_preps
    ):
        yield Relation(
            Arg("subject", mention=holder_index),
            "memberOf",
            Arg("object", mention=index),
            sentence,
            rule="affiliation",
        )
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


def _event_relations(
    event: Event, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    """The relations an event states between its arguments, unless it is negated."""
    if event.negated:
        return
    # An argument behind its own attribution is one side's word, not the writer's.
    vouched = [a for a in event.args if not _attributed_aside(a, chunk, mentions)]
    actors = [a for a in vouched if a.role == "actor"]
    targets = [a for a in vouched if a.role == "target"]
    beneficiaries = [a for a in event.args if a.role == "beneficiary"]
    if event.plover == "ASSAULT":
        yield from _fought(actors, targets, mentions, sentence)
    if event.event_class in ("Deployment", "Offensive"):
        places = [a for a in vouched if a.role == "place"]
        deployment = event.event_class == "Deployment"
        yield from _deployed(
            actors, places, beneficiaries if deployment else [], mentions, sentence
        )
    if event.event_class == "Meeting":
        participants = [a for a in vouched if a.role == "participant"]
        yield from _met(actors + participants + targets, sentence)
    if event.event_class == "AidDecision":
        yield from _aided(actors, targets + beneficiaries, mentions, sentence)


def _fought(
    actors: list[Arg], targets: list[Arg], mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    for actor in actors:
        for target in targets:
            if _is_actor(target, mentions) and _is_actor(actor, mentions):
                yield _between(actor, "foughtAgainst", target, sentence)


def _deployed(
    actors: list[Arg],
    places: list[Arg],
    beneficiaries: list[Arg],
    mentions: Sequence[Mention],
    sentence: int,
) -> Iterator[Relation]:
    """Each actor's force deployedTo each place; a deployment to help is aidTo too."""
    for actor in actors:
        unit = _force_of(actor, mentions)
        for place in places:
            if unit is not None:
                yield Relation(
                    unit, "deployedTo", replace(place, role="object"), sentence, rule="event"
                )
        for beneficiary in beneficiaries:
            yield _between(actor, "aidTo", beneficiary, sentence)


def _met(people: list[Arg], sentence: int) -> Iterator[Relation]:
    for i, left in enumerate(people):
        for right in people[i + 1 :]:
            if left != right:
                yield _between(left, "metWith", right, sentence)


def _aided(
    actors: list[Arg], receivers: list[Arg], mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    for actor in actors:
        for receiver in receivers:
            if _is_actor(receiver, mentions):
                yield _between(actor, "aidTo", receiver, sentence)


def _between(subject: Arg, predicate: str, obj: Arg, sentence: int) -> Relation:
    """An event's relation between two of its arguments."""
    return Relation(
        replace(subject, role="subject"),
        predicate,
        replace(obj, role="object"),
        sentence,
        rule="event",
    )


def role_relations(
    mentions: Sequence[Mention], lex: FactLexicon, year: int | None
) -> Iterable[Relation]:
    """ "U.S. President Donald Trump" -> Trump leaderOf United States (role kept); a bare
    "President Zelensky" takes his state from the leaders' actor dictionary."""
    for index, mention in enumerate(mentions):
        if mention.kind != "person":
            continue
        for role in mention.roles:
            words = tuple(role.lower().split())
            for cut in range(len(words)):
                found = lex.role_titles.get(words[cut:])
                if found is None:
                    continue
                predicate, target = found
                state = mention.state
                if state is None and predicate == "leaderOf":
                    state = _known_leader(mention.name, lex, year)
                if state is None:
                    break
                key = {"state": "country", "forces": "forces", "general-staff": "general-staff"}[
                    target
                ]
                yield Relation(
                    Arg("subject", mention=index),
                    predicate,
                    Arg("object", key=f"{key}:{state}"),
                    mention.sentence,
                    rule="role",
                    role=role,
                )
                break


def _known_leader(name: str, lex: FactLexicon, year: int | None) -> str | None:
    """The state a person leads per the actor dictionary, in the document's year; a lone
    surname counts only if it names one state's leader then. Unsure means no answer."""
    words = reference.fold(name).split()
    if not words:
        return None
    terms = lex.leader_terms.get(" ".join(words)) or lex.leader_terms.get(
        f"{words[0]} {words[-1]}", ()
    )
    states = {
        term.state for term in terms if year is None or term.first <= year <= (term.last or year)
    }
    return states.pop() if len(states) == 1 else None


def _attributed_aside(arg: Arg, chunk: Chunk, mentions: Sequence[Mention]) -> bool:
    """The argument comes right after a comma-enclosed attribution: "taking Selydove and,
    Moscow claims, Kurakhove" or ", according to Kyiv, X"."""
    if arg.mention is None:
        return False
    token = chunk.token_at(mentions[arg.mention].start)
    if token is None or token.i < 3 or token.nbor(-1).text != ",":
        return False
    doc, close = token.doc, token.i - 1
    open_ = next((i for i in range(close - 1, max(close - 8, -1), -1) if doc[i].text == ","), None)
    if open_ is None:
        return False
    aside = doc[open_ + 1 : close]
    reporting = lexicon().reporting_verbs
    return len(aside) > 1 and (
        aside[0].lower_ == "according"
        or any(t.pos_ == "VERB" and t.lemma_.lower() in reporting for t in aside)
    )


def _part_of(
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


def _apposition_and_leaders(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Samira Haddad, a Sudan analyst at Chatham House" -> memberOf;
    "the SAF, led by General Burhan" -> Burhan commanderOf SAF (leaderOf for a state)."""
    mention = mentions[index]
    if mention.kind == "person":
        spoken_for: set[int] = set()  # one edge per apposition: the most specific
        for appos in (
            c
            for c in token.children
            if c.dep_ == "appos"
            and c.lemma_.lower() in ("spokesman", "spokeswoman", "spokesperson")
        ):
            for prep in (
                c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
            ):
                # the head of the phrase first: "for Ukraine's military intelligence agency"
                # is the agency's spokesman, not Ukraine's
                heads = [c for c in prep.children if c.dep_ == "pobj"]
                for obj in (c for c in [*heads, *prep.subtree] if c.i in chunk.token_mention):
                    # "Viktor Trehubov, spokesman for the Khortytsia group"
                    spoken_for.add(chunk.token_mention[obj.i])
                    yield Relation(
                        Arg("subject", mention=index),
                        "spokespersonFor",
                        Arg("object", mention=chunk.token_mention[obj.i]),
                        sentence,
                        rule="apposition",
                        role=appos.text,
                    )
                    break
        for appos in (c for c in token.children if c.dep_ == "appos"):
            orgs = [
                chunk.token_mention[t.i]
                for t in appos.subtree
                if t.i in chunk.token_mention
                and t.i != token.i
                and mentions[chunk.token_mention[t.i]].kind == "organization"
                and (t.dep_ == "compound" or t.head.dep_ == "prep" or t.head.head == appos)
            ]
            for org in dict.fromkeys(o for o in orgs if o not in spoken_for):
                yield Relation(
                    Arg("subject", mention=index),
                    "memberOf",
                    Arg("object", mention=org),
                    sentence,
                    rule="apposition",
                    role=appos.lemma_ if appos.pos_ == "NOUN" else None,
                )
        return
    lead_verbs = lexicon().lead_verbs
    for acl in (c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in lead_verbs):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            for person in (c for c in agent.subtree if c.i in chunk.token_mention):
                leader = chunk.token_mention[person.i]
                if mentions[leader].kind != "person":
                    continue
                predicate = lead_verbs[acl.lemma_.lower()]
                if mention.kind == "military_unit" and predicate == "leaderOf":
                    predicate = "commanderOf"
                yield Relation(
                    Arg("subject", mention=leader),
                    predicate,
                    Arg("object", mention=index),
                    sentence,
                    rule="led-by",
                    role=acl.lemma_.lower(),
                )
                break


def _titled_members(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "The Houthis' leader, Abdul Malik al-Houthi" -> chiefOf the Houthis; "army
    spokesman Colonel X" -> spokespersonFor the one national army of the sentence and the
    two before it (none if there are two); "the group's deputy leader" -> memberOf."""
    mention, lex = mentions[index], lexicon()
    if mention.kind != "person" or chunk.token_mention.get(token.head.i) == index:
        return  # only the head word of the name
    titles = [c for c in token.children if c.dep_ in ("compound", "appos")]
    for title in list(titles):  # "army spokesman Brigadier General X": a chain of compounds
        titles += [c for c in title.children if c.dep_ == "compound"]
    if token.dep_ == "appos":
        titles.append(token.head)
    for title in titles:
        word = title.lemma_.lower()
        predicate = lex.organization_titles.get(word)
        if predicate is None:
            continue
        before = {c.lower_ for c in title.children if c.dep_ in ("amod", "compound")}
        if before & lex.past_modifiers:
            continue
        if before & lex.member_only_modifiers:
            predicate = "memberOf"
        owners = [c for c in title.children if c.dep_ in ("poss", "compound", "nmod")]
        if any(c.lower_ in ("its", "their") for c in owners):
            group = nearest_group(title, chunk, mentions)  # "the State Department said
            if group is not None:  # its special envoy, X"
                owners.append(next(t for t in title.sent if chunk.token_mention.get(t.i) == group))
        owners += [
            o
            for p in title.children
            if p.dep_ == "prep" and p.lower_ in ("of", "for")
            for o in p.children
            if o.dep_ == "pobj"
        ]
        found = [
            chunk.token_mention[o.i]
            for o in owners
            if o.i in chunk.token_mention
            and mentions[chunk.token_mention[o.i]].kind in ("organization", "military_unit")
        ]
        for owner in found:
            unit = mentions[owner].kind == "military_unit"
            yield Relation(
                Arg("subject", mention=index),
                "commanderOf" if unit and predicate == "chiefOf" else predicate,
                Arg("object", mention=owner),
                sentence,
                rule="title",
                role=word,
            )
        national = (
            _national_force(mention.sentence, mentions)
            if not found and mention.state is None and before & {"army", "military"}
            else None
        )
        if national is not None:
            yield Relation(
                Arg("subject", mention=index),
                predicate,
                Arg("object", key=national),
                sentence,
                rule="title",
                role=word,
            )


def _national_force(sentence: int, mentions: Sequence[Mention]) -> str | None:
    """The one state's armed forces named in this sentence or the two before it."""
    keys = {
        m.key
        for m in mentions
        if m.key and m.key.startswith("forces:") and sentence - 2 <= m.sentence <= sentence
    }
    return keys.pop() if len(keys) == 1 else None


def _backing(
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
            and _is_actor(backer, mentions)
            and key_text(backer, mentions) != key_text(backed, mentions)
        ):
            yield Relation(backer, "aidTo", backed, sentence, rule="backed")


def _basing(
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
        if token.dep_ == "appos" and token.head.i in chunk.token_mention:
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
    force = _force_of(unit, mentions) if unit is not None else None
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


def _owned_by_force(
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


def _described_place(
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


def _government_of(
    token: Token, index: int, mentions: Sequence[Mention], sentence: int, year: int | None
) -> Iterable[Relation]:
    """ "Burhan's government operates from Port Sudan" -> Burhan leaderOf Sudan, when the
    text or the leaders' dictionary says which state he leads."""
    mention = mentions[index]
    if (
        mention.kind != "person"
        or token.dep_ != "poss"
        or token.head.lemma_.lower() not in lexicon().government_nouns
    ):
        return
    state = mention.state or _known_leader(mention.name, lexicon(), year)
    if state is not None:
        yield Relation(
            Arg("subject", mention=index),
            "leaderOf",
            Arg("object", key=f"country:{state}"),
            sentence,
            rule="government",
            role=token.head.lemma_.lower(),
        )


def _contains(outer: str | None, inner: str | None) -> bool:
    """Whether a place of subtype ``outer`` is a larger kind than one of ``inner``."""
    sizes = lexicon().place_sizes
    if outer is None or inner is None:
        return False
    return outer in sizes and inner in sizes and sizes[outer] > sizes[inner]


def _is_actor(arg: Arg, mentions: Sequence[Mention]) -> bool:
    if arg.key:
        return arg.key.startswith(("forces:", "country:"))
    mention = mentions[arg.mention] if arg.mention is not None else None
    return mention is not None and (
        mention.kind in ("military_unit", "person", "organization") or mention.subtype == "country"
    )


def _force_of(arg: Arg, mentions: Sequence[Mention]) -> Arg | None:
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


def unique_relations(relations: Iterable[Relation]) -> list[Relation]:
    seen: dict[tuple[Any, ...], Relation] = {}
    for relation in relations:
        key = (relation.subject, relation.predicate, relation.object, relation.sentence)
        seen.setdefault(key, relation)
    return list(seen.values())
