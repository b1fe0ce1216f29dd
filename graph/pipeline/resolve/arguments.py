"""What facts' arguments resolve to: the keys facts name, and the entity of an argument."""

from __future__ import annotations

from collections.abc import Iterable

from graph.model import COUNTRY, MILITARY_UNIT, Arg, Extraction, MentionRef, Relation, Resolution


def fact_keys(extractions: Iterable[Extraction]) -> set[str]:
    """Entity keys that events, relations and claims name directly (not via a mention)."""
    keys: set[str] = set()
    for ex in extractions:
        facts = ex.facts
        args = [a for e in facts.events for a in e.args]
        args += [a for r in facts.relations for a in (r.subject, r.object)]
        args += [a for c in facts.claims for a in c.claimants]
        keys.update(a.key for a in args if a.key)
    return keys


def relation_predicate(relation: Relation, resolution: Resolution, doc_id: str) -> str:
    """ "led by" means commander of a unit, leader of a state, chief of anything else; only
    the resolved object (an acronym may turn out to be a unit) can tell which."""
    if relation.rule != "led-by":
        return relation.predicate
    node = resolution.nodes.get(arg_key(resolution, doc_id, relation.object) or "")
    if node is not None and node.kind == MILITARY_UNIT:
        return "commanderOf"
    if node is not None and node.subtype == COUNTRY:
        return "leaderOf"
    return relation.predicate if relation.predicate == "commanderOf" else "chiefOf"


def arg_key(resolution: Resolution, doc_id: str, arg: Arg) -> str | None:
    """The entity key a fact's argument resolves to."""
    if arg.key:
        return arg.key
    if arg.mention is None:
        return None
    return resolution.by_mention.get(MentionRef(doc_id, arg.mention))
