"""graph.explore.connections: connection-paths from the in-memory adjacency gives the rows
the saved query gives, shortest first, with evidence for each hop."""

from __future__ import annotations

import dataclasses

import pytest

from graph import QueryEngine, load_queries, load_settings, read_query
from graph.explore import connections
from graph.explore.connections import (
    answers_in_memory,
    connection_paths,
    entity_adjacency,
    find_connections,
    run_saved_query,
)
from tests.conftest import ROOT

ID = "https://w3id.org/newskg/id/"
STEPS = tuple(f"{part}{hop}" for hop in (1, 2, 3) for part in ("subject", "relation", "object"))
PAIRS = [
    ("person/oleksandr-syrskyi", "place/russia"),
    ("person/volodymyr-zelensky", "place/united-states"),
    ("person/valery-gerasimov", "place/russia"),
    ("place/russia", "place/ukraine"),
    ("place/sudzha", "unit/ukrainian-armed-forces"),
    ("person/vladimir-putin", "place/kursk"),
]


@pytest.fixture(scope="module")
def saved():
    return load_queries(ROOT / "queries")["connection-paths"]


def _key(row: dict[str, str]) -> tuple[str | None, ...]:
    return (row["hops"], row["path"], *(row.get(name) for name in STEPS))


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_same_paths_as_the_saved_query_in_its_order(engine, saved, a, b):
    by_query = engine.run(saved, {"from": f"<{ID}{a}>", "to": f"<{ID}{b}>"}).records()
    in_memory = connection_paths(engine, ID + a, ID + b, limit=10_000).records()
    assert [_key(r) for r in in_memory] == [_key(r) for r in by_query]
    assert by_query or a == "person/vladimir-putin"  # the pairs are not all empty


def test_shortest_first_and_one_sentence_per_hop_wherever_the_query_has_one(engine, saved):
    a, b = ID + "person/oleksandr-syrskyi", ID + "place/russia"
    by_query = {_key(r): r for r in engine.run(saved, {"from": f"<{a}>", "to": f"<{b}>"}).records()}
    rows = connection_paths(engine, a, b).records()
    hops = [int(r["hops"]) for r in rows]
    assert hops == sorted(hops) and {2, 3} <= set(hops)
    for row in rows:
        for hop in range(1, int(row["hops"]) + 1):
            if f"evidence{hop}" in by_query[_key(row)]:
                assert row[f"evidence{hop}"].endswith((".", "”", '"'))  # a whole sentence
    first = rows[0]
    assert first["path"].startswith("Oleksandr Syrskyi -") and first["path"].endswith(" Russia")


def test_a_limit_cuts_the_longest_paths_and_says_so(engine):
    a, b = ID + "person/oleksandr-syrskyi", ID + "place/russia"
    every = connection_paths(engine, a, b, limit=10_000)
    cut = connection_paths(engine, a, b, limit=2)
    assert not every.truncated and len(every) > 2
    assert cut.truncated and len(cut) == 2
    assert {r["hops"] for r in cut.records()} == {"2"}  # the shortest are kept


def test_max_hops_and_unknown_or_equal_ends_give_no_longer_paths(engine):
    a, b = ID + "person/oleksandr-syrskyi", ID + "place/russia"
    assert {r["hops"] for r in connection_paths(engine, a, b, max_hops=2).records()} == {"2"}
    assert len(connection_paths(engine, a, a)) == 0
    assert len(connection_paths(engine, a, "https://example.org/nobody")) == 0


def test_the_adjacency_is_read_once_per_store_version(engine, monkeypatch):
    first = entity_adjacency(engine)
    assert entity_adjacency(engine) is first
    monkeypatch.setattr(connections, "current_store_path", lambda settings: ROOT / "elsewhere")
    assert entity_adjacency(engine) is not first


def test_k_shortest_paths_expand_parallel_relations(engine):
    adjacency = entity_adjacency(engine)
    a, b = ID + "person/volodymyr-zelensky", ID + "place/united-states"
    chains, more = find_connections(adjacency, a, b, max_hops=2)
    relations = {chain[1].relation.rpartition("#")[2] for chain in chains}
    assert not more and {"state", "leaderOf"} <= relations  # Trump: two ways to the US


def test_the_library_query_unedited_on_the_embedded_store_runs_in_memory(
    built_data_dir, engine, saved
):
    assert answers_in_memory(engine, saved)
    edited = read_query(saved.text + "\nLIMIT 5", saved.name)
    assert not answers_in_memory(engine, edited)
    remote = QueryEngine(dataclasses.replace(load_settings(built_data_dir), backend="remote"))
    assert not answers_in_memory(remote, saved)


def test_run_saved_query_takes_names_and_the_row_cap(engine, saved):
    result = run_saved_query(engine, saved, {"from": "Zelensky", "to": "United States"}, max_rows=1)
    assert result.backend.endswith("networkx") and result.truncated and len(result) == 1
    (row,) = result.records()
    assert row["path"].startswith("Volodymyr Zelensky -met with-> Donald Trump")


def test_the_relations_are_saved_for_the_next_process_on_the_same_version(engine, monkeypatch):
    from graph import current_store_path

    connections._cache.clear()
    first = sorted(entity_adjacency(engine).graph.edges)
    version = current_store_path(engine.settings)
    assert version is not None
    saved_file = connections._cache_file(engine.settings.data_dir, version)
    assert saved_file.is_file()
    connections._cache.clear()  # as in a new process

    def no_store_read(engine):
        raise AssertionError("read the store again")

    with monkeypatch.context() as patched:
        patched.setattr(connections, "read_steps", no_store_read)
        assert sorted(entity_adjacency(engine).graph.edges) == first
    saved_file.write_text("[not json", encoding="utf-8")  # a torn or foreign file
    connections._cache.clear()
    assert sorted(entity_adjacency(engine).graph.edges) == first
