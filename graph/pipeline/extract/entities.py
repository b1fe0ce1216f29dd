"""Extract: a parsed document -> sentences and typed entity mentions.

Takes the spaCy ``Doc``s of one :class:`~graph.ingest.Document` (entities from the model and
from ``kg_entity_rules``) and gives an :class:`Extraction`: every sentence with its character
offsets and every mention of a person, place, organization or military unit, cleaned (titles
and possessives off), typed with the help of the reference tables, and keyed where its
identity is already certain ("country:UA", "forces:RU", "geonames:486816"). Choosing one node
per real-world entity across documents is the next stage's job (:mod:`graph.pipeline.resolve`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span

from graph import reference
from graph.model import (
    COUNTRY,
    FACILITY,
    MILITARY_UNIT,
    ORGANIZATION,
    PERSON,
    PLACE,
    REGION,
    SETTLEMENT,
    Document,
    Mention,
    Sentence,
)
from graph.pipeline.extract import places
from graph.pipeline.extract.lexicon import entity_words, lexicon
from graph.pipeline.nlp import load_pipeline
from graph.reference import fold

_IGNORED_LABELS = frozenset(
    {
        "DATE",
        "TIME",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "ORDINAL",
        "CARDINAL",
        "LANGUAGE",
        "LAW",
        "WORK_OF_ART",
        "EVENT",
    }
)
_MAX_NAME_CHARS = 80


class _Lexicon:
    """Lower-case token tuples of titles and the other word lists, built once."""

    def __init__(self) -> None:
        lex = reference.lexicon()
        self.titles = {tuple(t.lower().split()) for t in lex["person_titles"]}
        self.max_title = max(len(t) for t in self.titles)
        self.prefixes = {p.lower().rstrip(".") for p in lex["name_prefixes"]}
        self.never = {w.lower() for w in lex["never_entities"]}
        self.facility = {tuple(w.split()) for w in lex["facility_words"]}
        self.settlement_words = {w.lower() for w in lex["settlement_words"]}
        self.region_words = {w.lower() for w in lex["region_words"]}
        self.title_words = {w.rstrip(".") for title in self.titles for w in title}


@functools.cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


def find_mentions(
    document: Document, parsed: list[tuple[int, Doc]]
) -> tuple[list[Sentence], list[Mention], list[tuple[str, str]], dict[int, int]]:
    """Sentences, mentions and defined acronyms of one document from its parsed chunks
    ``(offset, Doc)``, with the index from sentence start offsets to sentence numbers."""
    sentences: list[Sentence] = []
    raw: list[Mention] = []
    acronyms: list[tuple[str, str]] = []
    for offset, doc in parsed:
        first = len(sentences)
        for sent in doc.sents:
            start, end = _trim(document.text, offset + sent.start_char, offset + sent.end_char)
            if end > start:
                sentences.append(Sentence(len(sentences), start, end))
        index = _sentence_index(sentences[first:])
        defined: dict[str, Mention] = {}
        covered: set[int] = set()
        for ent in doc.ents:
            covered.update(range(ent.start, ent.end))
            mention = _classify(ent, offset, index)
            if mention is not None:
                raw.append(mention)
                if mention.kind != PLACE and ent.kb_id_:
                    raw.extend(_named_owner(ent, mention, offset))
                acronym = _parenthetical_acronym(ent)
                if acronym:
                    acronyms.append((acronym, mention.name))
                    defined[acronym] = mention
        raw.extend(_acronym_mentions(doc, defined, covered, offset, index))
    sentence_starts = _sentence_index(sentences)
    raw = _repeated_names(parsed, raw, sentence_starts)
    raw.extend(_title_references(parsed, raw, sentence_starts))
    raw.extend(_group_references(parsed, raw, sentence_starts))
    mentions = _paragraph_owners(_in_document_context(raw), document.text, sentences)
    mentions = _member_modifiers(parsed, mentions, sentence_starts)
    return sentences, mentions, acronyms, sentence_starts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_index(sentences: list[Sentence]) -> dict[int, int]:
    """Map every character offset that starts a sentence to the sentence number."""
    return {s.start: s.index for s in sentences}


def _sentence_of(ent: Span, offset: int, index: dict[int, int]) -> int:
    start = offset + ent.sent.start_char
    while start not in index and start < offset + ent.sent.end_char:
        start += 1
    return index.get(start, max(index.values(), default=0))


def _clean_tokens(ent: Span) -> tuple[int, int]:
    """Token bounds of the name inside an entity span: no leading "the", no possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while (end > start and doc[end - 1].lower_ in ("'s", "'", "s") and doc[end - 1].is_punct) or (
        end > start and doc[end - 1].lower_ in ("'s", "'")
    ):
        end -= 1
    return start, end


