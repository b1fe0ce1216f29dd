"""Events: trigger words -> who did what to whom, where and when.

A verb or event noun from the class dictionaries (``data/events.yaml``, after the rule-based
event coders) triggers an event with a PLOVER category and CAMEO root; its participants are
read from the parse in roles (actor, target, place, participant, beneficiary) and its date is
the date phrase that hangs on it, at the precision the text gives. An event naming nobody
and no date tells nothing and is dropped, unless the text counts it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from graph import reference
from graph.dates import is_duration, normalize
from graph.model import Arg, Event, Mention, TimeValue
from graph.pipeline.extract.arguments import arg_mentions, named_before
from graph.pipeline.extract.context import Chunk, SentenceDate
from graph.pipeline.extract.lexicon import FactLexicon, lexicon, load_data

# Dependency labels of spaCy's English parser (the model's scheme, not vocabulary).
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
_CLAUSE_DEPS = ("ROOT", "ccomp", "advcl", "conj", "xcomp", "relcl", "acl", "pcomp")


def sentence_dates(
    sent: Span, context: dt.date | None, published: dt.date | None, date_known: bool = True
) -> tuple[list[SentenceDate], dt.date | None]:
    """The sentence's dates, read against ``context`` (the story's date so far), and the
    context the next sentence reads against."""
    out = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or is_duration(ent.text):
            continue
        value = normalize(ent.text, context, published, date_known)
        if value is None:
            continue
        out.append(SentenceDate(ent, value))
        since = ent.start > 0 and sent.doc[ent.start - 1].lower_ == "since"
        # "the 2016 peace deal" names a thing by its year; the story does not move there
        naming = ent.root.dep_ in ("nummod", "compound", "amod") and ent.root.head not in ent
        if (
            any(ch.isdigit() for ch in ent.text)
            and len(value.value) >= 4
            and not ((since or naming) and value.precision == "year")
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
                out.append(SentenceDate(sent.doc[token.i : token.i + 1], value))
    return out, context


def find_events(
    sent: Span,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    dates: Sequence[SentenceDate],
) -> list[Event]:
    """The events of one sentence, one per occurrence: triggers of one clause with the same
    class and no conflicting actor ("seized control of the town", "clashes ... fighting")
    are one event, with the participants of both."""
    found: list[tuple[Token, Event]] = []
    for token in sent:
        event = find_event(token, chunk, mentions, sentence, dates)
        if event is None:
            continue
        same = next(
            (i for i, (t, e) in enumerate(found) if _one_occurrence(t, e, token, event)), None
        )
        if same is None:
            found.append((token, event))
        else:
            found[same] = _merged(*found[same], token, event)
    return [event for _, event in found]


def find_event(
    token: Token,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    dates: Sequence[SentenceDate],
) -> Event | None:
    """The event a token triggers, with its arguments and date, or None when it triggers
    none or the text does not say it happened (negated, modal, conditional, planned,
    generic, or a hazard's doing)."""
    lex = lexicon()
    name = _event_class(token, chunk, lex)
    if name is None or not _asserted(token, lex):
        return None
    spec = lex.classes[name]
    if not spec.counted and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in lex.hazard_nouns for c in token.children
    ):
        return None  # "an earthquake struck the district": nobody attacked
    args = _event_args(token, chunk, mentions)
    forced = _forced(name)
    if forced is not None and _by_force(token, chunk, lex, forced):
        name = forced.becomes
        spec = lex.classes[name]
    date = _event_date(token, dates)
    head = token.head
    if (
        token.dep_ == "dobj"
        and token.pos_ == "NOUN"
        and not any(a.role == "actor" for a in args)
        and _does_its_object(head, lex)
    ):
        # "Ukrainian forces launched an assault", "... widening a ground operation": the
        # one doing the verb does the event
        args += [
            a for a in _event_args(head, chunk, mentions) if a.role == "actor" and a not in args
        ]
        if head.lemma_.lower() in lex.light_verbs:
            date = date or date_for(head, dates)
    if (
        not args
        and date is None
        and not (
            token.dep_ == "nsubj"
            and head.dep_ == "ROOT"
            and token.pos_ == "NOUN"
            and head.lemma_.lower() not in lex.reporting_verbs
        )
        and not (spec.counted and _counts(token))
    ):
        # "the operation", "to negotiate": with nobody in it, it tells nothing (a subject of
        # the main clause, "Relentless artillery strikes turned ...", is kept)
        return None
    start = chunk.char(token)
    return Event(
        sentence=sentence,
        start=start,
        end=start + len(token.text),
        trigger=token.lemma_.lower(),
        event_class=name,
        plover=spec.plover,
        cameo=spec.cameo,
        args=tuple(args),
        date=date,
    )


