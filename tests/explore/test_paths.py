"""graph.explore.paths: each hop of a path with the relation that makes it and evidence."""

from __future__ import annotations

import pytest

from graph import InputError
from graph.explore.network import CO_MENTION, shortest_paths
from graph.explore.paths import path_hops


def test_a_co_mention_hop_gets_a_sentence_naming_both_ends_from_the_engine(engine):
    from graph.explore.network import entity_graph

    g = entity_graph(engine)

    def kinds(u: str, v: str) -> set[str]:
        edges = [*(g.get_edge_data(u, v) or {}).values(), *(g.get_edge_data(v, u) or {}).values()]
        return {d["kind"] for d in edges}

    a, b = next((u, v) for u, v in g.edges() if kinds(u, v) == {CO_MENTION})
    (hop,) = path_hops(g, [a, b], engine)
    assert hop.kind == CO_MENTION and hop.evidence
    assert (hop.source, hop.target) == (a, b)
    assert shortest_paths(g, a, b, 1) == [(a, b)]


def test_a_path_through_unconnected_entities_is_an_input_error(engine):
    from graph.explore.network import entity_graph

    g = entity_graph(engine)
    with pytest.raises(InputError, match="not connected"):
        path_hops(g, ["https://x.org/a", "https://x.org/b"], engine)
