"""Every relation rule on one sentence, in the order that decides which duplicate is kept.

Takes a parsed sentence, its mentions and events; runs the parse rules of each family on
every token and then the event relations, always in the same order, because of two equal
relations the first is kept, with its rule and role (:func:`unique_relations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.tokens import Span, Token

from graph.model import Event, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.relations.bodies import body_state
from graph.pipeline.extract.relations.family import birthplace, relatives_of
from graph.pipeline.extract.relations.forces import (
    backing,
    basing,
    owned_by_force,
    part_of_apposition,
)
from graph.pipeline.extract.relations.from_events import event_relations
from graph.pipeline.extract.relations.group_roles import (
    apposition_affiliations,
    lead_clause,
    titled_members,
)
from graph.pipeline.extract.relations.locations import described_place
from graph.pipeline.extract.relations.membership import (
    alliance_member,
    composition_clause,
    membership_clause,
)
from graph.pipeline.extract.relations.patterns import pattern_relations
from graph.pipeline.extract.relations.state_roles import (
    government_leader,
    implied_titles,
    state_titles,
)


def sentence_relations(
    sent: Span,
    chunk: Chunk,
    mentions: Sequence[Mention],
    sentence: int,
    events: Sequence[Event],
    sentence_events: Sequence[int],
    year: int | None = None,
) -> Iterator[Relation]:
    """Affiliation and location from the parse; combat, deployment, meetings from events."""
    for token in sent:
        yield from _token_relations(token, chunk, mentions, sentence, year)
    yield from pattern_relations(sent, chunk, mentions, sentence)
    for number in sentence_events:
        yield from event_relations(events[number], chunk, mentions, sentence)


def _token_relations(
    token: Token, chunk: Chunk, mentions: Sequence[Mention], sentence: int, year: int | None
) -> Iterator[Relation]:
    """Every parse rule on one token, in a fixed order (the first of two equal relations
    is the one kept, with its rule and role)."""
    index = chunk.token_mention.get(token.i)
    yield from part_of_apposition(token, chunk, mentions, sentence)
    if index is not None:
        yield from apposition_affiliations(token, index, chunk, mentions, sentence)
        yield from government_leader(token, index, mentions, sentence, year)
        yield from titled_members(token, index, chunk, mentions, sentence)
        yield from state_titles(token, index, chunk, mentions, sentence)
        yield from implied_titles(token, index, chunk, mentions, sentence, year)
        yield from body_state(token, index, chunk, mentions, sentence)
        yield from alliance_member(token, index, chunk, mentions, sentence)
        yield from relatives_of(token, index, chunk, mentions, sentence)
    yield from lead_clause(token, chunk, mentions, sentence)
    yield from membership_clause(token, chunk, mentions, sentence)
    yield from composition_clause(token, chunk, mentions, sentence)
    yield from birthplace(token, chunk, mentions, sentence)
    yield from backing(token, chunk, mentions, sentence)
    yield from basing(token, chunk, mentions, sentence)
    if index is not None:
        yield from owned_by_force(token, index, chunk, mentions, sentence)
        yield from described_place(token, index, chunk, mentions, sentence)


def unique_relations(relations: Iterable[Relation]) -> list[Relation]:
    """Each (subject, predicate, object, sentence) once: the first found is the one kept."""
    seen: dict[tuple[Any, ...], Relation] = {}
    for relation in relations:
        key = (relation.subject, relation.predicate, relation.object, relation.sentence)
        seen.setdefault(key, relation)
    return list(seen.values())
