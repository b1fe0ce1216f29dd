"""Arguments: the entity a syntactic argument names, for events, claims and relations alike.

A subject or object is often not a name but a noun that stands for one: "Ukrainian troops"
(Ukraine's forces), "Ukraine's top commander, General Syrskyi" (the general), "units of the
2nd Combined Arms Army" (the army), "its fighters" (the one group named before). These
rules read the parse around the noun; when it does not say who, they give nothing.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence

from spacy.tokens import Token

from graph import reference
from graph.model import Arg, Mention
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import entity_words, lexicon, load_data

# A reading that knows the word stands for nobody it can name ("Zambia's foreign minister" in a
# headline): later readings must not fall back on a modifier's country or group.
_NOBODY = Arg("none")


def arg_mentions(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str, with_conj: bool = True
) -> list[Arg]:
    """The entities a syntactic argument names: its own, and with ``with_conj`` those of the
    words coordinated with it ("Russian and Iranian forces")."""
    lex = lexicon()
    found: list[Arg] = []
    heads = [token] + ([c for c in token.conjuncts] if with_conj else [])
    for head in heads:
        arg = arg_for(head, chunk, mentions, role)
        if arg is not None:
            found.append(arg)
            if with_conj and head.i not in chunk.token_mention:
                found += _coordinated_owners(head, chunk, role)
            if with_conj and (head.lower_ in lex.force_words or head.lower_ in lex.air_and_sea):
                found += _coordinated_demonyms(head, chunk, role)
    return list(dict.fromkeys(found))


def arg_for(token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str) -> Arg | None:
    """The entity one word names: its mention, else the first reading that finds an owner."""
    if token.i in chunk.token_mention:
        return Arg(role, mention=chunk.token_mention[token.i])
    for reading in _READINGS:
        arg = reading(token, chunk, mentions, role)
        if arg is _NOBODY:
            return None
        if arg is not None:
            return arg
    return None


def named_before(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> int | None:
    """The body a common-noun subject stands for: "the police", "the court", "the ministry"
    is the last organization or unit named before it in the paragraph whose name has the
    noun; "the army" the last armed force; "the group", "the gang" the last organization or
    unit; "it" the last organization, unit or state (a subject first). A noun with "a" or a
    modifier of its own is somebody new, and nobody is a safer answer than a guess."""
    low, lemma = token.lower_, token.lemma_.lower()
    if low != "it" and (
        token.pos_ != "NOUN"
        or any(
            c.dep_ in ("amod", "compound", "poss", "nummod", "prep")
            or (c.dep_ == "det" and c.lower_ != "the")
            for c in token.children
        )
    ):
        return None
    lex = lexicon()
    paragraph = chunk.offset + chunk.text.rfind("\n", 0, token.idx) + 1
    char = chunk.char(token)
    near = [
        i
        for i, m in enumerate(mentions)
        if max(paragraph, chunk.offset) <= m.start and m.end <= char
    ]

    def named(i: int) -> bool:
        words = {w.rstrip("s") for w in mentions[i].name.lower().split()}
        return lemma.rstrip("s") in words

    if low == "it":
        fits = [
            i
            for i in near
            if mentions[i].kind in ("organization", "military_unit")
            or mentions[i].subtype == "country"
        ]
        subjects = [i for i in fits if _is_subject(mentions[i], chunk)]
        fits = subjects or fits
    elif lemma in lex.group_nouns or lemma in _body_words()["group"]:
        fits = [i for i in near if mentions[i].kind in ("organization", "military_unit")]
    elif lemma in _body_words()["armed"]:
        fits = [
            i
            for i in near
            if mentions[i].kind == "military_unit"
            or (mentions[i].kind == "organization" and named(i))
        ]
    else:
        fits = [
            i for i in near if mentions[i].kind in ("organization", "military_unit") and named(i)
        ]
    return fits[-1] if fits else None


def _is_subject(mention: Mention, chunk: Chunk) -> bool:
    token = chunk.token_at(mention.start)
    if token is None:
        return False
    while mention.start <= chunk.char(token.head) < mention.end and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


@functools.cache
def _body_words() -> dict[str, frozenset[str]]:
    """The events' word lists for bodies and titles (``events.yaml``: ``body_nouns``)."""
    data = load_data("events.yaml")["body_nouns"]
    return {key: frozenset(str(w).lower() for w in words) for key, words in data.items()}


@functools.cache
def _title_heads() -> frozenset[str]:
    """The head nouns of the person titles ("minister" of "lands minister", "commander")."""
    titles = load_data("lexicon.yaml")["person_titles"]
    heads = {str(t).lower().split()[-1] for t in titles}
    return frozenset(heads | _body_words()["title"]) - lexicon().spokes_nouns