@dataclass(frozen=True)
class _ByForce:
    """When a class's event done by force is another class (``by_force`` in events.yaml)."""

    becomes: str
    armed_nouns: frozenset[str]
    force_classes: frozenset[str]
    freed_nouns: frozenset[str]
    custody_places: frozenset[str]


@functools.cache
def _forced(name: str) -> _ByForce | None:
    spec = load_data("events.yaml")["classes"][name].get("by_force")
    if spec is None:
        return None

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in spec.get(key, ()))

    return _ByForce(
        spec["becomes"],
        words("armed_nouns"),
        frozenset(spec.get("force_classes", ())),
        words("freed_nouns"),
        words("custody_places"),
    )


@functools.cache
def _carrier_nouns() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data("events.yaml")["carrier_nouns"])


@functools.cache
def _assault_classes() -> frozenset[str]:
    classes = load_data("events.yaml")["classes"]
    return frozenset(name for name, spec in classes.items() if spec["plover"] == "ASSAULT")


@functools.cache
def _class_words(name: str, key: str) -> frozenset[str]:
    """A class's word list beyond its triggers: ``naming_sense`` verbs name a thing when
    they take an object complement; ``body_sense`` nouns name a body beside a name;
    ``not_subjects`` and ``not_objects`` mark another sense of its verbs ("the borders
    meet", "met the demands")."""
    spec = load_data("events.yaml")["classes"][name]
    return frozenset(str(w).lower() for w in spec.get(key, ()))


def _by_force(token: Token, chunk: Chunk, lex: FactLexicon, forced: _ByForce) -> bool:
    """Whether a release is done by force: it goes with a raid or attack in its clause chain
    ("stormed the town, freeing 300 inmates"), or an armed subject frees inmates or frees
    anyone from a prison ("gunmen freed 400 inmates", "rebels freed ten men from the jail")."""
    chain = [c for c in token.children if c.dep_ in ("advcl", "conj")]
    if token.dep_ in ("advcl", "conj") and token.head.i != token.i:
        chain.append(token.head)
    if any(_event_class(t, chunk, lex) in forced.force_classes for t in chain):
        return True
    verb = token
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    while subject is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not any(t.lower_ in forced.armed_nouns for t in subject.subtree):
        return False
    freed = {
        t.lower_
        for c in token.children
        if c.dep_ == "dobj"
        for t in (c, *(o for p in c.children if p.dep_ == "prep" for o in p.children))
    }
    places = {
        o.lower_
        for c in token.subtree
        if c.dep_ == "prep" and c.lower_ in ("from", "out")
        for o in c.subtree
    }
    return bool(freed & forced.freed_nouns or places & forced.custody_places)


def _does_its_object(verb: Token, lex: FactLexicon) -> bool:
    """Whether a verb's subject does the event its object names: a light verb does
    ("launched an assault"), and so does any verb that is no trigger of its own and does not
    answer or undergo the event ("widening a ground operation", not "survived the attack",
    "repelled the assault", "condemned the raid")."""
    lemma = verb.lemma_.lower()
    if lemma in lex.light_verbs:
        return True
    return (
        lemma not in lex.reporting_verbs
        and lemma not in lex.undergo_verbs
        and lemma not in lex.verb_triggers
        and not any((lemma, c.lower_) in lex.phrasal_triggers for c in verb.children)
    )


