"""Facts: who did what to whom, when, how many, and who says so.

Takes a document's parsed chunks and its final entity mentions and gives events (with a
PLOVER category, CAMEO root, participants in roles, a date at the precision the text gives,
and their quantities), relations between entities (roles, affiliation, location, deployment,
combat, meetings, aid) and claims (claimant, reporting verb, stance, content, and the claims
they contest). Modelled on the rule-based event coders: dictionaries of trigger words and
reporting verbs (``data/events.yaml``, ``data/relations.yaml``) applied over spaCy's parse.
When the parse does not say who, the argument is left out: a wrong edge is worse than none.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from graph import reference
from graph.dates import is_duration, normalize
from graph.model import Arg, Claim, Event, Facts, PlacedQuantity, Quantity, Relation, TimeValue
from graph.pipeline.extract.quantities import find_quantities

COUNTRY_KINDS = ("place", "military_unit", "organization", "person")
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_FORCE_WORDS = frozenset(
    {
        "forces",
        "troops",
        "soldiers",
        "units",
        "army",
        "military",
        "servicemen",
        "reinforcements",
        "fighters",
        "troop",
    }
)
# Things only an armed force has: "Ukrainian rear positions" stand for Ukraine's forces.
_MILITARY_OBJECTS = frozenset(
    {
        "position",
        "line",
        "defense",
        "defence",
        "base",
        "outpost",
        "trench",
        "garrison",
        "column",
        "convoy",
        "patrol",
        "unit",
        "stronghold",
        "fortification",
        "artillery",
        "battery",
    }
)
_ANAPHORIC = frozenset(
    {
        "claim",
        "claims",
        "report",
        "reports",
        "it",
        "this",
        "that",
        "assertion",
        "statement",
        "account",
        "allegation",
        "allegations",
        "charge",
        "charges",
        "accusation",
        "accusations",
        "figure",
        "figures",
        "reporting",
        "version",
    }
)
_CASUALTY_WORDS = frozenset(
    {"dead", "killed", "casualties", "losses", "deaths", "wounded", "death", "toll"}
)
_COMPARATIVES = frozenset(
    {"higher", "lower", "more", "fewer", "less", "greater", "larger", "smaller"}
)
# Verbs that only introduce an event noun: "launched an assault" is one event, the assault.
_LIGHT_VERBS = frozenset(
    {
        "launch",
        "conduct",
        "carry",
        "stage",
        "mount",
        "begin",
        "start",
        "hold",
        "make",
        "undertake",
        "continue",
        "intensify",
        "offer",
    }
)
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
_PLACE_PREPS = frozenset(
    {
        "in",
        "into",
        "inside",
        "near",
        "across",
        "around",
        "within",
        "toward",
        "towards",
        "to",
        "at",
        "along",
        "outside",
        "through",
        "over",
        "from",
    }
)
_TARGET_PREPS = frozenset({"on", "against", "at"})


@dataclass
class _Lexicon:
    triggers: dict[str, str] = field(default_factory=dict)
    noun_triggers: dict[str, str] = field(default_factory=dict)
    particles: dict[tuple[str, str], str] = field(default_factory=dict)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    reporting: dict[str, str] = field(default_factory=dict)
    claim_nouns: dict[str, str] = field(default_factory=dict)
    opposed: dict[str, set[str]] = field(default_factory=dict)
    spokes: set[str] = field(default_factory=set)
    roles: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    # Folded full name, or a lone surname, -> (state, first year, last year) of a term.
    leaders: dict[str, list[tuple[str, int, int | None]]] = field(default_factory=dict)
    org_titles: dict[str, str] = field(default_factory=dict)
    member_only: frozenset[str] = frozenset()
    past: frozenset[str] = frozenset()
    backing: frozenset[str] = frozenset()
    basing: frozenset[str] = frozenset()


def _data(name: str) -> dict[str, Any]:
    text = resources.files("graph").joinpath(f"data/{name}").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@functools.cache
def lexicon() -> _Lexicon:
    events, relations = _data("events.yaml"), _data("relations.yaml")
    lex = _Lexicon(classes=events["classes"])
    for entry in _data("leaders.yaml")["leaders"]:
        term = (entry["state"], int(entry["from"]), entry.get("to"))
        for name in (entry["name"], *entry.get("aliases", ())):
            keys = {reference.fold(name), *reference.surname_keys(name)}
            for key in keys:
                lex.leaders.setdefault(key, []).append(term)
    for name, spec in events["classes"].items():
        for verb in spec.get("verbs", ()):
            lex.triggers.setdefault(verb, name)
        for noun in spec.get("nouns", ()):
            lex.noun_triggers.setdefault(noun, name)
        for phrase in spec.get("particles", ()):
            verb, particle = phrase.split()
            lex.particles[(verb, particle)] = name
    for stance, verbs in events["reporting"].items():
        for verb in verbs:
            lex.reporting[verb] = stance
    for stance, nouns in events["claim_nouns"].items():
        for noun in nouns:
            lex.claim_nouns[noun] = stance
    for stance, others in events["opposed"].items():
        for other in others:
            lex.opposed.setdefault(stance, set()).add(other)
            lex.opposed.setdefault(other, set()).add(stance)
    lex.spokes = set(events["spokes_nouns"])
    lex.org_titles = dict(relations["organization_titles"])
    lex.member_only = frozenset(relations["member_only_modifiers"])
    lex.past = frozenset(relations["past_modifiers"])
    lex.backing = frozenset(relations["backing_verbs"])
    lex.basing = frozenset(relations["basing_verbs"])
    for predicate, spec in relations["roles"].items():
        for title in spec["titles"]:
            lex.roles[tuple(title.split())] = (predicate, spec["target"])
    return lex


class _Chunk:
    """One parsed chunk with its token -> mention map."""

    def __init__(self, doc: Doc, offset: int, mentions: list[Any]) -> None:
        self.doc = doc
        self.offset = offset
        self.token_mention: dict[int, int] = {}
        self.starts = starts = [token.idx + offset for token in doc]
        end = offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        for index, mention in enumerate(mentions):
            if mention.end <= offset or mention.start >= end:
                continue
            i = bisect.bisect_left(starts, mention.start)
            while i < len(starts) and starts[i] < mention.end:
                self.token_mention[i] = index
                i += 1

    def char(self, token: Token) -> int:
        return self.offset + token.idx

    def token_at(self, char: int) -> Token | None:
        """The token covering a document offset (or the next one)."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.starts[i] + len(self.doc[i]):
            return self.doc[i]
        return self.doc[i + 1] if i + 1 < len(self.doc) else None


