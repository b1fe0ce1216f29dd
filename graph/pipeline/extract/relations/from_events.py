"""The relations an event states between its arguments.

Takes one extracted event (not negated) with its arguments, leaving out one named behind a
comma-enclosed attribution ("and, Moscow claims, Vuhledar"); gives foughtAgainst for an
assault, deployedTo (and aidTo for help) for a deployment or offensive, metWith for a
meeting, aidTo for an aid decision, and controls for a capture.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from graph.model import Arg, Event, Mention, Relation
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.relations.forces import force_of, is_actor


def event_relations(
    event: Event, chunk: Chunk, mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    """The relations an event states between its arguments, unless it is negated."""
    if event.negated:
        return
    # An argument behind its own attribution is one side's word, not the writer's.
    vouched = [a for a in event.args if not _attributed_aside(a, chunk, mentions)]
    actors = [a for a in vouched if a.role == "actor"]
    targets = [a for a in vouched if a.role == "target"]
    beneficiaries = [a for a in event.args if a.role == "beneficiary"]
    if event.plover == "ASSAULT":
        yield from _fought(actors, targets, mentions, sentence)
    if event.event_class in ("Deployment", "Offensive"):
        places = [a for a in vouched if a.role == "place"]
        deployment = event.event_class == "Deployment"
        yield from _deployed(
            actors, places, beneficiaries if deployment else [], mentions, sentence
        )
    if event.event_class == "Meeting":
        participants = [a for a in vouched if a.role == "participant"]
        yield from _met(actors + participants + targets, sentence)
    if event.event_class == "AidDecision":
        yield from _aided(actors, targets + beneficiaries, mentions, sentence)
    if event.event_class in lexicon().control_classes:
        # "the rebels seized the town": the actor holds the place (dated by the event)
        places = [
            a
            for a in vouched
            if a.role in ("place", "target")
            and a.mention is not None
            and mentions[a.mention].kind == "place"
        ]
        for actor in (a for a in actors if is_actor(a, mentions)):
            for place in places:
                yield _between(actor, "controls", place, sentence)


def _fought(
    actors: list[Arg], targets: list[Arg], mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    for actor in actors:
        for target in targets:
            if is_actor(target, mentions) and is_actor(actor, mentions):
                yield _between(actor, "foughtAgainst", target, sentence)


def _deployed(
    actors: list[Arg],
    places: list[Arg],
    beneficiaries: list[Arg],
    mentions: Sequence[Mention],
    sentence: int,
) -> Iterator[Relation]:
    """Each actor's force deployedTo each place; a deployment to help is aidTo too."""
    for actor in actors:
        unit = force_of(actor, mentions)
        for place in places:
            if unit is not None:
                yield Relation(
                    unit, "deployedTo", replace(place, role="object"), sentence, rule="event"
                )
        for beneficiary in beneficiaries:
            yield _between(actor, "aidTo", beneficiary, sentence)


def _met(people: list[Arg], sentence: int) -> Iterator[Relation]:
    for i, left in enumerate(people):
        for right in people[i + 1 :]:
            if left != right:
                yield _between(left, "metWith", right, sentence)


def _aided(
    actors: list[Arg], receivers: list[Arg], mentions: Sequence[Mention], sentence: int
) -> Iterator[Relation]:
    for actor in actors:
        for receiver in receivers:
            if is_actor(receiver, mentions):
                yield _between(actor, "aidTo", receiver, sentence)


def _between(subject: Arg, predicate: str, obj: Arg, sentence: int) -> Relation:
    """An event's relation between two of its arguments."""
    return Relation(
        replace(subject, role="subject"),
        predicate,
        replace(obj, role="object"),
        sentence,
        rule="event",
    )


def _attributed_aside(arg: Arg, chunk: Chunk, mentions: Sequence[Mention]) -> bool:
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
    reporting = lexicon().reporting_verbs
    return len(aside) > 1 and (
        aside[0].lower_ == "according"
        or any(t.pos_ == "VERB" and t.lemma_.lower() in reporting for t in aside)
    )
