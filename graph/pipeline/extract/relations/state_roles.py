"""A person's office in a state: leaderOf, ministerOf, commanderOf a country or its forces.

Takes a person's titles as the entity reader kept them ("U.S. President Donald Trump"), a
state title in apposition or after a copula ("Tajikistan's foreign minister, X", "X, the
president of Kenya"), a bare title in a story about one state ("Prime Minister X"), and a
possessive government ("Burhan's government"); gives relations to ``country:``,
``forces:`` or ``general-staff:`` nodes, the title kept as the role. The state comes from
the text, else from the leaders' dictionary (``data/leaders.yaml``) in the document's year,
else from the story; unsure means no relation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graph import reference
from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import FactLexicon, lexicon
from graph.pipeline.extract.relations.phrases import title_nouns
from graph.pipeline.extract.relations.story import home_state


def role_relations(
    mentions: Sequence[Mention], lex: FactLexicon, year: int | None
) -> Iterable[Relation]:
    """ "U.S. President Donald Trump" -> Trump leaderOf United States (role kept); a bare
    "President Zelensky" takes his state from the leaders' actor dictionary."""
    for index, mention in enumerate(mentions):
        if mention.kind != "person":
            continue
        named = _named_leader(mention, lex, year)
        if named is not None:
            yield Relation(
                Arg("subject", mention=index),
                "leaderOf",
                Arg("object", key=f"country:{named}"),
                mention.sentence,
                rule="leaders-dictionary",
            )
        for role in mention.roles:
            words = tuple(role.lower().split())
            if words[0] in lex.past_modifiers:  # "former President X" leads no state now
                continue
            for cut in range(len(words)):
                found = lex.role_titles.get(words[cut:])
                if found is None:
                    continue
                predicate, target = found
                state = mention.state
                if (
                    state is None
                    and predicate == "leaderOf"
                    and " ".join(words[cut:]) not in lex.shared_leader_titles
                ):
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


def implied_titles(
    token: Token,
    index: int,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    year: int | None,
) -> Iterable[Relation]:
    """A bare "Prime Minister X" or "Home Minister X" serves the one state the story is
    about (:func:`home_state`): a wire story from Port-au-Prince does not say of where.
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
        home = home_state(mentions)
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


def _named_leader(mention: Mention, lex: FactLexicon, year: int | None) -> str | None:
    """The state a person named in full leads in the document's year, per the actor
    dictionary, when the text gives no title ("Emomali Rahmon, Sadyr Japarov and Shavkat
    Mirziyoyev signed"): a head of state's full name is known the world over. Never for a
    lone surname, a former holder, a year a term began or ended, nor without the
    document's year."""
    words = reference.fold(mention.name).split()
    if (
        year is None
        or len(words) < 2
        or any(r.lower().split()[0] in lex.past_modifiers for r in mention.roles)
    ):
        return None
    # a year a term began or ended does not say whether the report falls inside it
    states = {
        term.state
        for term in lex.leader_terms.get(" ".join(words), ())
        if term.first < year and (term.last is None or year < term.last)
    }
    return states.pop() if len(states) == 1 else None


def _distinct_people(names: set[str]) -> set[str]:
    """Names of different people: "Fils-Aimé" is the "Alix Didier Fils-Aimé" named too."""
    folded = {reference.fold(n) for n in names}
    return {n for n in folded if not any(o != n and o.endswith(" " + n) for o in folded)}


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


def state_titles(
    token: Token, index: int, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterable[Relation]:
    """A state title in apposition or after a copula, its state a possessive or "of":
    "Tajikistan's foreign minister, X", "X, Malawi's Minister of Lands", "X, the president
    of Kenya", "X is China's ambassador"."""
    mention, lex = mentions[index], lexicon()
    if mention.kind != "person" or chunk.token_mention.get(token.head.i) == index:
        return
    for title in title_nouns(token, chunk):
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


def government_leader(
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