def extract_facts(
    parsed: list[tuple[int, Doc]],
    mentions: list[Any],
    sentence_of: dict[int, int],
    published: Any = None,
    date_known: bool = True,
) -> Facts:
    """Events, relations, claims and quantities of one document.

    ``mentions`` are the document's final mentions (``graph.extract.Mention``);
    ``sentence_of`` maps a document character offset of a sentence start to its index.
    """
    lex = lexicon()
    events: list[Event] = []
    claims: list[Claim] = []
    quantities: list[PlacedQuantity] = []
    year = published.year if published is not None else None
    relations: list[Relation] = list(_role_relations(mentions, lex, year))
    context = None
    for offset, doc in parsed:
        chunk = _Chunk(doc, offset, mentions)
        text = doc.text  # built on every access: read it once per chunk
        for sent in doc.sents:
            index = _sentence_index(sentence_of, offset + sent.start_char)
            dates, context = _dates(sent, context, published, date_known)
            first_event = len(events)
            for token in sent:
                event = _event(token, chunk, mentions, index, lex, dates)
                if event is not None:
                    events.append(event)
            sentence_events = list(range(first_event, len(events)))
            for token in sent:
                claim = _claim(
                    token, chunk, mentions, index, lex, dates, events, sentence_events, published
                )
                if claim is not None:
                    claims.append(claim)
            date_spans = [
                (offset + e.start_char, offset + e.end_char)
                for e in sent.ents
                if e.label_ in ("DATE", "TIME")
            ]
            for quantity in find_quantities(text, sent.start_char, sent.end_char):
                shifted = replace(
                    quantity, start=quantity.start + offset, end=quantity.end + offset
                )
                if any(a <= shifted.start < b for a, b in date_spans):
                    continue
                quantities.append(
                    _place_quantity(shifted, chunk, index, events, sentence_events, claims)
                )
            relations.extend(
                _sentence_relations(sent, chunk, mentions, index, events, sentence_events, year)
            )
    claims = _link_claims(claims, events, mentions, lex)
    events = _inherit_claim_dates(events, claims)
    return Facts(tuple(events), tuple(_unique(relations)), tuple(claims), tuple(quantities))


def _sentence_index(sentence_of: dict[int, int], start: int) -> int:
    while start not in sentence_of and start > 0:
        start -= 1
    return sentence_of.get(start, 0)


def _dates(
    sent: Any, context: Any, published: Any, date_known: bool = True
) -> tuple[list[tuple[int, int, Any]], Any]:
    """(start, end, TimeValue) of the sentence's dates; the context moves forward."""
    out = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or is_duration(ent.text):
            continue
        value = normalize(ent.text, context, published, date_known)
        if value is None:
            continue
        out.append((ent.start_char, ent.end_char, (ent, value)))
        since = ent.start > 0 and sent.doc[ent.start - 1].lower_ == "since"
        if (
            any(ch.isdigit() for ch in ent.text)
            and len(value.value) >= 4
            and not (since and value.precision == "year")
        ):
            context = value.anchor  # "since 2014" starts a state; the story stays put
    # Seasons the tagger misses ("By fall").
    for token in sent:
        if (
            token.lower_ in ("fall", "autumn", "spring", "summer", "winter")
            and token.ent_type_ == ""
            and token.i > 0
            and token.nbor(-1).lower_ in ("by", "in", "until", "since", "this", "last")
            and context is not None
        ):
            value = normalize(token.text, context, published, date_known)
            if value is not None:
                out.append(
                    (token.idx, token.idx + len(token), (sent.doc[token.i : token.i + 1], value))
                )
    return out, context


def _arg_mentions(
    token: Token, chunk: _Chunk, mentions: list[Any], role: str, with_conj: bool = True
) -> list[Arg]:
    """The entity a syntactic argument names: the token's mention, else its owner."""
    found: list[Arg] = []
    heads = [token] + ([c for c in token.conjuncts] if with_conj else [])
    for head in heads:
        arg = _arg_for(head, chunk, mentions, role)
        if arg is not None:
            found.append(arg)
            if with_conj and head.i not in chunk.token_mention:
                found += _coordinated_owners(head, chunk, role)
            if with_conj and head.lower_ in _FORCE_WORDS | _AIR_AND_SEA:
                found += _coordinated_demonyms(head, chunk, role)
    return list(dict.fromkeys(found))


_AIR_AND_SEA = frozenset(
    {"warplanes", "jets", "aircraft", "warships", "ships", "drones", "planes", "bombers", "navies"}
)


def _coordinated_demonyms(token: Token, chunk: _Chunk, role: str) -> list[Arg]:
    """ "American and British warplanes": the forces of every state the demonyms name."""
    table = reference.countries()
    found = []
    for adjective in (c for c in token.children if c.dep_ in ("amod", "compound")):
        for word in (adjective, *adjective.conjuncts):
            country = table.by_demonym(word.text)
            if country is not None and word.i not in chunk.token_mention:
                found.append(Arg(role, key=f"forces:{country.code}"))
    return found