def _classify(ent: Span, offset: int, index: dict[int, int]) -> Mention | None:
    if ent.label_ in _IGNORED_LABELS:
        return None
    doc = ent.doc
    start, end = _clean_tokens(ent)
    if start >= end:
        return None
    span = doc[start:end]
    name = reference.strip_possessive(" ".join(span.text.split()))
    if ent.kb_id_.startswith("formation:"):
        # "Battalions 212 and 318": the rule spelled out the name the text gives as "318".
        name = ent.kb_id_.removeprefix("formation:")
    if not _plausible_name(name):
        return None
    base = Mention(
        start=offset + span.start_char,
        end=offset + span.end_char,
        text=span.text,
        sentence=_sentence_of(ent, offset, index),
        kind=PLACE,
        name=name,
        rule=ent.kb_id_ or "ner",
        place_cue=_has_place_cue(doc, ent.start),
    )
    rule = ent.kb_id_
    if rule.startswith(("forces", "branch:", "body:")):
        return _owned(base, span, rule)
    if rule.startswith("formation"):
        return replace(
            base,
            kind=MILITARY_UNIT,
            name=name,
            key=f"unit:{fold(name)}",
            rule="formation",
            state=_owner_before(doc, ent.start),
        )
    if rule == "region":
        return _region(base, span)
    if rule == "directional":
        country = reference.countries().by_name(doc[start + 1 : end].text)
        state = country.code if country else None
        return replace(base, subtype=REGION, key=f"region:{fold(name)}", state=state)
    if rule == "feature":
        return replace(base, key=f"place:{fold(name)}")
    if rule.startswith("known:"):
        return _known_organization(base, span, rule.removeprefix("known:"))
    named = _named_force(base, name)
    if named is not None:  # "the Tatmadaw", tagged a person: the table knows the force
        return named
    if not rule:  # the statistical model's label: the text's own evidence outranks it
        if _common_word(span):
            return None
        kind = _evidence_kind(span, ent.label_)
        if kind is not None and not _state_name(name):
            # Marked, so the gazetteer does not turn it back into a place of the same name.
            return _typed(replace(base, rule="ner:evidence"), span, ent.label_, kind)
    if ent.label_ == "PERSON":
        return _person(base, span)
    return _place_or_org(base, span, ent.label_)


def _state_name(name: str) -> bool:
    """A country, capital or demonym: typed by the country table, whatever the context."""
    table = reference.countries()
    return bool(table.by_name(name) or table.by_capital(name) or table.by_demonym(name))


def _typed(base: Mention, span: Span, label: str, kind: str) -> Mention | None:
    """A statistical entity typed by the evidence around it rather than by its label."""
    if kind == PERSON:
        return _person(base, span) if label == "PERSON" else _person_from(base, span, label)
    if kind == MILITARY_UNIT:
        state = _owner_before(span.doc, span.start) or _owner_inside(span)
        return replace(base, kind=MILITARY_UNIT, key=f"unit:{fold(base.name)}", state=state)
    if label == "ORG":
        return _place_or_org(base, span, label)
    return replace(base, kind=ORGANIZATION, key=f"org:{fold(base.name)}")


def _person_from(base: Mention, span: Span, label: str) -> Mention | None:
    """A name the model took for a group or place that the text shows to be a person's; kept
    with the model's reading when it cannot be a person's name ("Ministry of Lands")."""
    return _person(base, span) or _place_or_org(base, span, label)


def _evidence_kind(span: Span, label: str) -> str | None:
    """The kind of entity the text around a name, or the name itself, says it is.

    In order of strength: an apposition ("Kòd Lanmò, an alliance of gangs"; "Ifeoma Chukwu,
    a lawyer"), a noun just before ("the news agency Bakhtar", "gang leaders X, Y") or the
    noun the name modifies ("the 4R rebel group"), a list in which the other names are
    people's, a verb only people are the subject of ("X was arrested"), and last the name's
    own words: an armed-group word ("the 33rd Front"), a known first name ("Tendai
    Mubaiwa"), or a shape no person's name has (an acronym, a leading digit, a company's
    last word: "Chen Wei Electronics").
    """
    kind = (
        _apposition_kind(span)
        or _kind_before(span)
        or _kind_after(span)
        or _listed_with_people(span)
        or _person_verb(span)
    )
    if kind is not None:
        return kind
    words = {t.lower_ for t in span}
    if words & entity_words().armed_name_words:
        return MILITARY_UNIT
    if label not in ("PERSON", "NORP") and _first_name_first(span):  # not "Malay-Muslim"
        return PERSON
    if label == "PERSON" and (
        span[0].text[:1].isdigit()
        or (len(span) == 1 and span.text.isupper() and len(span.text) > 1)
        or (len(span) > 1 and span[-1].lower_.rstrip(".") in entity_words().company_words)
    ):
        return ORGANIZATION
    return None


def _noun_kind(words: list[str]) -> str | None:
    """The kind a noun phrase's head names: "rebel group" before "group"."""
    nouns = entity_words().kind_nouns
    lex = _lexicon()
    for width in (3, 2, 1):
        if len(words) < width:
            continue
        head = tuple(words[-width:])
        phrase = " ".join(head)
        if phrase in nouns:
            return nouns[phrase]
        if head in lex.titles:
            return PERSON
    return None


