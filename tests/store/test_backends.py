"""The three query backends give the same answers.

The whole saved-query library runs on Oxigraph, on rdflib in memory and on a real
``oxigraph serve`` (see ``conftest.py``), and the results must be the same.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from graph.config import load_settings
from graph.store.base import QueryResult
from graph.store.engine import QueryEngine
from graph.store.library import load_queries
from tests.conftest import ROOT
from tests.store.test_engine import SEED_PARAMS

BACKENDS = ("oxigraph", "rdflib", "remote")


@pytest.fixture(scope="module")
def results(built_data_dir, remote_settings) -> dict[str, dict[str, QueryResult]]:
    """Every saved query's result on every backend: results[backend][query]."""
    library = load_queries(ROOT / "queries")
    answers: dict[str, dict[str, QueryResult]] = {}
    for backend in BACKENDS:
        settings = (
            remote_settings
            if backend == "remote"
            else load_settings(built_data_dir, environ={}, backend=backend)
        )
        with QueryEngine(settings) as engine:
            answers[backend] = {
                name: engine.run(query, SEED_PARAMS.get(name, {}), timeout=60)
                for name, query in library.items()
            }
    return answers


def canonical(result: QueryResult) -> list[tuple[object, ...]]:
    """Rows as comparable values. SPARQL leaves the order inside GROUP_CONCAT to the
    engine, so "; "-joined values compare as sorted lists of their parts."""

    def cell(term: object) -> object:
        if isinstance(term, Literal) and "; " in term.value:
            return (sorted(term.value.split("; ")), term.datatype, term.language)
        return term

    return [tuple(cell(term) for term in row) for row in result.rows]


@pytest.mark.parametrize("backend", ["rdflib", "remote"])
def test_every_saved_query_gives_the_same_results_on_every_backend(results, backend):
    for name, expected in results["oxigraph"].items():
        got = results[backend][name]
        assert got.variables == expected.variables, name
        assert canonical(got) == canonical(expected), name
        assert len(got) > 0, name


@pytest.mark.benchmark
def test_query_timings_on_the_seed_graph(results, capsys):
    """Not a timed test (run with -m benchmark): per-query milliseconds on each backend."""
    with capsys.disabled():
        print("\nquery                   " + "".join(f"{b:>10}" for b in BACKENDS))
        for name in results["oxigraph"]:
            print(
                f"{name:<24}"
                + "".join(f"{results[b][name].seconds * 1000:>10.1f}" for b in BACKENDS)
            )
