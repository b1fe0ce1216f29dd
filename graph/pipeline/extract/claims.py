"""Claims: who says so, in which stance, about what, and which claims contest each other.

A reporting verb ("said", "denied"), a claim noun ("Russian claims of full control") or an
unattributed "reportedly" makes a claim: its claimants from the parse, its stance from the
dictionary (``data/events.yaml``), its content the clause it governs with the events inside.
Claims are then linked: "denied the claim" refers to the claim before, opposed stances on
one topic contest each other, and so do different claimants' casualty figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from graph import reference
from graph.model import Arg, Claim, Event, Mention, TimeValue
from graph.pipeline.extract.arguments import arg_mentions, key_text
from graph.pipeline.extract.context import Chunk, SentenceDate
from graph.pipeline.extract.events import date_for
from graph.pipeline.extract.lexicon import FactLexicon, lexicon

_RELATIVES = frozenset({"which", "who", "that"})
_OWN_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my"})
_QUOTES = frozenset({'"', "\u201c", "\u201d"})
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


@dataclass(frozen=True)
class _Said:
    """What the head of a claim gives: stance, the verb (or noun) as written, who, what."""

    stance: str
    verb: str
    claimants: tuple[Arg, ...]
    content: tuple[Token, ...]
    extent: tuple[Token, ...] = ()  # the content's words, when not the content's subtrees


def find_claim(
    token: Token,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    dates: Sequence[SentenceDate],
    events: Sequence[Event],
    sentence_events: Sequence[int],
    published: dt.date | None = None,
) -> Claim | None:
    """The claim a token heads, with the sentence's events it contains, or None."""
    said = _said(token, chunk, mentions, lexicon())
    if said is None:
        return None
    spans = _without_dateline(
        list(said.extent) or [t for c in said.content for t in c.subtree] or [token]
    )
    first, last = _readable_ends(sorted(spans, key=lambda t: t.i))
    start = chunk.char(first)
    end = chunk.char(last) + len(last.text)
    inside = tuple(i for i in sentence_events if start <= events[i].start < end)
    char = chunk.char(token)
    heads = [c for c in said.content if c.dep_ != "prep"]
    anaphoric = (not said.content) or (
        len(heads) == 1
        and heads[0].lemma_.lower() in lexicon().anaphoric_nouns
        and not any(c.dep_ in ("prep", "acl", "ccomp") for c in heads[0].children)
    )
    casualty_words = lexicon().casualty_words
    casualties = any(
        t.lemma_.lower() in casualty_words or t.lower_ in casualty_words for t in spans
    )
    named = tuple(
        dict.fromkeys(chunk.token_mention[t.i] for t in spans if t.i in chunk.token_mention)
    )
    return Claim(
        sentence=sentence,
        start=char,
        end=char + len(token.text),
        verb=said.verb,
        stance=said.stance,
        claimants=said.claimants,
        content_start=start,
        content_end=end,
        events=inside,
        date=_claim_date(token, dates, published),
        anaphoric=anaphoric,
        casualties=casualties,
        named=named,
    )


# Words a readable content does not end on: "300 soldiers killed and", "Donetsk, where".
_DANGLING = frozenset(
    {",", ";", ":", "—", "–", "-", "(", "“", '"', "where", "which", "who", "when"}
)


def _readable_ends(tokens: list[Token]) -> tuple[Token, Token]:
    """The first and last token of a content, without what leaves it cut: a trailing
    conjunction, preposition, comma, dash or relative word, and a leading preposition ("of
    full control over Kursk")."""
    first, last = 0, len(tokens) - 1
    while last > first and (
        tokens[last].lower_ in _DANGLING or tokens[last].pos_ in ("CCONJ", "SCONJ", "ADP")
    ):
        last -= 1
    while first < last and tokens[first].pos_ == "ADP" and tokens[first].dep_ == "prep":
        first += 1
    return tokens[first], tokens[last]


