"""The state a story is about, for names that do not say whose they are.

Takes a document's mentions and gives the one state its places lie in, clearly more often
than in any other; a bare "Prime Minister X" (:mod:`.state_roles`) and an unowned "National
Audit Office" (:mod:`.bodies`) serve that state.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Mention


def home_state(mentions: Sequence[Mention]) -> str | None:
    """The state a story is about: the one its places lie in at least twice as often as
    in any other (and three times at least); else none."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.kind == "place" and mention.state:
            counts[mention.state] = counts.get(mention.state, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
        return None
    return next(state for state, count in counts.items() if count == ranked[0])