def _asserted(token: Token, lex: FactLexicon) -> bool:
    """Whether the text says the trigger's event happened: not negated ("did not attack"),
    modal or future ("could attack", "will withdraw"), conditional ("if the army advances"),
    an infinitive under a verb that does not assert it ("lacked the manpower to counter",
    "plans to attack"; "began to withdraw" is asserted), an attempt ("sought to capture"),
    generic ("any attack") or averted ("to prevent an attack", "fears of an offensive")."""
    if token.pos_ in ("NOUN", "PROPN"):
        if any(
            c.dep_ in ("det", "neg") and c.lower_ in lex.generic_determiners for c in token.children
        ):
            return False
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in ("of", "for", "against"):
            head = head.head
        if head.i != token.i and head.lemma_.lower() in lex.hypothetical_heads:
            return False
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        if (
            token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj")
            and verb.pos_ in ("VERB", "AUX")
            and (verb.lemma_.lower() in lex.light_verbs or _indefinite(token))
        ):
            # "will launch an offensive", "an attack could come"; a definite event stays
            # asserted under any verb ("to stem Ukraine's advance")
            return _clause_asserted(verb, lex)
        return True
    if token.lemma_.lower() in lex.attempt_verbs and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in token.children
    ):
        return False
    return _clause_asserted(token, lex)


def _clause_asserted(verb: Token, lex: FactLexicon) -> bool:
    """Whether a verb's clause is asserted, up through the clauses that govern it."""
    for _ in range(8):  # clauses nest a few deep; the bound guards a malformed parse
        children = list(verb.children)
        if any(c.dep_ == "neg" and c.lower_ in lex.negations for c in children):
            return False
        if any(c.dep_ == "aux" and c.lower_ in lex.modals for c in children):
            return False
        if any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in children):
            return False
        head = verb.head
        if head.i == verb.i:
            return True
        if verb.dep_ in ("xcomp", "ccomp") and lex.reporting_verbs.get(head.lemma_.lower()) == (
            "denies"
        ):
            return False  # "the group denied killing civilians": a denial is a claim's business
        if _infinitive(verb) and verb.dep_ in ("xcomp", "advcl", "acl", "ccomp", "relcl"):
            # "efforts to sever" under way, "began to withdraw"; not "plans to attack", "is
            # going to attack", "lacked the manpower to counter"
            governor = head if head.pos_ in ("VERB", "AUX") else head.head
            if head.lemma_.lower() not in lex.asserting_governors or head.tag_ == "VBG":
                return False
            verb = governor
            continue
        if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
            verb = head  # "could attack and seize": the auxiliary is shared
            continue
        if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
            verb = head  # "..., capturing hundreds" shares its main clause's mood
            continue
        return True
    return True


def _indefinite(noun: Token) -> bool:
    """ "an attack", "attacks": no definite determiner, possessive, number or demonym."""
    return not any(
        (c.dep_ == "det" and c.lower_ not in ("a", "an"))
        or c.dep_ in ("poss", "nummod")
        or (c.dep_ == "amod" and reference.countries().by_demonym(c.text) is not None)
        for c in noun.children
    )


def _infinitive(verb: Token) -> bool:
    """ "to attack", but not a perfect infinitive ("is said to have attacked": it happened,
    and who says so is a claim's business)."""
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    return any(c.tag_ == "TO" for c in auxiliaries) and not any(
        c.lemma_ == "have" for c in auxiliaries
    )


def _one_occurrence(first: Token, event: Event, token: Token, other: Event) -> bool:
    """Whether two triggers of a sentence are one occurrence: the same class, in the same
    clause, with no actor of one that the other lacks while having its own."""
    if event.event_class != other.event_class or _clause_head(first) != _clause_head(token):
        return False
    actors = {a for a in event.args if a.role == "actor"}
    others = {a for a in other.args if a.role == "actor"}
    return not (actors and others and not actors & others)