def _coordinated_owners(token: Token, chunk: _Chunk, role: str) -> list[Arg]:
    """ "a convoy of the Malian Armed Forces and the Wagner Group": both own the convoy."""
    if token.lower_ not in _FORCE_WORDS and token.lemma_.lower() not in _MILITARY_OBJECTS:
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


@functools.cache
def _area_nouns() -> frozenset[str]:
    return frozenset(reference.lexicon()["area_nouns"])


def _arg_for(token: Token, chunk: _Chunk, mentions: list[Any], role: str) -> Arg | None:
    if token.i in chunk.token_mention:
        return Arg(role, mention=chunk.token_mention[token.i])
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
    if named is not None:  # "Ukraine's top commander, General Oleksandr Syrskyi, reported"
        return Arg(role, mention=chunk.token_mention[named.i])
    lex = lexicon()
    # "Yemen's Houthi movement": the name beside the noun, before the possessive place
    owner = next(
        (
            c
            for dep in (("compound", "nmod"), ("poss", "amod"))
            for c in token.children
            if c.dep_ in dep and c.i in chunk.token_mention
        ),
        None,
    )
    if owner is not None:
        place = mentions[chunk.token_mention[owner.i]].kind == "place"
        if place and token.lemma_.lower() in _area_nouns():
            # "strikes on Beirut's southern suburbs": the capital is where, not whom
            role = "place"
        return Arg(role, mention=chunk.token_mention[owner.i])
    demonym = next(
        (
            c
            for c in token.children
            if c.dep_ in ("amod", "compound", "nmod") and reference.countries().by_demonym(c.text)
        ),
        None,
    )
    if demonym is not None:
        country = reference.countries().by_demonym(demonym.text)
        assert country is not None
        if token.lower_ in _FORCE_WORDS or token.lemma_.lower() in _MILITARY_OBJECTS:
            return Arg(role, key=f"forces:{country.code}")
        if token.lower_ in lex.spokes:
            return Arg(role, key=f"country:{country.code}")
    if token.lower_ in _FORCE_WORDS or token.lemma_.lower() in _MILITARY_OBJECTS:
        for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            unit = next((c for c in of.children if c.i in chunk.token_mention), None)
            if unit is not None:  # "units of the 2nd Combined Arms Army"
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
    if token.lower_ in _FORCE_WORDS:
        pronoun = next(
            (c for c in token.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None
        )
        if pronoun is not None:
            state = _nearest_state(token, chunk, mentions)
            if state:
                return Arg(role, key=f"forces:{state}")
            group = _nearest_group(token, chunk, mentions)
            if group is not None:  # "Hezbollah said its fighters had ambushed ..."
                return Arg(role, mention=group)
    return None


def _nearest_state(token: Token, chunk: _Chunk, mentions: list[Any]) -> str | None:
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


def _nearest_group(token: Token, chunk: _Chunk, mentions: list[Any]) -> int | None:
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


def _event(
    token: Token,
    chunk: _Chunk,
    mentions: list[Any],
    sentence: int,
    lex: _Lexicon,
    dates: list[tuple[int, int, Any]],
) -> Event | None:
    lemma = token.lemma_.lower()
    name = None
    verbal = (
        token.pos_ in ("VERB", "AUX")
        or token.tag_.startswith("VB")
        or (
            token.pos_ == "ADJ"
            and token.dep_ in ("ROOT", "advcl", "ccomp", "conj")
            and any(c.dep_ == "nsubj" for c in token.children)
        )
    )  # "Washington unfroze ..."
    if verbal:
        particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")]
        phrasal = next((p for p in particles if (lemma, p) in lex.particles), None)
        if phrasal:
            name = lex.particles[(lemma, phrasal)]
        elif lemma in lex.triggers and token.pos_ != "AUX":
            name = lex.triggers[lemma]
    elif token.pos_ in ("NOUN", "PROPN") and (
        lemma in lex.noun_triggers or token.lower_ in lex.noun_triggers
    ):
        if token.i in chunk.token_mention:
            return None
        name = lex.noun_triggers.get(lemma) or lex.noun_triggers[token.lower_]
    if name is None or (token.dep_ == "amod" and token.pos_ != "NOUN"):
        return None  # "poorly coordinated units", "lost ground": adjectives, not events
    if token.pos_ == "PROPN" and token.is_title and token.i > 0 and token.nbor(-1).is_title:
        return None  # a capitalized headline word ("Lightning Strike") is a name
    if verbal and any(c.dep_ == "ccomp" for c in token.children) and lemma in lex.reporting:
        return None  # "critics warned that ...": a claim, not a threat
    if (
        token.pos_ == "VERB"
        and lemma in _LIGHT_VERBS
        and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in lex.noun_triggers) for c in token.children
        )
    ):
        return None  # the object noun carries the event
    spec = lex.classes[name]
    args = _event_args(token, chunk, mentions)
    date = _date_for(token, dates)
    climb = token
    while (
        date is None
        and climb.dep_ in ("xcomp", "conj", "nsubj", "nsubjpass", "advcl")
        and climb.head.pos_ in ("VERB", "AUX")
        and climb.head is not climb
    ):
        climb = climb.head  # "By fall, Russia began reclaiming ...", "..., as X fired"
        date = _date_for(climb, dates)
    if date is None:
        for conj in (c for c in token.children if c.dep_ == "conj"):
            date = date or _date_for(conj, dates)  # "300 killed and 2,700 wounded by January"
    if date is None and token.dep_ == "relcl":
        # "since January 12, when American warplanes hit ...": the date the clause is on
        date = next(
            (value for _, _, (span, value) in dates if span.start <= token.head.i < span.end), None
        )
    if date is None:
        date = _anchored_after(token, dates)
    if (
        token.dep_ == "dobj"
        and token.pos_ == "NOUN"
        and not any(a.role == "actor" for a in args)
        and token.head.lemma_.lower() not in lex.reporting
    ):
        # "Ukrainian forces launched an assault", "... widening a ground operation": the
        # one doing the verb does the event
        light = token.head
        args += [
            a for a in _event_args(light, chunk, mentions) if a.role == "actor" and a not in args
        ]
        if light.lemma_.lower() in _LIGHT_VERBS:
            date = date or _date_for(light, dates)
    if (
        not args
        and date is None
        and not (token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and token.pos_ == "NOUN")
        and not (spec.get("counted") and _counts(token))
    ):
        # "the operation", "to negotiate": with nobody in it, it tells nothing (a subject of
        # the main clause, "Relentless artillery strikes turned ...", is kept)
        return None
    negated = any(c.lower_ in _NEGATIONS for c in token.children if c.dep_ == "neg")
    start = chunk.char(token)
    return Event(
        sentence=sentence,
        start=start,
        end=start + len(token.text),
        trigger=lemma,
        event_class=name,
        plover=spec["plover"],
        cameo=spec.get("cameo"),
        args=tuple(args),
        date=date,
        negated=negated,
    )


