"""Facts: who did what to whom, when, how many, and who says so.

Takes a document's parsed chunks and its final entity mentions and gives events
(:mod:`.events`), claims (:mod:`.claims`), relations between entities (:mod:`.relations`)
and quantities (:mod:`.quantities`), sentence by sentence. Modelled on the rule-based event
coders: dictionaries of trigger words and reporting verbs (:mod:`.lexicon`) applied over
spaCy's parse. When the parse does not say who, the argument is left out: a wrong edge is
worse than none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from graph.model import Claim, Event, Facts, Mention, PlacedQuantity, Relation
from graph.pipeline.extract.claims import find_claim, inherit_claim_dates, link_claims
from graph.pipeline.extract.context import Chunk
from graph.pipeline.extract.events import find_events, sentence_dates
from graph.pipeline.extract.lexicon import lexicon
from graph.pipeline.extract.quantities import sentence_quantities
from graph.pipeline.extract.relations import role_relations, sentence_relations, unique_relations


def extract_facts(
    parsed: Sequence[tuple[int, Doc]],
    mentions: Sequence[Mention],
    sentence_of: Mapping[int, int],
    published: dt.date | None = None,
    date_known: bool = True,
) -> Facts:
    """Events, relations, claims and quantities of one document.

    ``mentions`` are the document's final mentions; ``sentence_of`` maps a document
    character offset of a sentence start to its index. Events come before the claims of a
    sentence because a claim contains them, and both before its quantities and relations.
    """
    events: list[Event] = []
    claims: list[Claim] = []
    quantities: list[PlacedQuantity] = []
    year = published.year if published is not None else None
    relations: list[Relation] = list(role_relations(mentions, lexicon(), year))
    context = None
    for offset, doc in parsed:
        chunk = Chunk.of(doc, offset, mentions)
        for sent in doc.sents:
            index = _sentence_index(sentence_of, offset + sent.start_char)
            dates, context = sentence_dates(sent, context, published, date_known)
            first_event = len(events)
            events += find_events(sent, chunk, mentions, index, dates)
            sentence_events = list(range(first_event, len(events)))
            for token in sent:
                claim = find_claim(
                    token, chunk, mentions, index, dates, events, sentence_events, published
                )
                if claim is not None:
                    claims.append(claim)
            quantities += sentence_quantities(sent, chunk, index, events, sentence_events, claims)
            relations += sentence_relations(
                sent, chunk, mentions, index, events, sentence_events, year
            )
    claims = link_claims(claims, events, mentions)
    events = inherit_claim_dates(events, claims)
    return Facts(
        tuple(events), tuple(unique_relations(relations)), tuple(claims), tuple(quantities)
    )


def _sentence_index(sentence_of: Mapping[int, int], start: int) -> int:
    """The index of the sentence starting at ``start``, or the nearest start before it."""
    while start not in sentence_of and start > 0:
        start -= 1
    return sentence_of.get(start, 0)