def nearest_state(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> str | None:
    """The state a possessive pronoun refers to: the only state named before it in the
    sentence. Two candidates means unsure, and unsure means no answer."""
    states = {
        mentions[chunk.token_mention[t.i]].state
        for t in token.sent
        if t.i < token.i
        and t.i in chunk.token_mention
        and mentions[chunk.token_mention[t.i]].subtype == "country"
    }
    states.discard(None)
    return states.pop() if len(states) == 1 else None


def nearest_group(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> int | None:
    """The organization or unit "its fighters" belongs to: the only one named before it in
    the sentence, when no state is named there either."""
    before = [
        chunk.token_mention[t.i] for t in token.sent if t.i < token.i and t.i in chunk.token_mention
    ]
    groups = {
        mentions[i].key or mentions[i].name: i
        for i in before
        if mentions[i].kind in ("organization", "military_unit")
    }
    if len(groups) != 1 or any(mentions[i].subtype == "country" for i in before):
        return None
    return next(iter(groups.values()))


def group_antecedent(owner: Token, chunk: Chunk, mentions: Sequence[Mention]) -> int | None:
    """The organization or unit an owner word stands for. "its": :func:`nearest_group`,
    else the one group the sentence before names. "the group's", "the mission's", "the
    bureau": the last group named in this sentence or the four before whose name has that
    noun ("the bureau" -> "Anti-Corruption Bureau"), else the one group this sentence or
    the one before names, else the group the story has named most so far. Unsure means none."""
    if owner.lower_ in ("its", "their"):
        found = nearest_group(owner, chunk, mentions)
        if found is not None or any(
            t.i in chunk.token_mention for t in owner.sent if t.i < owner.i
        ):
            return found
        noun = ""
    elif (
        owner.pos_ in ("NOUN", "PROPN")
        and owner.i not in chunk.token_mention
        and any(c.lower_ == "the" for c in owner.children)
        and owner.lemma_.lower() in _referring_nouns()
    ):
        noun = owner.lemma_.lower()
    else:
        return None
    sentence = _sentence_of(owner, chunk, mentions)
    if sentence is None:
        return None
    at = chunk.char(owner)
    earlier = [
        i
        for i, m in enumerate(mentions)
        if m.kind in ("organization", "military_unit") and m.start < at
    ]
    recent = [i for i in earlier if mentions[i].sentence >= sentence - (4 if noun else 1)]
    named = [i for i in recent if noun and noun in reference.fold(mentions[i].name).split()]
    if named:
        return named[-1]
    for back in (0, 1) if noun else (1,):
        named_there = {
            mentions[i].key or mentions[i].name: i
            for i in recent
            if mentions[i].sentence == sentence - back
        }
        if named_there:
            return next(iter(named_there.values())) if len(named_there) == 1 else None
    if not noun:
        return None
    counts = Counter(mentions[i].key or mentions[i].name for i in earlier)
    ranked = sorted(
        {mentions[i].key or mentions[i].name: i for i in earlier}.items(),
        key=lambda kv: -counts[kv[0]],
    )
    if not ranked or (len(ranked) > 1 and counts[ranked[0][0]] == counts[ranked[1][0]]):
        return None
    return ranked[0][1]


def _sentence_of(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> int | None:
    """The document sentence number of a token, from a mention in its sentence."""
    return next(
        (
            mentions[chunk.token_mention[t.i]].sentence
            for t in token.sent
            if t.i in chunk.token_mention
        ),
        None,
    )


@functools.cache
def _referring_nouns() -> frozenset[str]:
    """Nouns that name a group already named: "the group", "the mission", "the bureau"."""
    lex, words = lexicon(), entity_words()
    return (
        lex.group_nouns
        | lex.mission_nouns
        | lex.civil_body_words
        | lex.alliance_nouns
        | lex.alliance_member_nouns
        | words.group_nouns
        | words.unit_words
    )


def key_text(arg: Arg, mentions: Sequence[Mention]) -> str:
    """What identifies an argument's entity within the document: its key, else its name."""
    if arg.key:
        return arg.key
    return (
        mentions[arg.mention].key or mentions[arg.mention].name if arg.mention is not None else ""
    )


def _stands_for_force(token: Token) -> bool:
    """ "troops", "positions": a word only an armed force (or its gear) answers to."""
    lex = lexicon()
    return token.lower_ in lex.force_words or token.lemma_.lower() in lex.military_objects


def _coordinated_demonyms(token: Token, chunk: Chunk, role: str) -> list[Arg]:
    """ "American and British warplanes": the forces of every state the demonyms name."""
    table = reference.countries()
    found = []
    for adjective in (c for c in token.children if c.dep_ in ("amod", "compound")):
        for word in (adjective, *adjective.conjuncts):
            country = table.by_demonym(word.text)
            if country is not None and word.i not in chunk.token_mention:
                found.append(Arg(role, key=f"forces:{country.code}"))
    return found


def _coordinated_owners(token: Token, chunk: Chunk, role: str) -> list[Arg]:
    """ "a convoy of the Malian Armed Forces and the Wagner Group": both own the convoy."""
    if not _stands_for_force(token):
        return []
    return [
        Arg(role, mention=chunk.token_mention[c.i])
        for of in token.children
        if of.dep_ == "prep" and of.lower_ == "of"
        for o in of.children
        if o.i in chunk.token_mention
        for c in o.conjuncts
        if c.i in chunk.token_mention
    ]


def _apposed_person(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str
) -> Arg | None:
    """ "Ukraine's top commander, General Oleksandr Syrskyi, reported": the person named."""
    named = next(
        (
            c
            for c in token.children
            if c.dep_ == "appos"
            and c.i in chunk.token_mention
            and mentions[chunk.token_mention[c.i]].kind == "person"
        ),
        None,
    )
    return Arg(role, mention=chunk.token_mention[named.i]) if named is not None else None


def _title_holder(token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str) -> Arg | None:
    """ "the minister quits", "jails the former commander of the M23": a title stands for the
    person the paragraph named with that title before, else for nobody; never for the
    country or group in its modifiers."""
    lemma = token.lemma_.lower()
    if lemma not in _title_heads() and token.lower_ not in _title_heads():
        return None
    paragraph = chunk.offset + chunk.text.rfind("\n", 0, token.idx) + 1
    char = chunk.char(token)
    holders = [
        i
        for i, m in enumerate(mentions)
        if m.kind == "person"
        and max(paragraph, chunk.offset) <= m.start
        and m.end <= char
        and any(lemma in role_.lower().split() for role_ in m.roles)
    ]
    return Arg(role, mention=holders[-1]) if holders else _NOBODY


def _owner_beside(token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str) -> Arg | None:
    """ "Yemen's Houthi movement": the name beside the noun, before the possessive place."""
    owner = next(
        (
            c
            for dep in (("compound", "nmod"), ("poss", "amod"))
            for c in token.children
            if c.dep_ in dep and c.i in chunk.token_mention
        ),
        None,
    )
    if owner is None:
        return None
    place = mentions[chunk.token_mention[owner.i]].kind == "place"
    if place and token.lemma_.lower() in lexicon().area_nouns:
        # "strikes on Beirut's southern suburbs": the capital is where, not whom
        role = "place"
    return Arg(role, mention=chunk.token_mention[owner.i])


def _demonym_side(token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str) -> Arg | None:
    """ "Russian troops" are Russia's forces; "Ukrainian officials" speak for Ukraine."""
    demonym = next(
        (
            c
            for c in token.children
            if c.dep_ in ("amod", "compound", "nmod") and reference.countries().by_demonym(c.text)
        ),
        None,
    )
    if demonym is None:
        return None
    country = reference.countries().by_demonym(demonym.text)
    assert country is not None
    if _stands_for_force(token):
        return Arg(role, key=f"forces:{country.code}")
    if token.lower_ in lexicon().spokes_nouns:
        return Arg(role, key=f"country:{country.code}")
    return None


def _force_of_named(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str
) -> Arg | None:
    """ "units of the 2nd Combined Arms Army": the unit the force belongs to."""
    if not _stands_for_force(token):
        return None
    for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        unit = next((c for c in of.children if c.i in chunk.token_mention), None)
        if unit is not None:
            return Arg(role, mention=chunk.token_mention[unit.i])
        # "fighters of the Strategic Framework for ... Azawad (CSP-DPA)": a long name
        # the tagger missed, known by the acronym it defines
        named = next(
            (
                t
                for o in of.children
                if o.dep_ == "pobj"
                for t in o.subtree
                if t.i in chunk.token_mention
                and mentions[chunk.token_mention[t.i]].kind in ("organization", "military_unit")
            ),
            None,
        )
        if named is not None:
            return Arg(role, mention=chunk.token_mention[named.i])
    return None


def _members_of_named(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str
) -> Arg | None:
    """ "hundreds of gunmen from the Grand Ravine gang coalition", "militants of X": the
    organization or unit the members come from."""
    members = _body_words()["member"]
    if token.lower_ not in members and not token.like_num:
        return None
    nouns = [token] + [
        o
        for of in token.children
        if of.dep_ == "prep" and of.lower_ == "of"
        for o in of.children
        if o.dep_ == "pobj" and o.lower_ in members
    ]
    for noun in nouns:
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "of")):
            named = next(
                (
                    t
                    for o in prep.children
                    if o.dep_ == "pobj" and o.lower_ not in members
                    for t in o.subtree
                    if t.i in chunk.token_mention
                    and mentions[chunk.token_mention[t.i]].kind in ("organization", "military_unit")
                ),
                None,
            )
            if named is not None:
                return Arg(role, mention=chunk.token_mention[named.i])
    return None


def _force_of_pronoun(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], role: str
) -> Arg | None:
    """ "its forces": the one state named before; else "Hezbollah said its fighters had
    ambushed ...": the one group named before."""
    if token.lower_ not in lexicon().force_words:
        return None
    pronoun = next(
        (c for c in token.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None
    )
    if pronoun is None:
        return None
    state = nearest_state(token, chunk, mentions)
    if state:
        return Arg(role, key=f"forces:{state}")
    group = nearest_group(token, chunk, mentions)
    return Arg(role, mention=group) if group is not None else None


_READINGS: tuple[Callable[[Token, Chunk, Sequence[Mention], str], Arg | None], ...] = (
    _apposed_person,
    _title_holder,
    _owner_beside,
    _demonym_side,
    _force_of_named,
    _members_of_named,
    _force_of_pronoun,
)