def _apposition_kind(span: Span) -> str | None:
    """ "X, a/the <noun phrase>, ...": the head of the phrase, up to a preposition, clause or
    punctuation, says what X is. Only a short phrase opened by a determiner, a possessive
    or an adjective counts; "X, Y and Z" is a list, not an apposition."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return None
    opener = doc[span.end + 1]
    if opener.tag_ not in ("DT", "PRP$", "JJ", "NNP", "VBN") or opener.ent_type_ == "PERSON":
        return None
    words: list[str] = []
    for token in doc[span.end + 1 : span.end + 9]:
        if token.pos_ in ("ADP", "VERB", "AUX", "PUNCT", "PRON", "CCONJ") or token.tag_ in (
            "WDT",
            "WP",
        ):
            break
        if token.is_lower or token.pos_ == "NOUN":
            words.append(token.lower_)
        elif token.ent_type_ and token.ent_type_ not in ("GPE", "NORP", "ORG", "DATE"):
            return None  # "X, Paul Sari, ..." names someone else
    return _noun_kind(words) if words else None


def _kind_before(span: Span) -> str | None:
    """ "the news agency Bakhtar", "lawyer Ifeoma Chukwu", "gang leaders X, Y": a lower-case
    noun right before the name. Members introduce people ("fighters X and Y")."""
    doc = span.doc
    i = span.start
    words: list[str] = []
    while i > 0 and len(words) < 3 and doc[i - 1].is_lower and doc[i - 1].is_alpha:
        words.insert(0, doc[i - 1].lower_)
        i -= 1
    if not words or doc[span.start - 1].tag_ not in ("NN", "NNS"):
        return None
    if words[-1] in entity_words().member_nouns:
        return PERSON
    return _noun_kind(words)


def _kind_after(span: Span) -> str | None:
    """ "the 4R rebel group", "the Frente Amplio coalition": the name modifies a group noun.
    A person noun after a name is someone else ("the 4R commander"), and members say only
    that the group has them ("Al-Shabaab fighters"), not what kind of group it is."""
    doc = span.doc
    words: list[str] = []
    j = span.end
    while j < len(doc) and len(words) < 3 and doc[j].is_lower and doc[j].tag_ in ("NN", "NNS"):
        words.append(doc[j].lower_)
        j += 1
    kind = _noun_kind(words) if words else None
    return kind if kind != PERSON else None


def _listed_with_people(span: Span) -> str | None:
    """A name in a list whose other names are people's is a person's ("X, Y and Z")."""
    root = span.root
    neighbours = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        neighbours.append(root.head)
    typed = {t.ent_type_ for t in neighbours if t.ent_type_ and not span.start <= t.i < span.end}
    return PERSON if typed == {"PERSON"} and _person_shaped(span) else None


def _person_verb(span: Span) -> str | None:
    """ "X resigned", "X was arrested": the subject of a verb only people are the subject of
    (in the passive only: a bureau arrests, a person is arrested)."""
    root = span.root
    words = entity_words()
    verbs = {"nsubj": words.person_verbs, "nsubjpass": words.person_passive_verbs}
    if root.head.lemma_ in verbs.get(root.dep_, ()) and _person_shaped(span):
        return PERSON
    return None


def _person_shaped(span: Span) -> bool:
    """Two to four capitalized words, none a group's or place's word: a name a person may have."""
    parts = [t for t in span if t.text not in ("-", "'", ".")]  # "Obi-Okafor", "Vitel'Homme"
    if not 2 <= len(parts) <= 4 or span.text.isupper():
        return False
    particles = entity_words().name_particles
    if not all(t.is_title or t.lower_ in particles for t in parts):
        return False
    words = {t.lower_ for t in parts}
    return not (
        _has_org_word(" ".join(words))
        or words & entity_words().company_words
        or words & _lexicon().region_words
        or words & _lexicon().settlement_words
        or words & entity_words().armed_name_words
        or words & set(entity_words().kind_nouns)
    )


def _first_name_first(span: Span) -> bool:
    """A name the model took for a group or place that opens with a known first name:
    "Tendai Mubaiwa", "Adebayo Okonkwo" (not "Cheikh Anta Diop University")."""
    first = span[0]
    return (
        _person_shaped(span)
        and first.is_title
        and first.lower_ not in entity_words().name_particles
        and fold(first.text) in reference.given_names()
        and not _state_name(first.text)
        and not (first.i > 0 and first.nbor(-1).lower_ == "the")
    )


def _common_word(span: Span) -> bool:
    """A lone capitalized word that is an ordinary English word where it stands: opening a
    sentence ("Anger grew", "Turnout was low") or naming a portfolio or a side before a title
    ("Home Minister", "Minister of Lands", "Junta spokesman"). It stays a name when the text
    marks it as one: the tagger reads it as a proper noun at a sentence start the document
    never writes in lower case, or the document capitalizes it elsewhere."""
    if len(span) != 1 or not span[0].is_title or _state_name(span.text):
        return False
    token = span[0]
    doc = token.doc
    if not (_english_word(token.lower_) or _english_word(token.lemma_.lower())):
        return False
    before_title = _title_after(doc, token.i)
    after_title = token.i > 1 and token.nbor(-1).lower_ == "of" and _match_title(doc, token.i - 1)
    lower_elsewhere = any(t.lower_ == token.lower_ and t.is_lower for t in doc)
    if token.is_sent_start and not (before_title or after_title):
        if token.tag_ in ("NNP", "NNPS") and not lower_elsewhere:
            return False
    elif not (before_title or after_title):
        return False
    return not any(
        t.text == token.text
        and t.i != token.i
        and not t.is_sent_start
        and not _title_after(doc, t.i)
        and t.ent_iob_ == "B"
        and t.ent_type_
        and doc[t.i : t.i + 1].text == t.text
        and (t.i + 1 >= len(doc) or t.nbor().ent_iob_ != "I")
        for t in doc
    )


def _title_after(doc: Doc, i: int) -> bool:
    """A title starts right after token ``i`` ("Home Minister", "Junta spokesman")."""
    lex = _lexicon()
    return any(
        tuple(t.lower_ for t in doc[i + 1 : i + 1 + width]) in lex.titles
        for width in range(1, min(lex.max_title, len(doc) - i - 1) + 1)
    )


@functools.cache
def _english_words() -> frozenset[str]:
    """Every word of the English lexicon the tagger's lemmatizer ships (WordNet's index)."""
    lemmatizer = load_pipeline().get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    table = lemmatizer.lookups.get_table("lemma_index")
    return frozenset(word for pos in table for word in table[pos])


def _english_word(word: str) -> bool:
    return word in _english_words()


def _plausible_name(name: str) -> bool:
    """Not a pronoun, fragment, bare title ("Rear Admiral") or group of people ("Armenians")."""
    if not name or len(name) > _MAX_NAME_CHARS or not any(ch.isupper() for ch in name):
        return False
    lex = _lexicon()
    key = fold(name)
    if key in lex.never or not any(ch.isalpha() for ch in name):
        return False
    words = key.split()
    if all(w.rstrip(".") in lex.title_words or w in entity_words().role_modifiers for w in words):
        return False
    last = words[-1]
    table = reference.countries()
    return not (last.endswith("s") and table.by_demonym(last[:-1]) is not None)


def _has_place_cue(doc: Doc, start: int) -> str:
    """ "city" after "the city/town/village of", "place" after a preposition only places take."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 0:
        return ""
    word = doc[i].lower_
    if word == "of" and i > 0:
        before = doc[i - 1].lower_
        if before in _lexicon().settlement_words:
            return "city"
        return "place" if before in entity_words().place_cue_nouns else ""
    return "place" if word in entity_words().place_cues and word not in ("from", "of") else ""


