"""A person's place in an organization or armed group: memberOf, chiefOf, commanderOf,
spokespersonFor, leaderOf, founderOf.

Takes the parse around a person's name: an apposition ("X, a Sudan analyst at Chatham
House", "X, a spokesman for Y"), an organization title ("the Houthis' leader, X", "army
spokesman Colonel X", "the council, whose president, X"), a lead or found verb in any voice
("the SAF, led by General Burhan", "X, who heads the council") and "X of Y" ("Jane Miller
of the Institute"); gives relations from the person to the group, the title kept as the
role (``data/relations.yaml``: organization titles, lead verbs, affiliation prepositions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from spacy.tokens import Token

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.arguments import group_antecedent
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.phrases import (
    head_noun_mentions,
    is_negated,
    phrase_mentions,
    starts_beside,
)


def apposition_affiliations(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """ "Samira Haddad, a Sudan analyst at Chatham House" -> memberOf; "X, a spokesman for
    Y" -> spokespersonFor. Names inside a relative clause ("the army chief who heads the
    council") or behind a family noun ("the son of the group's founder") are not the
    person's own affiliation; :func:`lead_clause` and :func:`.family.relatives_of` read those."""
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
            if c.dep_ == "appos"
            and c.lemma_.lower() not in family
            and starts_beside(token, c, chunk)
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


def titled_members(
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
        if not found:  # "its special envoy, X", "the group's founder, X", "head of the mission"
            found = [
                group for o in owners if (group := group_antecedent(o, chunk, mentions)) is not None
            ][:1]
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
        if national is not None:  # "the army chief": a chief of armed forces commands them
            yield Relation(
                Arg("subject", mention=index),
                "commanderOf" if predicate == "chiefOf" else predicate,
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


def _in_relative_clause(token: Token, top: Token) -> bool:
    """Whether a relative or participle clause lies between ``token`` and ``top``."""
    while token != top and token.head != token:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def lead_clause(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """A lead or found verb between a person and a group, in any voice: "the SAF, led by
    General Burhan", "Viv Ansanm is led by X", "the party founded and led by X" (the agent
    of the last verb serves both), "X, who heads the council", "X leads the party"."""
    lex = lexicon()
    predicate = lex.lead_verbs.get(token.lemma_.lower())
    if predicate is None or token.pos_ not in ("VERB", "AUX") or is_negated(token):
        return
    first = token
    while first.dep_ == "conj" and first.head.pos_ == "VERB":
        first = first.head
    agents = [c for v in (token, *token.conjuncts) for c in v.children if c.dep_ == "agent"]
    passive = bool(agents) or any(c.dep_ == "nsubjpass" for c in first.children)
    if passive:
        if first.dep_ in ("acl", "relcl"):
            wholes = head_noun_mentions(first.head, chunk)
        else:
            wholes = [
                m
                for c in first.children
                if c.dep_ == "nsubjpass"
                for m in phrase_mentions(c, chunk, mentions)
            ]
        leaders = [
            chunk.token_mention[t.i]
            for agent in agents[:1]
            for t in agent.subtree
            if t.i in chunk.token_mention
        ][:1]
    else:
        if first.dep_ == "relcl":
            leaders = head_noun_mentions(first.head, chunk)
        else:
            leaders = [
                m
                for c in first.children
                if c.dep_ == "nsubj"
                for m in phrase_mentions(c, chunk, mentions)
            ]
        wholes = [
            m
            for c in token.children
            if c.dep_ == "dobj"
            for m in phrase_mentions(c, chunk, mentions)
        ]
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
