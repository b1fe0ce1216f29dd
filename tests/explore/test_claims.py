"""graph.explore.claims: claims contested first, grouped by what they are about."""

from __future__ import annotations

from graph.explore.claims import claims, group_claims
from graph.explore.rows import ClaimRow


def _claim(iri: str, *, about=(), contests=(), contested=False, begin=0) -> ClaimRow:
    return ClaimRow(
        iri=iri,
        claimant_iri="",
        claimant="X",
        stance="asserts",
        verb="say",
        content=iri,
        date="",
        precision="",
        contested=contested,
        about=tuple(about),
        contests=tuple(contests),
        document="d",
        document_title="",
        evidence="",
        begin=begin,
    )


def test_group_claims_joins_shared_events_and_answers_and_puts_contested_first():
    rows = [
        _claim("a", about=[("e1", "strike")]),
        _claim("b", contests=["c"], begin=1),
        _claim("c", contests=["b"], contested=True, begin=2),
        _claim("d", about=[("e1", "strike")], begin=3),
        _claim("lonely", begin=4),
    ]
    groups = group_claims(rows)
    assert [[c.iri for c in g.claims] for g in groups] == [["b", "c"], ["a", "d"], ["lonely"]]
    assert groups[0].contested and groups[1].topic == "strike"


def test_claims_are_contested_first(engine):
    rows = claims(engine)
    flags = [c.contested for c in rows]
    assert any(flags) and flags == sorted(flags, reverse=True)
