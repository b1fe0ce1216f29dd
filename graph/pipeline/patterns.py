"""Dependency shapes as data, matched the spaCy way.

``data/patterns.yaml`` lists shapes between two names as DependencyMatcher patterns, each
with the relation it gives and the kinds of name its two anchors may be. The registered
``kg_dependency_patterns`` component matches them on every parsed doc and keeps what
matched in ``doc._.kg_patterns`` (by subject token): the shape's id and the token of each
anchor. The
relation rules (``extract/relations/patterns.py``) turn matches on names into relations.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from graph import reference

if not Doc.has_extension("kg_patterns"):
    Doc.set_extension("kg_patterns", default=())


@dataclass(frozen=True)
class RelationPattern:
    """One shape of ``patterns.yaml``: the relation it gives and what its anchors may be."""

    id: str
    predicate: str
    subject: frozenset[str]
    object: frozenset[str]
    check: str | None
    pattern: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class PatternMatch:
    """A shape matched on a doc: its id and the token index of its subject and object."""

    pattern: str
    subject: int
    object: int


@functools.cache
def relation_patterns() -> Mapping[str, RelationPattern]:
    """The relation shapes of ``data/patterns.yaml`` by id, loaded once per process."""
    found: dict[str, RelationPattern] = {}
    for spec in reference.data_file("patterns.yaml")["relations"]:
        if spec["id"] in found:
            raise ValueError(f"patterns.yaml: the id {spec['id']!r} is used twice")
        found[spec["id"]] = RelationPattern(
            id=spec["id"],
            predicate=spec["predicate"],
            subject=frozenset(spec["subject"]),
            object=frozenset(spec["object"]),
            check=spec.get("check"),
            pattern=tuple(spec["pattern"]),
        )
    return found


class DependencyPatterns:
    """Matches every shape of ``patterns.yaml`` and keeps its anchors' tokens."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = DependencyMatcher(nlp.vocab)
        self.anchors: dict[int, tuple[int, int]] = {}
        for spec in relation_patterns().values():
            names = [node["RIGHT_ID"] for node in spec.pattern]
            self.matcher.add(spec.id, [[dict(node) for node in spec.pattern]])
            key = nlp.vocab.strings[spec.id]
            self.anchors[key] = (names.index("subject"), names.index("object"))

    def __call__(self, doc: Doc) -> Doc:
        # in the order of their subjects, so a sentence's matches are found by bisection
        doc._.kg_patterns = tuple(
            sorted(
                (
                    PatternMatch(
                        doc.vocab.strings[key],
                        tokens[self.anchors[key][0]],
                        tokens[self.anchors[key][1]],
                    )
                    for key, tokens in self.matcher(doc)
                ),
                key=lambda match: match.subject,
            )
        )
        return doc


@Language.factory("kg_dependency_patterns", assigns=["doc._.kg_patterns"])
def make_dependency_patterns(nlp: Language, name: str) -> DependencyPatterns:
    return DependencyPatterns(nlp)