def _owned(base: Mention, span: Span, rule: str) -> Mention | None:
    """A force, branch or state body named through its owner ("Ukraine's forces")."""
    table = reference.countries()
    owner = None
    for cut in range(len(span), 0, -1):
        owner = table.owner(span[:cut].text)
        if owner is not None:
            break
    if owner is None:
        return None
    lex = reference.lexicon()
    if rule == "forces":
        label, key = f"{owner.demonym} armed forces", f"forces:{owner.code}"
    else:
        group, name = rule.split(":", 1)
        template = lex["branches" if group == "branch" else "state_bodies"][name]["label"]
        label = template.format(demonym=owner.demonym, country=owner.name)
        key = f"{name}:{owner.code}"
    kind = ORGANIZATION if rule.startswith("body:") else MILITARY_UNIT
    return replace(base, kind=kind, name=label, key=key, state=owner.code)


def _named_owner(ent: Span, owned: Mention, offset: int) -> list[Mention]:
    """The country named inside "Ukraine's forces" or "Moscow's units" is mentioned too."""
    doc = ent.doc
    start, _ = _clean_tokens(ent)
    for i in range(start, ent.end - 1):
        if doc[i + 1].lower_ not in ("'s", "'"):
            continue
        owner = doc[start : i + 1]
        table = reference.countries()
        country = table.by_name(owner.text) or table.by_capital(owner.text)
        if country is None:
            return []
        return [
            Mention(
                start=offset + owner.start_char,
                end=offset + owner.end_char,
                text=owner.text,
                sentence=owned.sentence,
                kind=PLACE,
                name=country.name,
                subtype=COUNTRY,
                key=f"country:{country.code}",
                state=country.code,
                metonym=table.by_name(owner.text) is None,
                rule="owner",
            )
        ]
    return []


def _owner_before(doc: Doc, start: int) -> str | None:
    """State named just before a span: "Russia's 810th Brigade", "Ukrainian 47th Brigade"."""
    table = reference.countries()
    for width in (1, 2, 3):
        i = start - width
        if i < 0:
            break
        words = doc[i:start]
        text = words.text
        if words[-1].lower_ in ("'s", "'"):
            text = doc[i : start - 1].text
        owner = table.owner(text) if text else None
        if owner is not None:
            return owner.code
    return None


def _owner_inside(span: Span) -> str | None:
    """State that opens a unit's own name: "U.S. Central Command", "Russian Pacific Fleet"."""
    table = reference.countries()
    for cut in (1, 2):
        if cut < len(span) - 1:
            owner = table.owner(span[:cut].text)
            if owner is not None:
                return owner.code
    return None


def _region(base: Mention, span: Span) -> Mention:
    words = [t for t in span if t.lower_ not in _lexicon().region_words]
    # The text between the name's first and last word: "Ouham-Pendé", not "Ouham - Pendé".
    stem = span.doc[words[0].i : words[-1].i + 1].text if words else span.text
    # Without an owner its country is decided in document context (places.region_states).
    state = _owner_before(span.doc, span.start)
    return replace(base, kind=PLACE, subtype=REGION, key=f"region:{fold(stem)}", state=state)


def _person(base: Mention, span: Span) -> Mention | None:
    lex = _lexicon()
    tokens = list(span)
    titles: list[str] = []
    while tokens and tokens[0].lower_.rstrip(".") in lex.prefixes:
        titles.append(tokens.pop(0).text)
    if not tokens:
        return None
    doc = span.doc
    name = reference.strip_possessive(" ".join(doc[tokens[0].i : tokens[-1].i + 1].text.split()))
    if any(t.is_lower and t.lower_ not in entity_words().name_particles for t in tokens) or any(
        not (t.is_alpha or t.text in "-.'" or "-" in t.text or "." in t.text) for t in tokens
    ):
        return None
    table = reference.countries()
    if table.by_name(name) or table.by_capital(name) or table.by_demonym(name):
        return _place_or_org(replace(base, name=name), span.doc[tokens[0].i : span.end], "GPE")
    if not titles and _named_by_members(doc[tokens[0].i : tokens[-1].i + 1]):
        # "the Houthis", "the Sadrists": a movement named by its members, not a person
        return replace(base, kind=ORGANIZATION, name=name, key=f"org:{fold(name)}")
    roles, state = _roles(span.doc, span.start, span.end)
    if titles:
        roles = (" ".join(titles), *roles) if " ".join(titles) not in roles else roles
    start = base.start + (tokens[0].idx - span.start_char)
    return replace(
        base,
        kind=PERSON,
        name=name,
        start=start,
        text=span.doc[tokens[0].i : span.end].text,
        roles=roles,
        state=state,
    )