def _counts(token: Token) -> bool:
    """Whether the text counts the event: a number on its trigger, subject or object
    ("at least 200 people had been killed", "the strike killed 12")."""
    counted = (token, *(c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")))
    return any(t.like_num or any(c.dep_ == "nummod" for c in t.children) for t in counted)


def _event_args(token: Token, chunk: _Chunk, mentions: list[Any]) -> list[Arg]:
    args: list[Arg] = []
    for child in token.children:
        dep = child.dep_
        if dep in ("nsubj", "csubj") or (dep == "agent"):
            inner = (
                next((c for c in child.children if c.dep_ == "pobj"), child)
                if dep == "agent"
                else child
            )
            args += _arg_mentions(inner, chunk, mentions, "actor")
        elif dep in _OBJECT_DEPS:
            args += _arg_mentions(child, chunk, mentions, "target")
            for where in (
                c
                for c in child.children
                if c.dep_ == "prep" and c.lower_ in ("in", "near", "inside", "around", "outside")
            ):
                for obj in (c for c in where.children if c.dep_ == "pobj"):
                    args += _arg_mentions(obj, chunk, mentions, "place")  # "positions in X"
        elif dep in ("poss", "amod", "compound") and token.pos_ == "NOUN":
            found = _arg_mentions(child, chunk, mentions, "actor", with_conj=False)
            country = reference.countries().by_demonym(child.text) if not found else None
            if country is not None:  # "a Ukrainian incursion": by Ukraine's forces
                found = [Arg("actor", key=f"forces:{country.code}")]
            for arg in found:
                mention = mentions[arg.mention] if arg.mention is not None else None
                if mention is not None and mention.kind == "place" and mention.subtype != "country":
                    arg = replace(arg, role="place")  # "the Kursk operation"
                args.append(arg)
        elif dep == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            for obj in objects:
                prep = child.lower_
                if prep == "between":
                    args += _arg_mentions(obj, chunk, mentions, "participant")
                elif prep == "by" and token.pos_ == "NOUN":
                    args += _arg_mentions(obj, chunk, mentions, "actor")
                elif prep in _TARGET_PREPS or prep == "with":
                    args += _arg_mentions(
                        obj, chunk, mentions, "participant" if prep == "with" else "target"
                    )
                elif prep in _PLACE_PREPS or prep == "of":
                    args += _arg_mentions(
                        obj, chunk, mentions, "place" if prep != "of" else "target"
                    )
        elif dep in ("advcl", "xcomp") and child.lemma_ in ("assist", "help", "support", "aid"):
            args += [
                replace(a, role="beneficiary")
                for a in _arg_mentions(
                    next((c for c in child.children if c.dep_ == "dobj"), child),
                    chunk,
                    mentions,
                    "beneficiary",
                )
                if a.mention is not None or a.key
            ]
            for where in (
                c for c in child.children if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS
            ):
                for obj in (c for c in where.children if c.dep_ == "pobj"):
                    args += _arg_mentions(obj, chunk, mentions, "place")  # "to assist X in Y"
    # When the verb heads a relative or participial clause, its subject is the noun it
    # modifies ("Ukrainian forces, capturing hundreds").
    if token.dep_ in ("advcl", "xcomp", "acl", "relcl", "conj") and not any(
        a.role == "actor" for a in args
    ):
        head = token.head
        subject = (
            head
            if token.dep_ in ("acl", "relcl")
            else next((c for c in head.children if c.dep_ in ("nsubj",)), None)
        )
        if token.dep_ == "acl" and head.dep_ == "dobj" and head.i not in chunk.token_mention:
            # "Russia intensified efforts to sever ...": the one making the efforts
            subject = next((c for c in head.head.children if c.dep_ == "nsubj"), subject)
        if subject is not None:
            args += _arg_mentions(subject, chunk, mentions, "actor")
    # A target or participant that is a place is where it happened.
    out = []
    for arg in args:
        if (
            arg.role == "target"
            and arg.mention is not None
            and mentions[arg.mention].kind == "place"
            and mentions[arg.mention].subtype != "country"
        ):
            arg = replace(arg, role="place")
        out.append(arg)
    return list(dict.fromkeys(out))


def _date_for(token: Token, dates: list[tuple[int, int, Any]]) -> TimeValue | None:
    """A date whose phrase hangs off the trigger (or off the trigger's own clause head),
    with no other event word between them ("frozen following a meeting on February 28":
    the date is the meeting's)."""
    lex = lexicon()
    for _, _, (span, value) in dates:
        root = span.root
        if token not in root.ancestors or _clause_head(root) not in (token, _clause_head(token)):
            continue
        own = lex.triggers.get(token.lemma_.lower()) or lex.noun_triggers.get(token.lemma_.lower())
        between = root.head
        while between != token and between.head is not between:
            other = (
                lex.noun_triggers.get(between.lemma_.lower()) if between.pos_ == "NOUN" else None
            )
            if other is not None and other != own:
                break  # another event's date ("frozen following a meeting on ...")
            between = between.head
        if between == token:
            return value
    return None


_SEQUENCE = frozenset({"after", "following", "since", "before", "until"})


def _anchored_after(token: Token, dates: list[tuple[int, int, Any]]) -> TimeValue | None:
    """ "aid was frozen following a meeting on February 28, 2025": the text only says the
    year, so the event gets the year, with the anchoring date as a note."""
    for child in token.children:
        if child.lower_ not in _SEQUENCE and not any(
            g.lower_ in _SEQUENCE for g in child.children if g.dep_ in ("mark", "prep")
        ):
            continue
        words = {t.i for t in child.subtree}
        for _, _, (span, value) in dates:
            if span.root.i in words:
                word = (
                    child.lower_
                    if child.lower_ in _SEQUENCE
                    else next(g.lower_ for g in child.children if g.lower_ in _SEQUENCE)
                )
                return TimeValue(value.value[:4], "year", f"{word} {value.value}")
    return None


def _clause_head(token: Token) -> Token:
    while (
        token.dep_ not in ("ROOT", "ccomp", "advcl", "conj", "xcomp", "relcl", "acl", "pcomp")
        and token.head is not token
    ):
        token = token.head
    return token


def _claim(
    token: Token,
    chunk: _Chunk,
    mentions: list[Any],
    sentence: int,
    lex: _Lexicon,
    dates: list[tuple[int, int, Any]],
    events: list[Event],
    sentence_events: list[int],
    published: Any = None,
) -> Claim | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in lex.reporting:
        stance = lex.reporting[lemma]
        if any(c.dep_ == "neg" for c in token.children):
            return None
        subject = next((c for c in token.children if c.dep_ in ("nsubj",)), None)
        if subject is None and token.dep_ in ("advcl", "conj", "xcomp"):
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        claimants = _arg_mentions(subject, chunk, mentions, "claimant") if subject else []
        content = [c for c in token.children if c.dep_ in ("ccomp", "dobj", "xcomp")]
        if not content and token.dep_ == "ROOT":
            content = [c for c in token.children if c.dep_ == "ccomp"]
        if not content:
            return None
        if (
            subject is not None
            and subject.lower_ in ("critics", "analysts", "observers")
            and not claimants
        ):
            claimants = []
    elif token.pos_ in ("VERB", "AUX") and any(
        c.lower_ in ("reportedly", "allegedly") for c in token.children
    ):
        # "North Korean forces reportedly suffered heavy losses": unattributed report
        stance, claimants = "asserts", []
        lemma = next(c.lower_ for c in token.children if c.lower_ in ("reportedly", "allegedly"))
        content = [token]
    elif (
        token.pos_ == "NOUN"
        and token.lower_ in lex.claim_nouns
        and token.i not in chunk.token_mention
    ):
        stance = lex.claim_nouns[token.lower_]
        lemma = token.lower_
        claimants = [
            a
            for c in token.children
            if c.dep_ in ("poss", "amod", "compound")
            for a in _arg_mentions(c, chunk, mentions, "claimant", with_conj=False)
        ]
        for child in token.children:
            country = (
                reference.countries().by_demonym(child.text)
                if child.dep_ in ("amod", "compound")
                else None
            )
            if country is not None:  # "Russian claims": Russia claims
                claimants.append(Arg("claimant", key=f"country:{country.code}"))
        if (
            not claimants
            and token.dep_ == "dobj"
            and token.head.lemma_.lower() not in lex.reporting
        ):
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                claimants = _arg_mentions(subject, chunk, mentions, "claimant")
        content = [c for c in token.children if c.dep_ in ("prep", "acl", "ccomp")]
        if token.dep_ == "nsubj":  # "reports emerged that ..."
            content += [c for c in token.head.children if c.dep_ == "ccomp"]
        if (
            token.dep_ == "dobj"
            and token.head.lemma_.lower() in lex.reporting
            and not claimants
            and not content
        ):
            return None  # "disputes the claim": the verb is the claim, this is its object
    else:
        return None
    spans = [t for c in content for t in c.subtree] or [token]
    start = chunk.char(min(spans, key=lambda t: t.i))
    last = max(spans, key=lambda t: t.i)
    end = chunk.char(last) + len(last.text)
    inside = tuple(i for i in sentence_events if start <= events[i].start < end)
    char = chunk.char(token)
    date = _date_for(token, dates)
    if date is None and token.pos_ == "NOUN" and token.dep_ == "nsubj":
        date = _date_for(token.head, dates)  # "reports emerged in autumn 2024 that ..."
    if (
        date is None
        and published is not None
        and token.pos_ == "VERB"
        and (
            token.tag_ in ("VBZ", "VBP")
            or any(c.lower_ in ("has", "have") and c.dep_ == "aux" for c in token.children)
        )
    ):
        # "Russia has announced ...": said now, as of publication; the year is what is sure
        date = TimeValue(str(published.year), "year", "as of publication")
    heads = [c for c in content if c.dep_ != "prep"]
    anaphoric = (not content) or (
        len(heads) == 1
        and heads[0].lemma_.lower() in _ANAPHORIC
        and not any(c.dep_ in ("prep", "acl", "ccomp") for c in heads[0].children)
    )
    casualties = any(
        t.lemma_.lower() in _CASUALTY_WORDS or t.lower_ in _CASUALTY_WORDS for t in spans
    )
    named = tuple(
        dict.fromkeys(chunk.token_mention[t.i] for t in spans if t.i in chunk.token_mention)
    )
    return Claim(
        sentence=sentence,
        start=char,
        end=char + len(token.text),
        verb=lemma,
        stance=stance,
        claimants=tuple(claimants),
        content_start=start,
        content_end=end,
        events=inside,
        date=date,
        anaphoric=anaphoric,
        casualties=casualties,
        named=named,
    )


def _place_quantity(
    quantity: Quantity,
    chunk: _Chunk,
    sentence: int,
    events: list[Event],
    sentence_events: list[int],
    claims: list[Claim],
) -> PlacedQuantity:
    """Hang a quantity on the event whose trigger governs it, else on the claim holding it."""
    token = chunk.token_at(quantity.start)
    by_trigger = {events[i].start: i for i in sentence_events}
    if token is not None:
        for ancestor in [token, *token.ancestors]:
            index = by_trigger.get(chunk.char(ancestor))
            if index is not None:
                return PlacedQuantity(quantity, sentence, event=index)
    for number, claim in enumerate(claims):
        if claim.sentence == sentence and claim.content_start <= quantity.start < claim.content_end:
            return PlacedQuantity(quantity, sentence, claim=number)
    if sentence_events:
        return PlacedQuantity(quantity, sentence, event=sentence_events[0])
    return PlacedQuantity(quantity, sentence)


def _role_relations(mentions: list[Any], lex: _Lexicon, year: int | None) -> Iterable[Relation]:
    """ "U.S. President Donald Trump" -> Trump leaderOf United States (role kept); a bare
    "President Zelensky" takes his state from the leaders' actor dictionary."""
    for index, mention in enumerate(mentions):
        if mention.kind != "person":
            continue
        for role in mention.roles:
            words = tuple(role.lower().split())
            for cut in range(len(words)):
                found = lex.roles.get(words[cut:])
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


def _known_leader(name: str, lex: _Lexicon, year: int | None) -> str | None:
    """The state a person leads per the actor dictionary, in the document's year; a lone
    surname counts only if it names one state's leader then. Unsure means no answer."""
    words = reference.fold(name).split()
    if not words:
        return None
    terms = lex.leaders.get(" ".join(words)) or lex.leaders.get(f"{words[0]} {words[-1]}", [])
    states = {
        state for state, first, last in terms if year is None or first <= year <= (last or year)
    }
    return states.pop() if len(states) == 1 else None


def _sentence_relations(
    sent: Any,
    chunk: _Chunk,
    mentions: list[Any],
    sentence: int,
    events: list[Event],
    sentence_events: list[int],
    year: int | None = None,
) -> Iterable[Relation]:
    """Affiliation and location from the parse; combat, deployment, meetings from events."""
    for token in sent:
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
        if index is None or token.dep_ != "pobj":
            continue
        prep = token.head
        holder = prep.head
        holder_index = chunk.token_mention.get(holder.i)
        if holder_index is None or holder_index == index:
            continue
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
            and prep.lower_ in ("of", "at", "with", "from")
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
    for number in sentence_events:
        event = events[number]
        if event.negated:
            continue
        # An argument behind its own attribution is one side's word, not the writer's.
        vouched = [a for a in event.args if not _attributed_aside(a, chunk, mentions)]
        actors = [a for a in vouched if a.role == "actor"]
        targets = [a for a in vouched if a.role == "target"]
        places = [a for a in vouched if a.role == "place"]
        participants = [a for a in vouched if a.role == "participant"]
        if event.plover == "ASSAULT":
            for actor in actors:
                for target in targets:
                    if _is_actor(target, mentions) and _is_actor(actor, mentions):
                        yield Relation(
                            replace(actor, role="subject"),
                            "foughtAgainst",
                            replace(target, role="object"),
                            sentence,
                            rule="event",
                        )
        if event.event_class in ("Deployment", "Offensive"):
            for actor in actors:
                unit = _force_of(actor, mentions)
                for place in places:
                    if unit is not None:
                        yield Relation(
                            unit,
                            "deployedTo",
                            replace(place, role="object"),
                            sentence,
                            rule="event",
                        )
                if event.event_class != "Deployment":
                    continue
                for beneficiary in (a for a in event.args if a.role == "beneficiary"):
                    yield Relation(
                        replace(actor, role="subject"),
                        "aidTo",
                        replace(beneficiary, role="object"),
                        sentence,
                        rule="event",
                    )
        if event.event_class == "Meeting":
            people = actors + participants + targets
            for i, left in enumerate(people):
                for right in people[i + 1 :]:
                    if left != right:
                        yield Relation(
                            replace(left, role="subject"),
                            "metWith",
                            replace(right, role="object"),
                            sentence,
                            rule="event",
                        )
        if event.event_class == "AidDecision":
            for actor in actors:
                for target in targets + [a for a in event.args if a.role == "beneficiary"]:
                    if _is_actor(target, mentions):
                        yield Relation(
                            replace(actor, role="subject"),
                            "aidTo",
                            replace(target, role="object"),
                            sentence,
                            rule="event",
                        )


def _attributed_aside(arg: Arg, chunk: _Chunk, mentions: list[Any]) -> bool:
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
    reporting = lexicon().reporting
    return len(aside) > 1 and (
        aside[0].lower_ == "according"
        or any(t.pos_ == "VERB" and t.lemma_.lower() in reporting for t in aside)
    )


_LEAD_VERBS = {
    "lead": "leaderOf",
    "head": "chiefOf",
    "command": "commanderOf",
    "run": "chiefOf",
    "chair": "chiefOf",
}


def _part_of(token: Token, chunk: _Chunk, mentions: list[Any], sentence: int) -> Iterable[Relation]:
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
    token: Token, index: int, chunk: _Chunk, mentions: list[Any], sentence: int
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
    for acl in (c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in _LEAD_VERBS):
        for agent in (c for c in acl.children if c.dep_ == "agent"):
            for person in (c for c in agent.subtree if c.i in chunk.token_mention):
                leader = chunk.token_mention[person.i]
                if mentions[leader].kind != "person":
                    continue
                predicate = _LEAD_VERBS[acl.lemma_.lower()]
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
    token: Token, index: int, chunk: _Chunk, mentions: list[Any], sentence: int
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
        predicate = lex.org_titles.get(word)
        if predicate is None:
            continue
        before = {c.lower_ for c in title.children if c.dep_ in ("amod", "compound")}
        if before & lex.past:
            continue
        if before & lex.member_only:
            predicate = "memberOf"
        owners = [c for c in title.children if c.dep_ in ("poss", "compound", "nmod")]
        if any(c.lower_ in ("its", "their") for c in owners):
            group = _nearest_group(title, chunk, mentions)  # "the State Department said
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


def _national_force(sentence: int, mentions: list[Any]) -> str | None:
    """The one state's armed forces named in this sentence or the two before it."""
    keys = {
        m.key
        for m in mentions
        if m.key and m.key.startswith("forces:") and sentence - 2 <= m.sentence <= sentence
    }
    return keys.pop() if len(keys) == 1 else None


def _backing(token: Token, chunk: _Chunk, mentions: list[Any], sentence: int) -> Iterable[Relation]:
    """ "an Iran-backed movement", "Malian troops backed by Wagner fighters" -> aidTo."""
    if token.lemma_.lower() not in lexicon().backing or token.dep_ not in ("amod", "acl"):
        return
    noun = token.head
    backed = _arg_for(noun, chunk, mentions, "object")
    if backed is None and noun.dep_ == "appos":
        backed = _arg_for(noun.head, chunk, mentions, "object")  # "X, an Iran-backed group"
    if backed is None:
        return
    if token.dep_ == "amod":
        table = reference.countries()
        backers = [
            _arg_for(c, chunk, mentions, "subject")
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
            _arg_for(o, chunk, mentions, "subject")
            for a in token.children
            if a.dep_ == "agent"
            for o in a.children
            if o.dep_ == "pobj"
        ]
    for backer in backers:
        if (
            backer is not None
            and _is_actor(backer, mentions)
            and _key_text(backer, mentions) != _key_text(backed, mentions)
        ):
            yield Relation(backer, "aidTo", backed, sentence, rule="backed")


_MISSIONS = frozenset({"mission", "contingent", "peacekeepers", "force"})


def _basing(token: Token, chunk: _Chunk, mentions: list[Any], sentence: int) -> Iterable[Relation]:
    """ "the 6th Infantry Division, which is headquartered in El Fasher", "1,500 Russian
    fighters are deployed in Mali" -> deployedTo."""
    if token.lower_ in _MISSIONS:
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
    if token.lemma_.lower() not in lexicon().basing or token.pos_ != "VERB":
        return
    if token.dep_ in ("relcl", "acl"):
        unit = _arg_for(token.head, chunk, mentions, "subject")
    else:
        subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        unit = _arg_for(subject, chunk, mentions, "subject") if subject is not None else None
    force = _force_of(unit, mentions) if unit is not None else None
    if force is None:
        return
    for prep in (
        c
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "to", "inside", "outside")
    ):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            place = _arg_for(obj, chunk, mentions, "object")
            if (
                place is not None
                and place.mention is not None
                and mentions[place.mention].kind == "place"
            ):
                yield Relation(force, "deployedTo", place, sentence, rule="based")


def _owned_by_force(
    token: Token, index: int, chunk: _Chunk, mentions: list[Any], sentence: int
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
        state = _nearest_state(token, chunk, mentions)  # "Russia's ministry ... its Group"
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


_PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "capital",
        "settlement",
        "port",
        "hamlet",
        "district",
        "province",
        "region",
        "stronghold",
        "hub",
    }
)