def _merged(first: Token, event: Event, token: Token, other: Event) -> tuple[Token, Event]:
    """One event of two triggers: the verb's (else the first's) trigger, every participant
    of both, and the first date either has."""
    keep, kept = (token, other) if _is_verbal(token) and not _is_verbal(first) else (first, event)
    args = tuple(dict.fromkeys((*event.args, *other.args)))
    return keep, replace(kept, args=args, date=event.date or other.date)


def date_for(token: Token, dates: Sequence[SentenceDate]) -> TimeValue | None:
    """A date whose phrase hangs off the trigger (or off the trigger's own clause head),
    with no other event word between them ("frozen following a meeting on February 28":
    the date is the meeting's)."""
    lex = lexicon()
    for date in dates:
        root = date.span.root
        if token not in root.ancestors or _clause_head(root) not in (token, _clause_head(token)):
            continue
        own = lex.verb_triggers.get(token.lemma_.lower()) or lex.noun_triggers.get(
            token.lemma_.lower()
        )
        between = root.head
        while between != token and between.head.i != between.i:
            other = (
                lex.noun_triggers.get(between.lemma_.lower()) if between.pos_ == "NOUN" else None
            )
            if other is not None and other != own:
                break  # another event's date ("frozen following a meeting on ...")
            between = between.head
        if between == token:
            return date.value
    return None


def _is_verbal(token: Token) -> bool:
    """A verb, or an adjective used as one ("Washington unfroze ..." tagged ADJ)."""
    return (
        token.pos_ in ("VERB", "AUX")
        or token.tag_.startswith("VB")
        or (
            token.pos_ == "ADJ"
            and token.dep_ in ("ROOT", "advcl", "ccomp", "conj")
            and any(c.dep_ == "nsubj" for c in token.children)
        )
    )


def _event_class(token: Token, chunk: Chunk, lex: FactLexicon) -> str | None:
    """The event class a token triggers, or None when it is no trigger here."""
    lemma = token.lemma_.lower()
    if token.ent_type_ in ("DATE", "TIME"):
        return None  # "in March" is no march
    name = None
    verbal = _is_verbal(token)
    if verbal:
        particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")]
        phrasal = next((p for p in particles if (lemma, p) in lex.phrasal_triggers), None)
        objects = [
            k for c in token.children if c.dep_ in _OBJECT_DEPS for k in _noun_keys(c, of=True)
        ]
        with_object = next((o for o in objects if (lemma, o) in lex.object_triggers), None)
        if phrasal:
            name = lex.phrasal_triggers[(lemma, phrasal)]
        elif with_object:
            name = lex.object_triggers[(lemma, with_object)]
        elif lemma in lex.verb_triggers and token.pos_ != "AUX":
            name = lex.verb_triggers[lemma]
    elif token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
        # "hunger strike", "state of emergency" before "strike", "state"
        name = next(
            (lex.noun_triggers[k] for k in _noun_keys(token) if k in lex.noun_triggers), None
        )
        if name is not None and token.i in chunk.token_mention:
            return None
        if (
            name is not None
            and lemma in _class_words(name, "body_sense")
            and (
                token.dep_ in ("appos", "poss")
                or any(
                    t.i in chunk.token_mention
                    for c in token.lefts
                    if c.dep_ in ("compound", "amod")
                    for t in c.subtree
                )
            )
        ):
            return None  # "the Grand Ravine gang coalition": a body, not its forming
    if name is None or (token.dep_ == "amod" and token.pos_ != "NOUN"):
        return None  # "poorly coordinated units", "lost ground": adjectives, not events
    if (
        verbal
        and lemma in _class_words(name, "naming_sense")
        and any(c.dep_ == "oprd" for c in token.children)
    ):
        return None  # "what it calls Operation Sunrise": a name given, not an order
    if verbal and any(
        (
            c.dep_ in ("nsubj", "nsubjpass")
            and c.lemma_.lower() in _class_words(name, "not_subjects")
        )
        or (c.dep_ == "dobj" and c.lemma_.lower() in _class_words(name, "not_objects"))
        for c in token.children
    ):
        return None  # "where their three borders meet": not a meeting
    if token.pos_ == "PROPN" and token.is_title and token.i > 0 and token.nbor(-1).is_title:
        return None  # a capitalized headline word ("Lightning Strike") is a name
    if verbal and any(c.dep_ == "ccomp" for c in token.children) and lemma in lex.reporting_verbs:
        return None  # "critics warned that ...": a claim, not a threat
    if (
        token.pos_ == "VERB"
        and lemma in lex.light_verbs
        and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in lex.noun_triggers) for c in token.children
        )
    ):
        return None  # the object noun carries the event
    return name