def _match_title(doc: Doc, end: int) -> int:
    """Length of the longest title ending just before token ``end`` (0 if none)."""
    lex = _lexicon()
    for width in range(min(lex.max_title, end), 0, -1):
        if tuple(t.lower_ for t in doc[end - width : end]) in lex.titles:
            return width
    return 0


def _roles(doc: Doc, start: int, end: int) -> tuple[tuple[str, ...], str | None]:
    """Titles around a person's name and the state they serve, where the text says.

    Left: "U.S. President Donald Trump", "Ukraine's top commander, General Oleksandr
    Syrskyi". Right, as an apposition: "Lloyd Austin, the U.S. defense secretary,".
    """
    roles: list[str] = []
    state: str | None = None
    i = start
    comma_used = False
    while i > 0:
        width = _match_title(doc, i)
        if width:
            title_end, i = i, i - width
            title_start = i
            while i > 0 and doc[i - 1].lower_ in entity_words().role_modifiers:
                i -= 1
            # "former President X" held the office once: the role says so, and no rule
            # reads it as the office he holds now
            past = [t.i for t in doc[i:title_start] if t.lower_ in lexicon().past_modifiers]
            roles.append(doc[past[0] if past else title_start : title_end].text)
            continue
        if roles and not comma_used and doc[i - 1].text == ",":
            comma_used, i = True, i - 1
            continue
        break
    if roles:
        state = _owner_before(doc, i)
    if end < len(doc) - 1 and doc[end].text == ",":
        j = end + 1
        if doc[j].lower_ in ("the", "a", "an", "its", "their"):
            j += 1
        owner_start = j
        while j < len(doc) and (
            doc[j].ent_type_ in ("GPE", "NORP")
            or doc[j].lower_ in ("'s", "'")
            or doc[j].lower_ in entity_words().role_modifiers
        ):
            j += 1
        for width in range(_lexicon().max_title, 0, -1):
            if j + width <= len(doc) and _match_title(doc, j + width) == width:
                roles.append(doc[j : j + width].text)
                if j > owner_start and state is None:
                    state = _owner_before(doc, j)
                break
    return tuple(dict.fromkeys(_role_text(r) for r in reversed(roles))), state


def _role_text(role: str) -> str:
    """Roles keep their words; a lone lower-case word stays lower case ("top commander")."""
    return " ".join(role.split())


def _place_or_org(base: Mention, span: Span, label: str) -> Mention | None:
    table = reference.countries()
    name = base.name
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    seat = table.seats_of_power.get(fold(name)) or table.seats_of_power.get(
        fold(doc[max(span.start - 1, 0) : span.end].text)
    )
    if seat:
        return replace(
            base,
            kind=PLACE,
            subtype=COUNTRY,
            key=f"country:{seat}",
            state=seat,
            metonym=True,
            name=table.by_code[seat].name,
        )
    country = table.by_name(name)
    if country is not None:
        return replace(
            base,
            kind=PLACE,
            subtype=COUNTRY,
            key=f"country:{country.code}",
            state=country.code,
            name=country.name,
        )
    if table.by_demonym(name) is not None:
        return None  # "Ukrainian", "North Korean": an adjective, not an entity
    capital = table.by_capital(name)
    if (
        capital is not None
        and before not in entity_words().locative_words
        and before not in _lexicon().settlement_words
    ):
        return replace(
            base,
            kind=PLACE,
            subtype=COUNTRY,
            key=f"country:{capital.code}",
            state=capital.code,
            metonym=True,
            name=capital.name,
        )
    if label == "ORG" and (
        (span.start > 0 and _match_title(doc, span.start))
        or (len(span) > 1 and span[0].lower_.rstrip(".") in _lexicon().prefixes)
    ):
        return _person(base, span)  # "General Abdel Fattah al-Burhan" tagged ORG
    named = _named_force(base, name)
    if named is not None:
        return named
    if label == "ORG":
        last = span[-1].lower_
        national = _national_forces(name)
        if national is not None:  # "Israel Defense Forces", "Sudanese Armed Forces"
            return replace(base, kind=MILITARY_UNIT, key=f"forces:{national}", state=national)
        if last in entity_words().unit_words:
            return replace(
                base,
                kind=MILITARY_UNIT,
                key=f"unit:{fold(name)}",
                state=_owner_before(doc, span.start) or _owner_inside(span),
            )
        return replace(base, kind=ORGANIZATION, key=f"org:{fold(name)}")
    if label == "FAC":
        words = tuple(t.lower_ for t in span)
        if any(words[-len(f) :] == f for f in _lexicon().facility):
            return replace(base, kind=PLACE, subtype=FACILITY, key=f"place:{fold(name)}")
        return None
    # GPE, LOC, and names the model mistyped (PRODUCT, NORP, PERSON): decided with the
    # gazetteer in document context. "the city of X" marks a settlement whatever else.
    known = label in ("GPE", "LOC") or base.place_cue == "city"
    return replace(
        base,
        kind=PLACE,
        subtype=None,
        key=f"place:{fold(name)}" if known else None,
        rule=f"ner:{label}",
    )


def _acronym_mentions(
    doc: Doc, defined: dict[str, Mention], covered: set[int], offset: int, index: dict[int, int]
) -> Iterator[Mention]:
    """Every later bare use of an acronym the text defined ("the RSF") is that entity."""
    if not defined:
        return
    for token in doc:
        long_form = defined.get(token.text)
        if long_form is None or token.i in covered:
            continue
        start = offset + token.idx
        if start <= long_form.start:
            continue
        yield replace(
            long_form,
            start=start,
            end=start + len(token.text),
            text=token.text,
            sentence=_sentence_of(doc[token.i : token.i + 1], offset, index),
            roles=(),
            rule="acronym",
            place_cue="",
        )


