"""Relations: who is whose leader, member, part, backer; what lies where; who fought whom.

Two sources give relations between entities. The parse around a name: titles ("U.S.
President Donald Trump" -> leaderOf), appositions ("X, a Sudan analyst at Chatham House" ->
memberOf; "the SAF, led by General Burhan" -> commanderOf), possessives, "part of", "backed
by", "headquartered in" and "X in Y" (``data/relations.yaml``, ``data/leaders.yaml``). And
the events of the sentence: an assault makes foughtAgainst, a deployment deployedTo, a
meeting metWith, an aid decision aidTo. Each rule yields nothing when the parse is unsure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
        yield from _appositions(token, index, chunk, mentions, sentence)
        yield from _government_of(token, index, mentions, sentence, year)
        yield from _titled_members(token, index, chunk, mentions, sentence)
        yield from _state_titles(token, index, chunk, mentions, sentence)
        yield from _implied_titles(token, index, chunk, mentions, sentence, year)
        yield from _body_state(token, index, chunk, mentions, sentence)
        yield from _alliance_member(token, index, chunk, mentions, sentence)
        yield from _relatives(token, index, chunk, mentions, sentence)
    yield from _lead_clause(token, chunk, mentions, sentence)
    yield from _membership(token, chunk, mentions, sentence)
    yield from _composition(token, chunk, mentions, sentence)
    yield from _birthplace(token, chunk, mentions, sentence)
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
    if event.event_class in lexicon().control_classes:
        # "the rebels seized the town": the actor holds the place (dated by the event)
        places = [
            a
            for a in vouched
            if a.role in ("place", "target")
            and a.mention is not None
            and mentions[a.mention].kind == "place"
        ]
        for actor in (a for a in actors if _is_actor(a, mentions)):
            for place in places:
                yield _between(actor, "controls", place, sentence)


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


def _implied_titles(
    token: Token,
    index: int,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    year: int | None,
) -> Iterable[Relation]:
    """A bare "Prime Minister X" or "Home Minister X" serves the one state the story is
    about (:func:`_home_state`): a wire story from Port-au-Prince does not say of where.
    Not a former holder ("former President X", read before the name), not one the leaders'
    dictionary knows, and not when two people in the story hold the same bare title."""
    mention, lex = mentions[index], lexicon()
    if (
        mention.kind != "person"
        or mention.state is not None
        or not mention.roles
        or chunk.token_mention.get(token.i - 1) == index  # once per name: its first word
    ):
        return
    before = [t for t in token.doc[max(token.i - 4, token.sent.start) : token.i]]
    if any(t.lower_ in lex.past_modifiers for t in before):
        return
    for role in mention.roles:
        words = tuple(role.lower().split())
        title = next((words[c:] for c in range(len(words)) if words[c:] in lex.role_titles), None)
        if title is None:
            continue
        predicate, target = lex.role_titles[title]
        if target != "state" or predicate not in ("leaderOf", "ministerOf"):
            continue
        if predicate == "leaderOf" and _known_leader(mention.name, lex, year) is not None:
            continue  # role_relations gives the dictionary's state
        # a state has many ministers but one president: two bare presidents leave both unsure
        holders = {
            m.name
            for m in mentions
            if m.kind == "person"
            and m.state is None
            and any(tuple(r.lower().split()) == words for r in m.roles)
        }
        home = _home_state(mentions)
        if home is None or (
            predicate == "leaderOf" and len(_distinct_people(holders | {mention.name})) != 1
        ):
            continue
        yield Relation(
            Arg("subject", mention=index),
            predicate,
            Arg("object", key=f"country:{home}"),
            sentence,
            rule="implied-title",
            role=role,
        )


def _distinct_people(names: set[str]) -> set[str]:
    """Names of different people: "Fils-Aimé" is the "Alix Didier Fils-Aimé" named too."""
    folded = {reference.fold(n) for n in names}
    return {n for n in folded if not any(o != n and o.endswith(" " + n) for o in folded)}


def _home_state(mentions: Sequence[Mention]) -> str | None:
    """The state a story is about: the one its places lie in at least twice as often as
    in any other (and three times at least); else none."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.kind == "place" and mention.state:
            counts[mention.state] = counts.get(mention.state, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
        return None
    return next(state for state, count in counts.items() if count == ranked[0])


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


def _appositions(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Samira Haddad, a Sudan analyst at Chatham House" -> memberOf; "X, a spokesman for
    Y" -> spokespersonFor. Names inside a relative clause ("the army chief who heads the
    council") or behind a family noun ("the son of the group's founder") are not the
    person's own affiliation; :func:`_lead_clause` and :func:`_relatives` read those."""
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
        family = lexicon().family_nouns
        for appos in (
            c
            for c in token.children
            if c.dep_ == "appos" and c.lemma_.lower() not in family and _beside(token, c, chunk)
        ):
            orgs = [
                chunk.token_mention[t.i]
                for t in appos.subtree
                if t.i in chunk.token_mention
                and t.i != token.i
                and mentions[chunk.token_mention[t.i]].kind == "organization"
                and not _in_relative_clause(t, appos)
                and (
                    t.dep_ == "compound"
                    or t.head.dep_ == "prep"
                    or t.head.head == appos
                    or (t.dep_ == "poss" and t.head.dep_ == "pobj")  # "of the MCP's executive"
                )
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
        titles.append(_apposed_title(token, lex.organization_titles))
    if token.dep_ == "nsubj" and token.head.lemma_ == "be":  # "X is the secretary general of Y"
        titles += [c for c in token.head.children if c.dep_ == "attr"]
    for title in titles:
        word = title.lemma_.lower()
        if word not in lex.organization_titles:  # "secretary general": the compound's title
            word = next(
                (
                    c.lemma_.lower()
                    for c in title.children
                    if c.dep_ == "compound" and c.lemma_.lower() in lex.organization_titles
                ),
                word,
            )
        predicate = lex.organization_titles.get(word)
        if predicate is None:
            continue
        before = {c.lower_ for c in title.children if c.dep_ in ("amod", "compound")}
        if before & lex.past_modifiers:
            continue
        if before & lex.member_only_modifiers:
            predicate = "memberOf"
        owners = [c for c in title.children if c.dep_ in ("poss", "compound", "nmod")]
        if any(c.lower_ == "whose" for c in owners):  # "the council, whose president, X"
            clause = title
            while clause.dep_ != "relcl" and clause.head != clause:
                clause = clause.head
            if clause.dep_ == "relcl":
                owners.append(clause.head)
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
            if predicate == "founderOf":  # "the group's founder, X" belongs to the group
                yield Relation(
                    Arg("subject", mention=index),
                    "memberOf",
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
        if (
            token.dep_ == "appos"
            and token.head.i in chunk.token_mention
            and _beside(token.head, token, chunk)
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


def _lead_clause(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """A lead or found verb between a person and a group, in any voice: "the SAF, led by
    General Burhan", "Viv Ansanm is led by X", "the party founded and led by X" (the agent
    of the last verb serves both), "X, who heads the council", "X leads the party"."""
    lex = lexicon()
    predicate = lex.lead_verbs.get(token.lemma_.lower())
    if predicate is None or token.pos_ not in ("VERB", "AUX") or _negated(token):
        return
    first = token
    while first.dep_ == "conj" and first.head.pos_ == "VERB":
        first = first.head
    agents = [c for v in (token, *token.conjuncts) for c in v.children if c.dep_ == "agent"]
    passive = bool(agents) or any(c.dep_ == "nsubjpass" for c in first.children)
    if passive:
        if first.dep_ in ("acl", "relcl"):
            wholes = _named_by(first.head, chunk)
        else:
            wholes = [
                m
                for c in first.children
                if c.dep_ == "nsubjpass"
                for m in _named(c, chunk, mentions)
            ]
        leaders = [
            chunk.token_mention[t.i]
            for agent in agents[:1]
            for t in agent.subtree
            if t.i in chunk.token_mention
        ][:1]
    else:
        if first.dep_ == "relcl":
            leaders = _named_by(first.head, chunk)
        else:
            leaders = [
                m for c in first.children if c.dep_ == "nsubj" for m in _named(c, chunk, mentions)
            ]
        wholes = [m for c in token.children if c.dep_ == "dobj" for m in _named(c, chunk, mentions)]
    founding = predicate == "founderOf"
    for leader in (i for i in leaders if mentions[i].kind == "person"):
        for whole in wholes:
            if mentions[whole].kind not in ("organization", "military_unit") or whole == leader:
                continue
            subject, obj = Arg("subject", mention=leader), Arg("object", mention=whole)
            role = token.lemma_.lower()
            rule = "founded" if founding else "led-by"
            yield Relation(subject, predicate, obj, sentence, rule=rule, role=role)
            if founding:  # a founder belongs to what they founded
                yield Relation(subject, "memberOf", obj, sentence, rule=rule, role=role)


def _membership(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Gang leaders A, B and C also belong to the coalition", "the group joined the CPC",
    "X defected to Y": a person is memberOf the group, a group partOf it."""
    prep = lexicon().membership_verbs.get(token.lemma_.lower())
    if prep is None or token.pos_ != "VERB" or _negated(token):
        return
    if token.dep_ == "relcl":
        members = _named_by(token.head, chunk)
    else:
        members = [
            m for c in token.children if c.dep_ == "nsubj" for m in _named(c, chunk, mentions)
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
    groups = [m for o in objects for m in _named(o, chunk, mentions)]
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


def _composition(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "The Three Brotherhood Alliance, made up of A, B and C" -> each partOf the alliance;
    "the coalition comprises A and B". "includes" only for a whole named as an alliance."""
    lex = lexicon()
    verb = token.lemma_.lower()
    particles = lex.composition_verbs.get(verb)
    if particles is None or token.pos_ != "VERB" or _negated(token):
        return
    if token.dep_ in ("acl", "relcl"):
        wholes = _named_by(token.head, chunk)
    else:
        wholes = [
            m
            for c in token.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for m in _named(c, chunk, mentions)
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
    members = [m for t in listed for m in _named(t, chunk, mentions)]
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


def _alliance_member(
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


def _state_titles(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """A state title in apposition or after a copula, its state a possessive or "of":
    "Tajikistan's foreign minister, X", "X, Malawi's Minister of Lands", "X, the president
    of Kenya", "X is China's ambassador"."""
    mention, lex = mentions[index], lexicon()
    if mention.kind != "person" or chunk.token_mention.get(token.head.i) == index:
        return
    for title in _title_nouns(token, chunk):
        if {
            c.lower_ for c in title.children if c.dep_ in ("amod", "compound")
        } & lex.past_modifiers:
            continue
        words = [
            c.lower_ for c in title.children if c.dep_ in ("amod", "compound") and c.i < title.i
        ] + [title.lemma_.lower()]
        found = next(
            (
                lex.role_titles[title_words]
                for cut in range(len(words))
                if (title_words := tuple(words[cut:])) in lex.role_titles
            ),
            None,
        )
        if found is None:
            continue
        predicate, target = found
        owners = [c for c in title.children if c.dep_ == "poss"] + [
            o
            for p in title.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        states = {
            mentions[chunk.token_mention[o.i]].state
            for o in owners
            if o.i in chunk.token_mention
            and mentions[chunk.token_mention[o.i]].subtype == "country"
        } - {None}
        node = {"state": "country", "forces": "forces", "general-staff": "general-staff"}[target]
        for state in states:
            yield Relation(
                Arg("subject", mention=index),
                predicate,
                Arg("object", key=f"{node}:{state}"),
                sentence,
                rule="title",
                role=title.text,
            )


def _body_state(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """The state of a national body, where the text gives it: "Haiti's Transitional
    Presidential Council", "the Haitian National Police" (a demonym before a body's word),
    "Kabar, Kyrgyzstan's state news agency", "Kyrgyzstan's parliament, the Jogorku Kenesh".
    A demonym before any other name ("the American University of Beirut") says nothing."""
    mention, lex = mentions[index], lexicon()
    if (
        mention.kind not in ("organization", "military_unit")
        or mention.state is not None
        or (mention.key or "").startswith(("forces:", "country:"))
        or chunk.token_mention.get(token.head.i) == index
    ):
        return
    table = reference.countries()
    states: set[str] = set()
    # "Kabar, Kyrgyzstan's state news agency": only a body's noun, not a person's title
    described = [token]
    described += [
        c
        for c in token.children
        if c.dep_ == "appos"
        and c.i not in chunk.token_mention
        and c.lemma_.lower() in lex.state_body_words
    ]
    if (
        token.dep_ == "appos"
        and token.head.i not in chunk.token_mention
        and token.head.lemma_.lower() in lex.state_body_words
    ):
        described.append(token.head)
    for noun in described:
        for owner in (c for c in noun.children if c.dep_ == "poss" and c.i in chunk.token_mention):
            if mentions[chunk.token_mention[owner.i]].subtype == "country":
                states.add(mentions[chunk.token_mention[owner.i]].state or "")
    words = mention.text.split()
    if len(words) > 1:
        owner_name = words[0].removesuffix("'s").removesuffix("’s")
        country = table.by_name(owner_name) if owner_name != words[0] else None
        if country is not None:
            states.add(country.code)
        elif words[-1].lower() in lex.state_body_words:
            states |= _demonym_states(words[0], mentions)
    states.discard("")
    rule = "state"
    if not states and mention.kind == "organization" and _national_name(mention.name):
        # "the Ministry of Home Affairs" in a story from Kathmandu: the story's state
        home = _home_state(mentions)
        states, rule = ({home} if home else set()), "implied-state"
    if len(states) == 1:
        yield Relation(
            Arg("subject", mention=index),
            "state",
            Arg("object", key=f"country:{states.pop()}"),
            sentence,
            rule=rule,
        )


def _national_name(name: str) -> bool:
    """A civil state body's name that does not say whose: it ends in a civil body's word
    ("the National Audit Office"), and names no country, people or international body."""
    lex, table = lexicon(), reference.countries()
    words = name.split()
    return (
        len(words) > 1
        and words[-1].lower() in lex.civil_body_words
        and not any(w.lower() in lex.international_words for w in words)
        and not any(table.by_demonym(w) or table.by_name(w) for w in words)
    )


def _demonym_states(word: str, mentions: Sequence[Mention]) -> set[str]:
    """The one state a demonym names. "Dominican" is Dominica's demonym and the start of the
    Dominican Republic's name: the document's own countries choose, else it stays unsure."""
    table = reference.countries()
    country = table.by_demonym(word)
    if country is None:
        return set()
    prefix = reference.fold(word) + " "
    candidates = {country.code} | {
        found.code
        for name in table.names()
        if name.startswith(prefix) and (found := table.by_name(name)) is not None
    }
    named = {m.state for m in mentions if m.subtype == "country"} & candidates
    if len(candidates) > 1 and len(named) == 1:
        return {str(named.pop())}
    return candidates if len(candidates) == 1 else set()


def _relatives(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Innocent's brother, Claudy Innocent", "Peng Daxun, the son of the group's founder,
    Peng Jiasheng", "X is the wife of Y" -> relativeOf, the family noun kept as the role."""
    mention, lex = mentions[index], lexicon()
    if mention.kind != "person" or chunk.token_mention.get(token.head.i) == index:
        return
    for noun in _title_nouns(token, chunk):
        if noun.lemma_.lower() not in lex.family_nouns:
            continue
        kin = [c for c in noun.children if c.dep_ == "poss"] + [
            o
            for p in noun.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj"
        ]
        relatives = [m for k in kin for m in _named(k, chunk, mentions, people=True)]
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


def _birthplace(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "X was born in Y", "X, who was born in Y" -> X bornIn Y."""
    if token.lemma_.lower() != "bear" or not any(c.dep_ == "auxpass" for c in token.children):
        return
    if token.dep_ == "relcl":
        people = _named_by(token.head, chunk)
    else:
        people = [
            m for c in token.children if c.dep_ == "nsubjpass" for m in _named(c, chunk, mentions)
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


def _apposed_title(name: Token, titles: Mapping[str, str]) -> Token:
    """The noun a name is in apposition to. In "the commander and the son of the group's
    founder, X" the parser hangs X on "commander"; the title right before the comma
    ("founder") is the one X is apposed to."""
    start = name.left_edge.i
    if start >= 2 and name.doc[start - 1].text == ",":
        before = name.doc[start - 2]
        if before.i > name.head.i and before.lemma_.lower() in titles:
            return before
    return name.head


def _title_nouns(token: Token, chunk: Chunk) -> list[Token]:
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


def _named(
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


def _named_by(noun: Token, chunk: Chunk) -> list[int]:
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


def _in_relative_clause(token: Token, top: Token) -> bool:
    """Whether a relative or participle clause lies between ``token`` and ``top``."""
    while token != top and token.head != token:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def _beside(name: Token, appos: Token, chunk: Chunk) -> bool:
    """Whether an apposition starts right after the name (and its comma or bracket): one
    the parser hung on a name half a sentence away ("X was arrested by peacekeepers of Y,
    the U.N. mission") describes something else."""
    end, mention = name.i, chunk.token_mention.get(name.i)
    while mention is not None and chunk.token_mention.get(end + 1) == mention:
        end += 1
    start = min(t.i for t in appos.subtree)
    return 0 < start - end <= 3


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


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
