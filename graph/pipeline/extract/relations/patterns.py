"""Relations from the dependency shapes of ``data/patterns.yaml``.

Takes the matches the ``kg_dependency_patterns`` component kept on the doc; gives the
shape's relation where both anchors are tokens of names of the kinds the shape allows, and
its check (if any) holds.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence

from spacy.tokens import Span

from graph.model import Arg, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.relations.locations import larger
from graph.pipeline.patterns import relation_patterns

# Tests a shape cannot state, by the name ``check`` gives them in patterns.yaml.
CHECKS: Mapping[str, Callable[[Mention, Mention], bool]] = {
    "larger": lambda subject, object_: larger(object_, subject),
    "not-smaller": lambda subject, object_: not larger(subject, object_),
}


def pattern_relations(
    sent: Span, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    """The relations the shapes matched in this sentence give, in the order of their
    subjects."""
    shapes = relation_patterns()
    matches = sent.doc._.kg_patterns
    first = bisect.bisect_left(matches, sent.start, key=lambda match: match.subject)
    last = bisect.bisect_left(matches, sent.end, key=lambda match: match.subject)
    for match in matches[first:last]:
        subject = chunk.token_mention.get(match.subject)
        object_ = chunk.token_mention.get(match.object)
        if subject is None or object_ is None or subject == object_:
            continue
        shape = shapes[match.pattern]
        if not (_fits(mentions[subject], shape.subject) and _fits(mentions[object_], shape.object)):
            continue
        if shape.check is not None and not CHECKS[shape.check](
            mentions[subject], mentions[object_]
        ):
            continue
        yield Relation(
            Arg("subject", mention=subject),
            shape.predicate,
            Arg("object", mention=object_),
            sentence,
            rule=shape.id,
        )


def _fits(mention: Mention, kinds: frozenset[str]) -> bool:
    """Whether a name is of one of the kinds a shape allows: a kind of mention, or
    ``forces`` (a state's armed forces as a whole) or ``unit`` (any other unit)."""
    forces = (mention.key or "").startswith("forces:")
    if mention.kind == "military_unit":
        return "military_unit" in kinds or ("forces" if forces else "unit") in kinds
    return mention.kind in kinds