def _noun_keys(noun: Token, of: bool = False) -> list[str]:
    """The keys a noun is looked up by, longest first: with its modifier ("tear gas",
    "hunger strike"), with its "of" phrase ("state of emergency"), then alone (lemma and
    form). As a verb's object (``of``), the "of" phrase's noun counts too ("sent 11 tonnes
    of tents" sends tents)."""
    lemma = noun.lemma_.lower()
    keys = [
        f"{c.lower_} {lemma}"
        for c in noun.children
        if c.dep_ in ("compound", "amod") and c.i < noun.i
    ]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            keys.append(f"{lemma} of {obj.lemma_.lower()}")
            if of:
                keys += _noun_keys(obj)
    return [*keys, lemma, noun.lower_]


def _event_date(token: Token, dates: Sequence[SentenceDate]) -> TimeValue | None:
    """The trigger's own date, else the date of the clause it sits in."""
    date = date_for(token, dates)
    climb = token
    while (
        date is None
        and climb.dep_ in ("xcomp", "conj", "nsubj", "nsubjpass", "advcl", "dobj")
        and climb.head.pos_ in ("VERB", "AUX")
        and climb.head.i != climb.i
        and not (climb.dep_ == "dobj" and climb.head.lemma_.lower() in lexicon().reporting_verbs)
    ):
        # "By fall, Russia began reclaiming ...", "..., as X fired", "On March 3, the
        # brigade repelled an assault"; a reporting verb's date is the report's
        climb = climb.head
        date = date_for(climb, dates)
    if date is None:
        for conj in (c for c in token.children if c.dep_ == "conj"):
            date = date or date_for(conj, dates)  # "300 killed and 2,700 wounded by January"
    if date is None and token.dep_ == "relcl":
        # "since January 12, when American warplanes hit ...": the date the clause is on
        date = next(
            (d.value for d in dates if d.span.start <= token.head.i < d.span.end),
            None,
        )
    if date is None:
        date = _anchored_after(token, dates)
    return date