def link_claims(
    claims: Sequence[Claim], events: Sequence[Event], mentions: Sequence[Mention]
) -> list[Claim]:
    """Anaphora ("disputes the claim"), nominal claims, topics and contested pairs."""
    opposed = lexicon().opposed_stances
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
        if claim.refers_to is not None and claim.stance in opposed.get(
            linked[claim.refers_to].stance, set()
        ):
            pairs.add(tuple(sorted((number, claim.refers_to))))  # type: ignore[arg-type]
        for other in range(number):
            # Same topic is coarse (event kind, state, place): only nearby claims count.
            if (
                _same_topic(linked[other].topic, claim.topic)
                and claim.sentence - linked[other].sentence <= 3
                and claim.stance in opposed.get(linked[other].stance, set())
            ):
                pairs.add((other, number))
    pairs |= _differing_figures(linked)
    pairs |= _answered(linked, mentions, lexicon())
    contests: dict[int, set[int]] = {}
    for a, b in pairs:
        contests.setdefault(a, set()).add(b)
        contests.setdefault(b, set()).add(a)
    return [replace(c, contests=tuple(sorted(contests.get(i, ())))) for i, c in enumerate(linked)]


def inherit_claim_dates(events: Sequence[Event], claims: Sequence[Claim]) -> list[Event]:
    """An undated event inside a dated claim gets the claim's date, marked as reported."""
    out = list(events)
    for claim in claims:
        if claim.date is None:
            continue
        for number in claim.events:
            if out[number].date is None:
                out[number] = replace(out[number], date=claim.date, date_reported=True)
    return out


def _said(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], lex: FactLexicon
) -> _Said | None:
    """The claim a token heads: a reporting verb, "according to", "reportedly", or a claim
    noun. A reporting word inside a quotation is the speaker's own words, not a claim."""
    if _quoted(token) or token.sent.text.rstrip().endswith("?"):
        return None  # a question asks, it claims nothing
    if token.pos_ == "VERB" and token.lemma_.lower() in lex.reporting_verbs:
        return _reporting_verb(token, chunk, mentions, lex)
    if token.i + 1 < len(token.doc) and (
        stance := lex.sourcing_preps.get(f"{token.lower_} {token.nbor().lower_}")
    ):
        return _sourced(token, stance, chunk, mentions)
    if token.pos_ in ("VERB", "AUX") and any(
        c.lower_ in ("reportedly", "allegedly") for c in token.children
    ):
        # "North Korean forces reportedly suffered heavy losses": unattributed report
        adverb = next(c.lower_ for c in token.children if c.lower_ in ("reportedly", "allegedly"))
        return _Said("asserts", adverb, (), (token,))
    if (
        token.pos_ == "NOUN"
        and token.lower_ in lex.claim_nouns
        and token.i not in chunk.token_mention
        # "said in a statement", "according to a report": the verb's claim, not another
        and not (token.dep_ == "pobj" and token.head.lower_ in ("in", "to"))
    ):
        return _claim_noun(token, chunk, mentions, lex)
    return None


def _reporting_verb(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], lex: FactLexicon
) -> _Said | None:
    """ "Israel announced that ...": the subject claims the clause; negated, nobody does."""
    lemma = token.lemma_.lower()
    if any(c.dep_ == "neg" for c in token.children):
        return None
    subject = _speaker(token, lex)
    claimants = _claimants(subject, chunk, mentions, lex) if subject is not None else []
    # "told reporters the bomb was ...": with a clause said, the object is who heard it
    content = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")] or [
        c for c in token.children if c.dep_ == "dobj"
    ]
    if not content:
        return None
    stance = lex.reporting_verbs[lemma]
    if stance == "asserts" and _denies_own(content[0], lex):
        stance = "denies"
    return _Said(stance, lemma, tuple(claimants), tuple(content))


def _speaker(token: Token, lex: FactLexicon) -> Token | None:
    """Who speaks through a reporting verb: its subject, else the subject of the verb it is
    coordinated with or hangs on ("denied ... and said", "rejected ..., saying"), and for
    "which denied" the noun the clause is about. "..., saying" speaks for the reporting
    verb above it, however deep the clause it hangs on."""
    head = token
    if token.tag_ == "VBG" and token.dep_ == "advcl":
        head = next(
            (a for a in token.ancestors if a.lemma_.lower() in lex.reporting_verbs), token.head
        )
    while True:
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            or head.dep_ not in ("advcl", "conj", "xcomp")
            or head.head.i == head.i
        ):
            break
        head = head.head
    if subject is not None and subject.lower_ in _RELATIVES and head.dep_ == "relcl":
        return head.head
    return subject