def _described_place(
    token: Token, index: int, chunk: _Chunk, mentions: list[Any], sentence: int
) -> Iterable[Relation]:
    """ "El Fasher, the last major city in the Darfur region" -> locatedIn Darfur."""
    place = mentions[index]
    if place.kind != "place" or place.subtype == "country":
        return
    for appos in (
        c for c in token.children if c.dep_ == "appos" and c.lemma_.lower() in _PLACE_NOUNS
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


_GOVERNMENTS = frozenset({"government", "administration", "cabinet", "regime"})


def _government_of(
    token: Token, index: int, mentions: list[Any], sentence: int, year: int | None
) -> Iterable[Relation]:
    """ "Burhan's government operates from Port Sudan" -> Burhan leaderOf Sudan, when the
    text or the leaders' dictionary says which state he leads."""
    mention = mentions[index]
    if (
        mention.kind != "person"
        or token.dep_ != "poss"
        or token.head.lemma_.lower() not in _GOVERNMENTS
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


_SIZE = {"settlement": 0, "facility": 0, "region": 1, "country": 2}


def _contains(outer: str | None, inner: str | None) -> bool:
    return outer in _SIZE and inner in _SIZE and _SIZE[outer] > _SIZE[inner]


def _is_actor(arg: Arg, mentions: list[Any]) -> bool:
    if arg.key:
        return arg.key.startswith(("forces:", "country:"))
    mention = mentions[arg.mention] if arg.mention is not None else None
    return mention is not None and (
        mention.kind in ("military_unit", "person", "organization") or mention.subtype == "country"
    )


def _force_of(arg: Arg, mentions: list[Any]) -> Arg | None:
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


def _unique(relations: list[Relation]) -> list[Relation]:
    seen: dict[tuple[Any, ...], Relation] = {}
    for relation in relations:
        key = (relation.subject, relation.predicate, relation.object, relation.sentence)
        seen.setdefault(key, relation)
    return list(seen.values())


def _key_text(arg: Arg, mentions: list[Any]) -> str:
    if arg.key:
        return arg.key
    return (
        mentions[arg.mention].key or mentions[arg.mention].name if arg.mention is not None else ""
    )


def _state_of(arg: Arg, mentions: list[Any]) -> str | None:
    if arg.key:
        return arg.key.split(":", 1)[1]
    return mentions[arg.mention].state if arg.mention is not None else None


def _topic(claim: Claim, events: list[Event], mentions: list[Any]) -> str | None:
    """What a claim is about, coarsely: the first event it contains and its actor's state."""
    for number in claim.events:
        event = events[number]
        actors = [a for a in event.args if a.role in ("actor", "target")]
        state = next((s for a in actors if (s := _state_of(a, mentions))), None)
        if state is None:
            return None
        group = "Capture" if event.event_class in ("Capture", "Offensive") else event.event_class
        place = next((_key_text(a, mentions) for a in event.args if a.role == "place"), "")
        return f"{group}:{state}:{place}"
    return None


def _link_claims(
    claims: list[Claim], events: list[Event], mentions: list[Any], lex: _Lexicon
) -> list[Claim]:
    """Anaphora ("disputes the claim"), nominal claims, topics and contested pairs."""
    pairs: set[tuple[int, int]] = set()
    linked: list[Claim] = []
    for number, claim in enumerate(claims):
        topic = _topic(claim, events, mentions)
        refers = None
        nested = [
            i
            for i, other in enumerate(claims)
            if i != number
            and other.sentence == claim.sentence
            and claim.content_start <= other.start < claim.content_end
        ]
        if nested:
            refers = nested[0]
        elif claim.anaphoric:
            earlier = [
                i
                for i in range(number)
                if claim.sentence - claims[i].sentence <= 3 and not claims[i].anaphoric
            ]
            if earlier:
                refers = earlier[-1]
        if refers is not None and refers < number:
            topic = topic or linked[refers].topic
        elif refers is not None:
            topic = topic or _topic(claims[refers], events, mentions)
        linked.append(replace(claim, refers_to=refers, topic=topic))
    for number, claim in enumerate(linked):
        if claim.refers_to is not None and claim.stance in lex.opposed.get(
            linked[claim.refers_to].stance, set()
        ):
            pairs.add(tuple(sorted((number, claim.refers_to))))  # type: ignore[arg-type]
        for other in range(number):
            # Same topic is coarse (event kind, state, place): only nearby claims count.
            if (
                _same_topic(linked[other].topic, claim.topic)
                and claim.sentence - linked[other].sentence <= 3
                and claim.stance in lex.opposed.get(linked[other].stance, set())
            ):
                pairs.add((other, number))
    pairs |= _differing_figures(linked)
    pairs |= _answered(linked, mentions, lex)
    contests: dict[int, set[int]] = {}
    for a, b in pairs:
        contests.setdefault(a, set()).add(b)
        contests.setdefault(b, set()).add(a)
    return [replace(c, contests=tuple(sorted(contests.get(i, ())))) for i, c in enumerate(linked)]


def _same_topic(a: str | None, b: str | None) -> bool:
    """Same event kind and state, and the same place unless one of them names none."""
    if not a or not b:
        return False
    group_a, state_a, place_a = a.split(":", 2)
    group_b, state_b, place_b = b.split(":", 2)
    return (group_a, state_a) == (group_b, state_b) and (
        place_a == place_b or not place_a or not place_b
    )


def _answered(claims: list[Claim], mentions: list[Any], lex: _Lexicon) -> set[tuple[int, int]]:
    """ "Tehran denied directing Hezbollah's operations, but Gallant warned that Iran would
    pay for arming the group": opposing stances from different claimants, in the same or
    the next sentence, where one side's content names the other side or what it named."""

    def names(indices: Iterable[int]) -> set[str]:
        return {mentions[i].key or mentions[i].name for i in indices}

    pairs = set()
    for a, first in enumerate(claims):
        for b in range(a + 1, len(claims)):
            second = claims[b]
            if second.sentence - first.sentence > 1 or second.stance not in lex.opposed.get(
                first.stance, set()
            ):
                continue
            ours = names(x.mention for x in first.claimants if x.mention is not None)
            theirs = names(x.mention for x in second.claimants if x.mention is not None)
            if not ours or not theirs or ours & theirs:
                continue
            said_a, said_b = names(first.named), names(second.named)
            if ours & said_b or theirs & said_a or (said_a & said_b - ours - theirs):
                pairs.add((a, b))
    return pairs


def _differing_figures(claims: list[Claim]) -> set[tuple[int, int]]:
    """Different claimants giving casualty figures in neighbouring sentences contest each
    other ("estimated 300 killed, while Ukrainian officials put the number much higher")."""
    pairs = set()
    for a, first in enumerate(claims):
        for b in range(a + 1, len(claims)):
            second = claims[b]
            if (
                not (first.casualties and second.casualties)
                or abs(second.sentence - first.sentence) > 1
            ):
                continue
            ours = {x.key or x.mention for x in first.claimants}
            theirs = {x.key or x.mention for x in second.claimants}
            if ours and theirs and ours != theirs:
                pairs.add((a, b))
    return pairs


def _inherit_claim_dates(events: list[Event], claims: list[Claim]) -> list[Event]:
    """An undated event inside a dated claim gets the claim's date, marked as reported."""
    out = list(events)
    for claim in claims:
        if claim.date is None:
            continue
        for number in claim.events:
            if out[number].date is None:
                out[number] = replace(out[number], date=claim.date, date_reported=True)
    return out
