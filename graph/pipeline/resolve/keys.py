"""Mention keys: what a document's mentions are keyed by, and how keys join across documents.

A mention's *given* key is what the document alone says (a rule's key, a person's first and
last name, else kind and folded name). A lone surname then joins the one full name of that
surname in the same document, else in the corpus: its *unmerged* key. Organizations and units
are then merged into a longer name they begin, or the one their acronym stands for: following
those merge targets gives the *resolved* key, the entity the mention is of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph import reference
from graph.model import MILITARY_UNIT, ORGANIZATION, PERSON, Extraction, Mention, Names
from graph.pipeline.index import CorpusIndex
from graph.reference import fold, strip_possessive


def given_keys(ex: Extraction) -> list[str]:
    """Each mention's key as the document alone gives it."""
    keys = []
    for mention in ex.mentions:
        if mention.key:
            keys.append(mention.key)
        elif mention.kind == PERSON:
            keys.append(_person_key(mention.name))
        else:
            keys.append(f"{mention.kind}:{fold(mention.name)}")
    return keys


def _person_key(name: str) -> str:
    words = fold(name).replace(".", " ").split()
    return "person:" + (f"{words[0]} {words[-1]}" if len(words) > 1 else words[0])


def lone_surname(mention: Mention, key: str) -> str | None:
    """The surname a one-word person mention may stand for, else None."""
    if mention.kind != PERSON or " " in key:
        return None
    return key.split(":", 1)[1]


def document_names(ex: Extraction, keys: Sequence[str]) -> Names:
    """What a document's mentions (keyed by ``keys``) tell about names across the corpus."""
    full: set[tuple[str, str]] = set()
    orgs: set[str] = set()
    long_forms: set[tuple[str, str]] = set()
    for mention, key in zip(ex.mentions, keys, strict=True):
        if key.startswith("person:") and " " in key:
            full.update((surname, key) for surname in reference.surname_keys(key))
        if mention.kind in (ORGANIZATION, MILITARY_UNIT):
            if key.startswith(("organization:", "org:", "unit:")):
                orgs.add(key)
            # Long forms by every name they go by, including national forces and state
            # bodies ("Sudanese Armed Forces" is forces:SD), so an acronym can join any.
            if not mention.text.isupper():
                for text in (mention.text, mention.name):
                    long_forms.add((fold(strip_possessive(text)).removeprefix("the "), key))
    acronyms = {(fold(a), fold(strip_possessive(full_form))) for a, full_form in ex.acronyms}
    by_initials = {(short, k) for name, k in long_forms if (short := initials(name)) is not None}
    return Names(
        frozenset(full),
        frozenset(orgs),
        frozenset(acronyms),
        frozenset(long_forms),
        frozenset(by_initials),
    )


def initials(name: str) -> str | None:
    """The initials a long form is abbreviated by ("rapid support forces" -> "rsf")."""
    words = [
        w for w in name.replace("-", " ").split() if w not in ("of", "the", "for", "and", "de")
    ]
    return "".join(w[0] for w in words) if len(words) > 1 else None


def pick_surname(key: str, local: set[str], corpus: set[str]) -> str:
    """A lone surname joins the one full name of the document, else of the corpus."""
    for candidates in (local, corpus):
        if len(candidates) == 1:
            return next(iter(candidates))
    return key


def pick_acronym(counts: Mapping[str, int]) -> str:
    """The long form of an acronym the most documents give (ties: the first by name)."""
    return min(counts, key=lambda full: (-counts[full], full))


def name_of(key: str) -> str:
    return key.split(":", 1)[1]


def name_prefixes(key: str) -> list[str]:
    """The keys (of the same kind) whose names begin this one's: the keys it may absorb."""
    kind, name = key.split(":", 1)
    return [f"{kind}:{name[:i]}" for i, char in enumerate(name) if char == " " and i]


def merge_target(key: str, index: CorpusIndex) -> str | None:
    """The longer name an organization or unit key joins: the one name it begins, or the one
    its acronym stands for."""
    target = None
    name = name_of(key)
    longer = {k for k in index.org_keys_beginning(name + " ") if k != key and k[:4] == key[:4]}
    if len(longer) == 1:
        target = next(iter(longer))
    if " " not in name:
        counts = index.long_form_counts(name)
        full = pick_acronym(counts) if counts else None
        matches = index.keys_by_long_form(full) if full else index.keys_by_initials(name)
        matches = matches - {key}
        if len(matches) == 1:
            target = next(iter(matches))
    return target


def chase(key: str, targets: Mapping[str, str]) -> str:
    """Follow merge targets to the end (a cycle stops where it would repeat)."""
    seen = {key}
    while key in targets and targets[key] not in seen:
        key = targets[key]
        seen.add(key)
    return key