def _claimants(
    subject: Token, chunk: Chunk, mentions: Sequence[Mention], lex: FactLexicon
) -> list[Arg]:
    """The entities a speaker stands for: what the parse names ("Ukrainian officials", "X, a
    spokesman"), else "a spokesman for Y" -> Y, else a pronoun or a body named before ("he
    said", "the police said", "a mission spokesman said")."""
    found = arg_mentions(subject, chunk, mentions, "claimant")
    if found:
        return found
    if subject.lower_ in lex.spokes_nouns:
        for prep in (c for c in subject.children if c.dep_ == "prep" and c.lower_ in ("for", "of")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                found += arg_mentions(obj, chunk, mentions, "claimant")
        if found:
            return found
        named = next((c for c in subject.children if c.dep_ in ("compound", "nmod")), None)
        subject = named if named is not None else subject
    earlier = _named_before(subject, chunk, mentions, lex)
    return [Arg("claimant", mention=earlier)] if earlier is not None else []


def _named_before(
    word: Token, chunk: Chunk, mentions: Sequence[Mention], lex: FactLexicon
) -> int | None:
    """The mention a pronoun or a body's common noun stands for: "he" is the nearest person
    named before in the paragraph, "it" the nearest organization, unit or state; "the
    police", "the commission" the nearest organization or unit whose name has the word,
    "the group" the nearest organization or unit in the paragraph."""
    low = word.lower_
    char = chunk.char(word)
    paragraph = chunk.offset + chunk.text.rfind("\n", 0, word.idx) + 1
    before = [i for i, m in enumerate(mentions) if m.end <= char]
    if low in ("he", "she"):
        kinds: tuple[str, ...] = ("person",)
    elif low == "it" or low in lex.group_nouns:
        kinds = ("organization", "military_unit") + (("place",) if low == "it" else ())
    elif word.pos_ == "NOUN":
        named = [
            i
            for i in before
            if mentions[i].kind in ("organization", "military_unit")
            and low in mentions[i].name.lower().split()
        ]
        return named[-1] if named else None
    else:
        return None
    near = [
        i
        for i in before
        if mentions[i].start >= max(paragraph, chunk.offset)
        and mentions[i].kind in kinds
        and (mentions[i].kind != "place" or mentions[i].subtype == "country")
    ]
    # The one who spoke last speaks on; else the last subject; else the last named.
    ranked = sorted(near, key=lambda i: (_salience(mentions[i], chunk, lex), i))
    return ranked[-1] if ranked else None


def _salience(mention: Mention, chunk: Chunk, lex: FactLexicon) -> int:
    """2 for the subject of a reporting verb, 1 for another subject, 0 otherwise."""
    token = chunk.token_at(mention.start)
    if token is None:
        return 0
    while mention.start <= chunk.char(token.head) < mention.end and token.head.i != token.i:
        token = token.head
    if token.dep_ == "appos" and token.head.i not in chunk.token_mention:
        token = token.head  # "His lawyer, Roseline Feïkéram, said": the name is the subject
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if token.head.lemma_.lower() in lex.reporting_verbs else 1


def _denies_own(content: Token, lex: FactLexicon) -> bool:
    """ "said her client had never given an order", "said none of its units had been
    involved": a negated clause about the speaker's own side is a denial."""
    subject = next((c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    own = subject.lower_ in ("we", "i") or any(
        t.dep_ == "poss" and t.lower_ in _OWN_POSSESSIVES for t in subject.subtree
    )
    negated = subject.lower_ in ("none", "nobody") or any(
        c.dep_ == "neg" or c.lower_ in lex.negations for c in content.children
    )
    # "his fighters would not stop": a vow about what comes, not a denial of what was
    modal = any(c.tag_ == "MD" for c in content.children)
    return own and negated and not modal


def _sourced(token: Token, stance: str, chunk: Chunk, mentions: Sequence[Mention]) -> _Said | None:
    """ "Fighters attacked the town, according to the ministry": the source claims the
    clause the phrase hangs on, without the phrase itself. A source named only as a
    document ("according to results published by the commission") is the document's
    author."""
    source = next(
        (o for c in token.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"),
        None,
    )
    if source is None or token.head.i == token.i:
        return None
    claimants = arg_mentions(source, chunk, mentions, "claimant")
    if not claimants:
        authors = [
            o for t in source.subtree if t.dep_ == "agent" for o in t.children if o.dep_ == "pobj"
        ]
        claimants = [a for o in authors for a in arg_mentions(o, chunk, mentions, "claimant")]
    clause = token.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head  # "attacked ... on Sunday, according to": the clause, not Sunday
    phrase_words = set(token.subtree)
    extent = tuple(t for t in clause.subtree if t not in phrase_words)
    while extent and (extent[-1].is_punct or extent[-1].is_space):
        extent = extent[:-1]
    phrase = f"{token.lower_} {token.nbor().lower_}"
    return _Said(stance, phrase, tuple(claimants), (clause,), extent)


def _without_dateline(tokens: list[Token]) -> list[Token]:
    """The content without the wire dateline the parser hangs on the lead's clause
    ("DAKAR, March 26 (Reuters) - Faye won ...": Faye won ...)."""
    ordered = sorted(tokens, key=lambda t: t.i)
    for n, t in enumerate(ordered[:12]):
        if t.text in _DASHES:
            head = ordered[:n]
            if head and all(w.is_punct or w.like_num or w.text[:1].isupper() for w in head):
                return ordered[n + 1 :] or ordered
            break
    return ordered


def _quoted(token: Token) -> bool:
    """Whether a token stands inside a quotation of its sentence (an odd number of
    quotation marks before it)."""
    marks = sum(1 for t in token.sent if t.i < token.i and t.text in _QUOTES)
    return marks % 2 == 1


def _claim_noun(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], lex: FactLexicon
) -> _Said | None:
    """ "Russian claims of full control", "Hezbollah's denial": the owner claims."""
    claimants = [
        a
        for c in token.children
        if c.dep_ in ("poss", "amod", "compound")
        for a in arg_mentions(c, chunk, mentions, "claimant", with_conj=False)
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
        and token.head.lemma_.lower() not in lex.reporting_verbs
    ):
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            claimants = arg_mentions(subject, chunk, mentions, "claimant")
    content = [c for c in token.children if c.dep_ in ("prep", "acl", "ccomp")]
    if token.dep_ == "nsubj":  # "reports emerged that ..."
        content += [c for c in token.head.children if c.dep_ == "ccomp"]
    if (
        token.dep_ == "dobj"
        and token.head.lemma_.lower() in lex.reporting_verbs
        and not claimants
        and not content
    ):
        return None  # "disputes the claim": the verb is the claim, this is its object
    return _Said(lex.claim_nouns[token.lower_], token.lower_, tuple(claimants), tuple(content))


def _claim_date(
    token: Token, dates: Sequence[SentenceDate], published: dt.date | None
) -> TimeValue | None:
    """The date the claim's head carries; a present-tense claim is dated by publication."""
    date = date_for(token, dates)
    if date is None and token.pos_ == "NOUN" and token.dep_ == "nsubj":
        date = date_for(token.head, dates)  # "reports emerged in autumn 2024 that ..."
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
    return date


def _state_of(arg: Arg, mentions: Sequence[Mention]) -> str | None:
    if arg.key:
        return arg.key.split(":", 1)[1]
    return mentions[arg.mention].state if arg.mention is not None else None


def _topic(claim: Claim, events: Sequence[Event], mentions: Sequence[Mention]) -> str | None:
    """What a claim is about, coarsely: the first event it contains and its actor's state."""
    for number in claim.events:
        event = events[number]
        actors = [a for a in event.args if a.role in ("actor", "target")]
        state = next((s for a in actors if (s := _state_of(a, mentions))), None)
        if state is None:
            return None
        group = "Capture" if event.event_class in ("Capture", "Offensive") else event.event_class
        place = next((key_text(a, mentions) for a in event.args if a.role == "place"), "")
        return f"{group}:{state}:{place}"
    return None


def _same_topic(a: str | None, b: str | None) -> bool:
    """Same event kind and state, and the same place unless one of them names none."""
    if not a or not b:
        return False
    group_a, state_a, place_a = a.split(":", 2)
    group_b, state_b, place_b = b.split(":", 2)
    return (group_a, state_a) == (group_b, state_b) and (
        place_a == place_b or not place_a or not place_b
    )


def _answered(
    claims: Sequence[Claim], mentions: Sequence[Mention], lex: FactLexicon
) -> set[tuple[int, int]]:
    """ "Tehran denied directing Hezbollah's operations, but Gallant warned that Iran would
    pay for arming the group": opposing stances from different claimants, in the same or
    the next sentence, where one side's content names the other side or what it named."""

    def names(indices: Iterable[int]) -> set[str]:
        return {mentions[i].key or mentions[i].name for i in indices}

    pairs = set()
    for a, first in enumerate(claims):
        for b in range(a + 1, len(claims)):
            second = claims[b]
            if second.sentence - first.sentence > 1 or second.stance not in (
                lex.opposed_stances.get(first.stance, set())
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


def _differing_figures(claims: Sequence[Claim]) -> set[tuple[int, int]]:
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