def _counts(token: Token) -> bool:
    """Whether the text counts the event: a number on its trigger, subject or object
    ("at least 200 people had been killed", "the strike killed 12")."""
    counted = (token, *(c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")))
    return any(t.like_num or any(c.dep_ == "nummod" for c in t.children) for t in counted)


def _event_args(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """The event's participants in their roles; a target that is a place is where."""
    args: list[Arg] = []
    for child in token.children:
        args += _child_args(token, child, chunk, mentions)
    # When the verb heads a relative or participial clause, its subject is the noun it
    # modifies ("Ukrainian forces, capturing hundreds"); a clause with a subject of its own
    # that names nobody ("..., and the army deployed") borrows none.
    if (
        token.dep_ in ("advcl", "xcomp", "acl", "relcl", "conj")
        and not any(a.role == "actor" for a in args)
        and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") for c in token.children
        )
    ):
        args += _clause_subject_args(token, chunk, mentions)
    if token.dep_ in ("advcl", "xcomp") and not any(a.role == "place" for a in args):
        # "In X, about 300 supporters gathered ... to protest": the purpose shares the place
        args += [
            a
            for where in token.head.children
            if where.dep_ == "prep" and where.lower_ in ("in", "at", "inside", "outside")
            for obj in where.children
            if obj.dep_ == "pobj"
            for a in arg_mentions(obj, chunk, mentions, "place")
            if a.mention is not None and mentions[a.mention].kind == "place"
        ]
    out = []
    for arg in args:
        where = chunk.token_at(mentions[arg.mention].start) if arg.mention is not None else None
        if where is not None and where.doc is token.doc and _in_dateline(where):
            continue  # "MANILA, Philippines, March 25 - ...": where the report was filed
        if (
            arg.role == "target"
            and arg.mention is not None
            and mentions[arg.mention].kind == "place"
            and mentions[arg.mention].subtype != "country"
        ):
            arg = replace(arg, role="place")
        out.append(arg)
    return list(dict.fromkeys(out))


def _child_args(token: Token, child: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """The arguments one dependent of the trigger gives, by its dependency."""
    dep = child.dep_
    if dep in ("nsubj", "csubj", "agent"):
        inner = (
            next((c for c in child.children if c.dep_ == "pobj"), child)
            if dep == "agent"
            else child
        )
        # "the founder, who died in 2021": the one who died is the victim
        role = "target" if token.lemma_.lower() in lexicon().victim_subject_verbs else "actor"
        found = arg_mentions(inner, chunk, mentions, role)
        if not found and dep == "nsubj":
            # "the police detained two more", "the court sentenced him": the body named before
            earlier = named_before(inner, chunk, mentions)
            found = [Arg(role, mention=earlier)] if earlier is not None else []
        return found
    if dep in _OBJECT_DEPS:
        return _object_args(child, chunk, mentions)
    if dep in ("poss", "amod", "compound") and token.pos_ == "NOUN":
        return _modifier_args(child, chunk, mentions)
    if dep == "prep":
        return _prep_args(token, child, chunk, mentions)
    if dep in ("advcl", "xcomp") and child.lemma_ in ("assist", "help", "support", "aid"):
        return _assisted_args(child, chunk, mentions)
    return []


def _object_args(child: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """The object is the target; "positions in X": X is the place."""
    args = arg_mentions(child, chunk, mentions, "target")
    for where in (
        c
        for c in child.children
        if c.dep_ == "prep" and c.lower_ in ("in", "near", "inside", "around", "outside")
    ):
        for obj in (c for c in where.children if c.dep_ == "pobj"):
            args += arg_mentions(obj, chunk, mentions, "place")
    return args


def _modifier_args(child: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """ "a Ukrainian incursion": by Ukraine's forces; "the Kursk operation": in Kursk."""
    found = arg_mentions(child, chunk, mentions, "actor", with_conj=False)
    country = reference.countries().by_demonym(child.text) if not found else None
    if country is not None:
        found = [Arg("actor", key=f"forces:{country.code}")]
    args = []
    for arg in found:
        mention = mentions[arg.mention] if arg.mention is not None else None
        if mention is not None and mention.kind == "place" and mention.subtype != "country":
            arg = replace(arg, role="place")
        args.append(arg)
    return args


def _prep_args(token: Token, child: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """ "talks between X and Y", "an attack by X", "strikes on X", "fighting in X"."""
    lex = lexicon()
    args: list[Arg] = []
    for obj in (c for c in child.children if c.dep_ == "pobj"):
        prep = child.lower_
        if prep == "between":
            args += arg_mentions(obj, chunk, mentions, "participant")
        elif prep == "by" and token.pos_ == "NOUN":
            args += arg_mentions(obj, chunk, mentions, "actor")
        elif (
            prep == "on"
            and obj.lemma_.lower() in _carrier_nouns()
            and _event_class(token, chunk, lex) not in _assault_classes()
        ):
            continue  # "sent tents on an Air Force transport plane": the carrier
        elif prep in lex.target_preps or prep == "with":
            args += arg_mentions(
                obj, chunk, mentions, "participant" if prep == "with" else "target"
            )
        elif prep in lex.place_preps or prep == "of":
            args += arg_mentions(obj, chunk, mentions, "place" if prep != "of" else "target")
    return args


def _assisted_args(child: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """ "deployed to assist X in Y": X is the beneficiary, Y the place."""
    args = [
        replace(a, role="beneficiary")
        for a in arg_mentions(
            next((c for c in child.children if c.dep_ == "dobj"), child),
            chunk,
            mentions,
            "beneficiary",
        )
        if a.mention is not None or a.key
    ]
    place_preps = lexicon().place_preps
    for where in (c for c in child.children if c.dep_ == "prep" and c.lower_ in place_preps):
        for obj in (c for c in where.children if c.dep_ == "pobj"):
            args += arg_mentions(obj, chunk, mentions, "place")
    return args


def _clause_subject_args(token: Token, chunk: Chunk, mentions: Sequence[Mention]) -> list[Arg]:
    """The actor of a clause without a subject of its own: the noun it modifies, or the
    subject of the clause it hangs on."""
    head = token.head
    # of two subjects the parse gives, the one next to the verb is it ("In X, Y's home
    # village, about 300 supporters gathered ... to protest": the supporters)
    subject = (
        head
        if token.dep_ in ("acl", "relcl")
        else next((c for c in reversed(list(head.lefts)) if c.dep_ == "nsubj"), None)
        or next((c for c in head.children if c.dep_ == "nsubj"), None)
    )
    if token.dep_ == "acl" and head.dep_ == "dobj" and head.i not in chunk.token_mention:
        # "Russia intensified efforts to sever ...": the one making the efforts
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), subject)
    passive = token.dep_ in ("acl", "relcl") and (
        (token.tag_ == "VBN" and token.dep_ == "acl")
        or any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    )
    # "his wife, who were shot", "a convoy ambushed near X": the noun is what it was done to
    role = "target" if passive else "actor"
    return arg_mentions(subject, chunk, mentions, role) if subject is not None else []


def _anchored_after(token: Token, dates: Sequence[SentenceDate]) -> TimeValue | None:
    """ "aid was frozen following a meeting on February 28, 2025": the text only says the
    year, so the event gets the year, with the anchoring date as a note."""
    sequence = lexicon().sequence_words
    for child in token.children:
        if child.lower_ not in sequence and not any(
            g.lower_ in sequence for g in child.children if g.dep_ in ("mark", "prep")
        ):
            continue
        words = {t.i for t in child.subtree}
        for date in dates:
            if date.span.root.i in words:
                word = (
                    child.lower_
                    if child.lower_ in sequence
                    else next(g.lower_ for g in child.children if g.lower_ in sequence)
                )
                value = date.value.value
                return TimeValue(value[:4], "year", f"{word} {value}")
    return None


def _in_dateline(token: Token) -> bool:
    """Whether a token lies in a wire dateline ("MANILA, Philippines, March 25 (Reuters) -"):
    a paragraph opening with a word in capitals, up to the dash a few words on."""
    doc, start = token.doc, token.i

    def opens(i: int) -> bool:  # a paragraph starts at token i
        return i == 0 or "\n" in doc[i - 1].text_with_ws

    while not opens(start) and token.i - start < 15:
        start -= 1
    if not opens(start) or not (
        doc[start].is_upper and doc[start].is_alpha and len(doc[start]) > 1
    ):
        return False
    dash = next((t.i for t in doc[start : start + 15] if t.text in ("-", "—", "–", "--")), None)
    return dash is not None and token.i < dash


def _clause_head(token: Token) -> Token:
    while token.dep_ not in _CLAUSE_DEPS and token.head.i != token.i:
        token = token.head
    return token
