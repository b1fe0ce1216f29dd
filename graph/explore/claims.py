"""Claims: who claims what, with which stance, grouped by what they are about.

Takes the query engine and gives :class:`ClaimRow`\\ s (contested ones first) with the
events each is about and the claims it contests; :func:`group_claims` puts claims about a
shared event, or answering each other, into one :class:`ClaimGroup`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graph.explore.rows import ClaimGroup, ClaimRow, as_int, event_label, local_name
from graph.explore.sparql import select
from graph.store.engine import QueryEngine

UNLINKED_TOPIC = "Claims not linked to an event"


def claims(engine: QueryEngine) -> list[ClaimRow]:
    """Every claim, contested ones first, then in document order."""
    about: dict[str, dict[str, str]] = defaultdict(dict)
    contests: dict[str, set[str]] = defaultdict(set)
    for row in select(engine, "claim-links"):
        if row["link"] == "about":
            label = row.get("label") or local_name(row["other"])
            about[row["claim"]][row["other"]] = event_label(label)
        else:
            contests[row["claim"]].add(row["other"])
    found: dict[str, ClaimRow] = {}
    for row in select(engine, "claims"):
        iri = row["claim"]
        if iri in found:
            continue
        claimant = row.get("claimant", "")
        found[iri] = ClaimRow(
            iri=iri,
            claimant_iri=claimant,
            claimant=row.get("claimantLabel") or (local_name(claimant) if claimant else ""),
            stance=row.get("stance", ""),
            verb=row.get("verb", ""),
            content=row.get("content", ""),
            date=row.get("date", ""),
            precision=row.get("precision", ""),
            contested=row.get("contested") == "true" or bool(contests[iri]),
            about=tuple(sorted(about[iri].items(), key=lambda item: item[1])),
            contests=tuple(sorted(contests[iri])),
            document=row.get("doc", ""),
            document_title=row.get("title", ""),
            evidence=row.get("evidence", ""),
            begin=as_int(row.get("begin")),
        )
    return sorted(found.values(), key=lambda c: (not c.contested, c.document, c.begin))


def group_claims(rows: Sequence[ClaimRow]) -> list[ClaimGroup]:
    """Claims grouped by what they are about: claims about a shared event, or contesting
    each other, are one group. Contested groups come first; claims about nothing in the
    graph and contesting nothing share a last group."""
    parent = {c.iri: c.iri for c in rows}

    def find(iri: str) -> str:
        while parent[iri] != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    by_event: dict[str, str] = {}
    for claim in rows:
        for event, _ in claim.about:
            if event in by_event:
                parent[find(claim.iri)] = find(by_event[event])
            else:
                by_event[event] = claim.iri
        for other in claim.contests:
            if other in parent:
                parent[find(claim.iri)] = find(other)
    members: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in rows:
        members[find(claim.iri)].append(claim)

    groups, unlinked = [], []
    for group in members.values():
        if len(group) == 1 and not group[0].about and not group[0].contests:
            unlinked.append(group[0])
            continue
        group.sort(key=lambda c: (c.document, c.begin))
        topics = dict.fromkeys(label for c in group for _, label in c.about)
        topic = "; ".join(topics) or f"{group[0].claimant or 'Someone'}: {group[0].content}"
        groups.append(ClaimGroup(topic, tuple(group)))
    groups.sort(key=lambda g: (not g.contested, g.claims[0].document, g.claims[0].begin))
    if unlinked:
        groups.append(
            ClaimGroup(UNLINKED_TOPIC, tuple(sorted(unlinked, key=lambda c: (c.document, c.begin))))
        )
    return groups
