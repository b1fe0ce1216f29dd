"""The state a national or civil body belongs to: the ``state`` relation.

Takes an organization's name and the parse around it: a possessive country ("Haiti's
Transitional Presidential Council", "Kabar, Kyrgyzstan's state news agency"), a demonym
before a body's word ("the Haitian National Police"), or, for a civil body named without an
owner ("the National Audit Office"), the state the story is about; gives the body ``state``
a ``country:`` node, or nothing when unsure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from graph import reference
from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.story import home_state


def body_state(
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
    if token.dep_ == "appos" and chunk.token_mention.get(token.head.i, index) != index:
        # "Kyrgyzstan's parliament, the Jogorku Kenesh": the name of a body the text gives
        # (not an acronym in brackets: "the Myanmar National ... Army (MNDAA)" is one name)
        outer = mentions[chunk.token_mention[token.head.i]]
        if outer.kind == "organization" and outer.state is not None and not token.is_upper:
            states.add(outer.state)
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
        home = home_state(mentions)
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
