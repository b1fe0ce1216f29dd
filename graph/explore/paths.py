"""Paths: how the entities along a path of the network are connected, with evidence.

Takes the networkx view of :mod:`graph.explore.network` and a path of entity IRIs (from
:func:`~graph.explore.network.shortest_paths`) and gives one :class:`Hop` per step.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import networkx as nx

from graph.errors import InputError
from graph.explore.entities import label_of
from graph.explore.network import CO_MENTION, RELATION
from graph.explore.rows import Hop
from graph.explore.sparql import select
from graph.store.engine import QueryEngine


def path_hops(
    g: nx.MultiDiGraph, path: Sequence[str], engine: QueryEngine | None = None
) -> list[Hop]:
    """Each step of a path with the relation that makes it (typed relations preferred
    over co-mentions) and a sentence that supports it; with an ``engine``, a co-mention
    step gets one of the sentences that names both ends."""
    hops = []
    for a, b in pairwise(path):
        edges = [(a, b, d) for d in (g.get_edge_data(a, b) or {}).values()]
        edges += [(b, a, d) for d in (g.get_edge_data(b, a) or {}).values()]
        if not edges:
            raise InputError(f"{a!r} and {b!r} are not connected in the graph")
        edges.sort(key=lambda e: (e[2].get("kind") != RELATION, not e[2].get("sentence")))
        source, target, data = edges[0]
        if data.get("kind") == CO_MENTION:  # undirected: read it the way the path walks
            source, target = a, b
        evidence = str(data.get("sentence", ""))
        if not evidence and engine is not None and data.get("kind") == CO_MENTION:
            rows = select(engine, "co-mention-evidence", {"a": [a], "b": [b]})
            evidence = rows[0]["text"] if rows else ""
        hops.append(
            Hop(
                source,
                target,
                label_of(g, source),
                label_of(g, target),
                str(data.get("label", "")),
                str(data.get("kind", "")),
                evidence,
            )
        )
    return hops