def _paragraph_owners(
    mentions: list[Mention], text: str, sentences: list[Sentence]
) -> list[Mention]:
    """A numbered formation with no stated owner belongs to the one state whose forces the
    paragraph talks about; with two sides in the paragraph, it stays unattributed. So does a
    formation whose own sentence gives that state to something else ("the 47th Brigade
    repelled a Russian assault"): there the side is the other party, not the owner."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def paragraph(offset: int) -> int:
        return sum(1 for b in breaks if b < offset)

    sides: dict[int, set[str]] = {}
    for m in mentions:
        if m.kind == MILITARY_UNIT and m.state and m.key and m.key.startswith("forces:"):
            sides.setdefault(paragraph(m.start), set()).add(m.state)
    out = []
    for m in mentions:
        if m.kind == MILITARY_UNIT and m.state is None and m.rule == "formation":
            states = sides.get(paragraph(m.start), set())
            if len(states) == 1 and not states & _loose_demonyms(
                m.sentence, mentions, text, sentences
            ):
                m = replace(m, state=next(iter(states)))
        out.append(m)
    return out


def _loose_demonyms(
    sentence: int, mentions: list[Mention], text: str, sentences: list[Sentence]
) -> set[str]:
    """The states a sentence names by a demonym outside every mention ("a Russian assault")."""
    if not 0 <= sentence < len(sentences):
        return set()
    start, end = sentences[sentence].start, sentences[sentence].end
    inside = [(m.start, m.end) for m in mentions if m.sentence == sentence]
    table = reference.countries()
    return {
        country.code
        for word in re.finditer(r"[A-Z][\w-]+", text[start:end])
        if (country := table.by_demonym(word.group())) is not None
        and not any(a <= start + word.start() < b for a, b in inside)
    }


def _title_references(
    parsed: list[tuple[int, Doc]], mentions: list[Mention], index: dict[int, int]
) -> list[Mention]:
    """Minimal, safe coreference: "the general", "the president" refer to the one person
    before them who holds that title in the document; with two candidates, or none,
    nothing is linked (a wrong edge is worse than a missing one). Pronouns are left out."""
    titled: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == PERSON and len(m.name.split()) > 1:
            for role in m.roles:
                titled.setdefault(role.lower().split()[-1], set()).add(m.name)
    people = {m.name: m for m in mentions if m.kind == PERSON}
    # "the army" is the one national force the document has named, if only one.
    forces = {m.key: m for m in mentions if m.key and m.key.startswith("forces:")}
    if len(forces) == 1:
        force = next(iter(forces.values()))
        for word in ("army", "military"):
            titled[word] = {force.name}
            people[force.name] = force
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for offset, doc in parsed:
        for token in doc[1:]:
            if token.nbor(-1).lower_ != "the" or not token.is_lower:
                continue
            holders = titled.get(token.lower_)
            if not holders or len(holders) != 1:
                continue
            start = offset + token.nbor(-1).idx
            end = offset + token.idx + len(token.text)
            name = next(iter(holders))
            first = people[name]
            if first.start >= start or any(a < end and start < b for a, b in covered):
                continue
            found.append(
                replace(
                    first,
                    start=start,
                    end=end,
                    text=doc[token.i - 1 : token.i + 1].text,
                    sentence=_sentence_of(doc[token.i : token.i + 1], offset, index),
                    roles=(),
                    state=None,
                    rule="title-reference",
                    place_cue="",
                )
            )
    return found


def _group_references(
    parsed: list[tuple[int, Doc]], mentions: list[Mention], index: dict[int, int]
) -> list[Mention]:
    """ "the group", "the movement", "the guerrilla group" refer to the one organization or
    armed group (not a state's forces) named in the same sentence before them, else in the
    sentence before."""
    groups = [
        m
        for m in mentions
        if m.kind in (ORGANIZATION, MILITARY_UNIT)
        and not (m.key or "").startswith(("forces:", "country:"))
    ]
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for offset, doc in parsed:
        for token in doc[1:]:
            if token.lower_ not in entity_words().group_nouns or not token.is_lower:
                continue
            first_word = token.i - 1  # "the", after at most two modifiers of the noun
            while (
                first_word > 0
                and token.i - first_word <= 2
                and doc[first_word].is_lower
                and doc[first_word].dep_ in ("amod", "compound")
                and doc[first_word].head.i == token.i
            ):
                first_word -= 1
            if doc[first_word].lower_ != "the":
                continue
            start = offset + doc[first_word].idx
            end = offset + token.idx + len(token.text)
            sentence = _sentence_of(doc[token.i : token.i + 1], offset, index)
            near = {
                m.key or m.name: m for m in groups if m.start < start and m.sentence == sentence
            } or {m.key or m.name: m for m in groups if m.sentence == sentence - 1}
            if len(near) != 1 or any(a < end and start < b for a, b in covered):
                continue
            first = next(iter(near.values()))
            found.append(
                replace(
                    first,
                    start=start,
                    end=end,
                    sentence=sentence,
                    text=doc[first_word : token.i + 1].text,
                    roles=(),
                    state=None,
                    rule="title-reference",
                    place_cue="",
                )
            )
    return found


def _member_modifiers(
    parsed: list[tuple[int, Doc]], mentions: list[Mention], index: dict[int, int]
) -> list[Mention]:
    """A movement named by its members is also named by the singular as a modifier: "the
    Houthis" -> "Houthi missile", "Houthi-controlled Yemen" (tagged or not)."""
    singular = {
        m.name[:-1]: m
        for m in mentions
        if m.kind == ORGANIZATION
        and m.key == f"org:{fold(m.name)}"
        and " " not in m.name
        and m.name.endswith("s")
    }
    if not singular:
        return mentions
    out = [
        replace(m, key=group.key, name=group.name)
        if m.kind == ORGANIZATION and (group := singular.get(m.name)) is not None
        else m
        for m in mentions
    ]
    covered = [(m.start, m.end) for m in mentions]
    for offset, doc in parsed:
        for token in doc:
            group = singular.get(token.text)
            if group is None or token.dep_ not in ("compound", "amod", "npadvmod", "nmod"):
                continue
            start = offset + token.idx
            end = start + len(token.text)
            if any(a < end and start < b for a, b in covered):
                continue
            out.append(
                replace(
                    group,
                    start=start,
                    end=end,
                    text=token.text,
                    roles=(),
                    sentence=_sentence_of(doc[token.i : token.i + 1], offset, index),
                    rule="title-reference",
                    place_cue="",
                )
            )
    return out


def _repeated_names(
    parsed: list[tuple[int, Doc]], mentions: list[Mention], index: dict[int, int]
) -> list[Mention]:
    """One sense per discourse: a name the document already uses for an organization, unit
    or person ("RSF", "Rapid Support Forces") is that entity wherever else it appears, even
    where the tagger missed it ("RSF fighters attacked ...") or took only a piece of it
    ("CSP" of "CSP-DPA"). Returns the mentions with the repeated names added."""
    known: dict[str, Mention] = {}
    for m in mentions:
        words = m.text.split()
        if m.kind in (ORGANIZATION, MILITARY_UNIT, PERSON) and (
            len(words) > 1 or (m.text.isupper() and len(m.text) >= 2)
        ):
            known.setdefault(m.text, m)
    if not known:
        return mentions
    taken = {(m.start, m.end) for m in mentions}
    covered = [(m.start, m.end, m.kind) for m in mentions]
    found: list[Mention] = []
    pieces: set[tuple[int, int]] = set()
    by_first: dict[str, list[tuple[str, Mention]]] = {}
    for name, mention in known.items():
        by_first.setdefault(name.split()[0].split("-")[0], []).append((name, mention))
    for offset, doc in parsed:
        text = doc.text  # built on every access: read it once
        for token in doc:
            for name, mention in by_first.get(token.text, ()):
                if not text.startswith(name, token.idx):
                    continue
                start = offset + token.idx
                end = start + len(name)
                after = text[token.idx + len(name) : token.idx + len(name) + 1]
                if (start, end) in taken or (after and (after.isalnum() or after == "-")):
                    continue
                overlapping = [(a, b, kind) for a, b, kind in covered if a < end and start < b]
                if any(
                    not (
                        start <= a
                        and b <= end
                        and (a, b) != (start, end)
                        and kind in (ORGANIZATION, MILITARY_UNIT)
                    )
                    for a, b, kind in overlapping
                ):
                    continue
                pieces.update((a, b) for a, b, _ in overlapping)
                found.append(
                    replace(
                        mention,
                        start=start,
                        end=end,
                        text=name,
                        roles=(),
                        sentence=_sentence_of(doc[token.i : token.i + 1], offset, index),
                        rule="repeated",
                        place_cue="",
                    )
                )
                covered.append((start, end, mention.kind))
    return [m for m in mentions if (m.start, m.end) not in pieces] + found


def _named_by_members(span: Span) -> bool:
    """ "the Houthis", "the Sadrists": one plural word after "the" names a movement by its
    members."""
    doc = span.doc
    return (
        len(span) == 1
        and span.start > 0
        and doc[span.start - 1].lower_ == "the"
        and span.text.endswith("s")
        and not span.text.endswith("ss")
    )


def _known_organization(base: Mention, span: Span, name: str) -> Mention:
    """ "ECOWAS", "Hizballah": a well-known organization, armed group or outlet of
    ``data/organizations.yaml``, named as the table names it. What the text says it is
    ("Viv Ansanm, an alliance of gangs"; "the Houthis", a movement named by its members)
    outranks the table's kind."""
    said = next(
        (
            kind
            for kind in (_apposition_kind(span), _kind_before(span), _kind_after(span))
            if kind in (ORGANIZATION, MILITARY_UNIT)
        ),
        ORGANIZATION if _named_by_members(span) else None,
    )
    kind = said or str(reference.known_organizations()[name]["kind"])
    prefix = "unit" if kind == MILITARY_UNIT else "org"
    return replace(base, kind=kind, name=name, key=f"{prefix}:{fold(name)}")


def _named_force(base: Mention, name: str) -> Mention | None:
    """ "Royal Air Force" is Britain's air force, though no word of it names Britain."""
    entry = _named_forces().get(fold(name))
    if entry is None:
        return None
    code, branch = entry["state"], entry.get("branch")
    country = reference.countries().by_code[code]
    if branch == "unit":
        key = f"unit:{fold(name)}"
    elif branch:
        key = f"{branch}:{code}"
        name = reference.lexicon()["branches"][branch]["label"].format(
            demonym=country.demonym, country=country.name
        )
    else:
        key, name = f"forces:{code}", f"{country.demonym} armed forces"
    return replace(base, kind=MILITARY_UNIT, key=key, state=code, name=name)


@functools.cache
def _named_forces() -> dict[str, dict[str, str]]:
    return {fold(k): v for k, v in reference.lexicon()["named_forces"].items()}


def _national_forces(name: str) -> str | None:
    """The state whose armed forces as a whole a proper name denotes: "Israel Defense
    Forces", "Armed Forces of Ukraine", "Sudanese Armed Forces" (not "Russian 1st Army")."""
    low = fold(name)
    table = reference.countries()
    for noun in entity_words().national_force_names:
        if low.endswith(" " + noun):
            owner = name[: len(name) - len(noun)].strip()
            country = table.by_name(owner) or table.by_demonym(owner)
            if country is not None:
                return country.code
        if low.startswith(noun + " of "):
            country = table.by_name(name[len(noun) + 4 :])
            if country is not None:
                return country.code
    return None


def _parenthetical_acronym(ent: Span) -> str | None:
    """ "the Rapid Support Forces (RSF)" -> "RSF"."""
    doc = ent.doc
    if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
        word = doc[ent.end + 1].text
        if word.isupper() and 2 <= len(word) <= 8 and word.isalpha():
            return word
    return None


def _in_document_context(mentions: list[Mention]) -> list[Mention]:
    """Decide what single mentions cannot: surnames, bare region names, unknown places.

    - a bare "Kursk" in a document that speaks of "the Kursk region" is the region, unless
      the text says "the city of Kursk";
    - a lone word tagged PERSON that is the surname of a person in the document stays a
      person; otherwise, if the gazetteer knows it as a settlement, it is a place;
    - a place name becomes a settlement when GeoNames has it, preferring the countries the
      document mentions; names the model only guessed at and nobody knows are dropped.
    """
    mentions = places.region_states(mentions)
    regions = {m.key.split(":", 1)[1]: m for m in mentions if m.subtype == REGION and m.key}
    surnames = {
        key
        for m in mentions
        if m.kind == PERSON and len(m.name.split()) > 1
        for key in reference.surname_keys(m.name)
    }
    prefer = frozenset(m.state for m in mentions if m.state)
    gazetteer = reference.settlements()
    named_regions = places.named_divisions(mentions)
    cued = {fold(m.name) for m in mentions if m.place_cue}
    persons = {fold(m.name) for m in mentions if m.kind == PERSON and m.roles}
    out: list[Mention] = []
    for m in mentions:
        if m.kind == ORGANIZATION and m.rule == "ner" and fold(m.name) in surnames:
            m = replace(m, kind=PERSON, key=None)  # "Burhan's government": the person
        if (m.kind in (PERSON, ORGANIZATION) and not m.roles and m.key is None) or (
            m.kind == ORGANIZATION and m.rule in ("ner", "repeated")
        ):
            name = fold(m.name)
            plain = not m.name.isupper() and not _has_org_word(name) and name not in persons
            if plain and (
                name in cued
                or (
                    m.kind == ORGANIZATION
                    and (
                        _local_place(gazetteer.lookup(m.name, prefer), prefer)
                        or places.bare_division(m, prefer) is not None
                    )
                )
            ):
                m = replace(m, kind=PLACE, key=None, rule=f"{m.rule}:cued")
                if m.place_cue == "city":
                    m = replace(m, key=f"place:{name}")
        if (
            m.kind == PERSON
            and len(m.name.split()) == 1
            and not m.roles
            and fold(m.name) not in surnames
        ):
            place = gazetteer.lookup(m.name, prefer)
            if place is not None or fold(m.name) in regions:
                m = replace(m, kind=PLACE, rule="ner:PERSON")
        if m.kind == PLACE and m.subtype is None:
            placed = _resolve_place(m, regions, prefer, gazetteer, named_regions)
            if placed is None:
                continue
            m = placed
        out.append(m)
    return out


def _local_place(place: reference.Settlement | None, prefer: frozenset[str]) -> bool:
    """A settlement in a country the document names (any, when it names none): "Wagner"
    in a report on Mali is the Wagner Group, not a village in Brazil."""
    return place is not None and (not prefer or place.country_code in prefer)


def _has_org_word(name: str) -> bool:
    words = set(name.split())
    return bool(words & entity_words().unit_words) or bool(
        words
        & {
            "ministry",
            "agency",
            "service",
            "council",
            "committee",
            "party",
            "bank",
            "group",
            "institute",
            "university",
            "endowment",
            "foundation",
            "organization",
            "organisation",
            "union",
            "nations",
            "office",
            "department",
            "news",
            "times",
            "post",
            "press",
            "corp",
        }
    )


def _resolve_place(
    m: Mention,
    regions: dict[str, Mention],
    prefer: frozenset[str],
    gazetteer: reference.Settlements,
    named_regions: frozenset[tuple[str, str]] = frozenset(),
) -> Mention | None:
    key = fold(m.name)
    if key in regions and m.place_cue != "city":
        region = regions[key]
        return replace(m, subtype=REGION, key=region.key, state=region.state)
    place = gazetteer.lookup(m.name, prefer, named_regions)
    # A name the tagger called a place, or an organization that is a division's name.
    named = m.key is not None or m.rule.endswith(":cued")
    if (place is None or place.country_code not in prefer) and named and m.place_cue != "city":
        division = places.bare_division(m, prefer)
        if division is not None:
            return division
    if place is not None:
        return replace(
            m,
            subtype=SETTLEMENT,
            key=f"geonames:{place.geonameid}",
            state=place.country_code,
            name=place.name if fold(place.name) == key else m.name,
        )
    if m.key is not None:  # the model said GPE/LOC: a place we have no coordinates for
        return replace(m, subtype=SETTLEMENT) if m.place_cue == "city" else m
    return None
