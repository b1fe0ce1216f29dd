"""The three query backends (graph/store.py) and the settings that choose them.

The whole saved-query library runs on Oxigraph, on rdflib in memory and on a real
``oxigraph serve`` started here on 127.0.0.1 (no traffic leaves the machine), and the
results must be the same. The server is loaded the two ways the product loads a remote
endpoint: the Graph Store Protocol and SPARQL Update.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.request import urlopen

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph.config import ENVIRONMENT, Settings, load_settings
from graph.errors import InputError, QueryError, QueryTimeout, StoreError
from graph.store.engine import QueryEngine, load_queries
from graph.store.lifecycle import (
    BoundQuery,
    GraphStore,
    MemoryBackend,
    QueryResult,
    RemoteBackend,
    from_rdflib_term,
    to_rdflib_term,
)
from graph.vocab import GRAPHS
from tests.conftest import ROOT, free_port, serving
from tests.store.test_engine import HOSTILE, NEVER_ENDING, SEED_PARAMS

XSD = "http://www.w3.org/2001/XMLSchema#"
BACKENDS = ("oxigraph", "rdflib", "remote")


def oxigraph_command() -> str:
    """The ``oxigraph`` server of the [test] extra, next to this Python if not on PATH."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]'")
    return found


@pytest.fixture(scope="module")
def oxigraph_server() -> Iterator[str]:
    """A real in-memory ``oxigraph serve`` on a free loopback port; its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        oxigraph_command(),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        "20",
    ]
    with serving(command, f"{base}/query?query=ASK%7B%7D", "oxigraph serve", timeout=15):
        yield base


@pytest.fixture(scope="module")
def remote_settings(built_data_dir, oxigraph_server) -> Settings:
    """Settings for the remote backend, with the seed graph loaded into the server."""
    settings = load_settings(
        built_data_dir,
        environ={},
        backend="remote",
        endpoint=f"{oxigraph_server}/query",
        store_endpoint=f"{oxigraph_server}/store",
        update_endpoint=f"{oxigraph_server}/update",
    )
    RemoteBackend.from_settings(settings).load(
        GraphStore.open(settings).quads(), replace_prefix=str(GRAPHS)
    )
    return settings


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


def _quad_hash(quads: Iterator[Quad]) -> str:
    return hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode()).hexdigest()


def test_graph_store_protocol_and_sparql_update_load_the_same_quads(built_data_dir):
    local = list(GraphStore.open(load_settings(built_data_dir)).quads())
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        by_update = RemoteBackend(f"{base}/query", update_endpoint=f"{base}/update")
        by_update.load(local, replace_prefix=str(GRAPHS))
        assert _quad_hash(by_update.quads()) == _quad_hash(iter(local))
        # A second publish with a graph gone and one new replaces, not accumulates.
        extra = Quad(
            NamedNode("http://e/s"),
            NamedNode("http://e/p"),
            Literal("x"),
            NamedNode(f"{GRAPHS}document/new"),
        )
        fewer = [q for q in local if "entities" not in str(q.graph_name)] + [extra]
        by_store = RemoteBackend(f"{base}/query", store_endpoint=f"{base}/store")
        by_store.load(fewer, replace_prefix=str(GRAPHS))
        assert _quad_hash(by_store.quads()) == _quad_hash(iter(fewer))
    finally:
        process.kill()
        process.wait(timeout=10)


def test_remote_queries_are_refused_cut_off_and_leave_the_data_alone(remote_settings):
    remote = RemoteBackend.from_settings(remote_settings)
    before = _quad_hash(remote.quads())
    with QueryEngine(replace(remote_settings, query_timeout=1.0)) as engine:
        for text in HOSTILE:
            with pytest.raises(QueryError):
                engine.run(text)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="abandoned"):
            engine.run(NEVER_ENDING)
        assert time.monotonic() - started < 5
        assert engine.run("ASK { ?s a <https://w3id.org/newskg/ontology#Person> }").boolean
    assert _quad_hash(remote.quads()) == before


def test_remote_errors_are_one_clear_line(remote_settings):
    remote = RemoteBackend.from_settings(remote_settings)
    with pytest.raises(QueryError, match="refused the query"):
        remote.run(BoundQuery("SELECT * WHERE { ?s <http://e/p> ?o } GROUP BY ?x", "select"), 10)
    unreachable = RemoteBackend(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        unreachable.run(BoundQuery("ASK {}", "ask"), 10)
    with pytest.raises(StoreError, match="KG_STORE_ENDPOINT"):
        RemoteBackend(remote_settings.endpoint or "").load(
            [
                Quad(
                    NamedNode("http://e/s"),
                    NamedNode("http://e/p"),
                    Literal("x"),
                    NamedNode("http://e/g"),
                )
            ]
        )


def test_build_publishes_to_the_remote_endpoint(built_data_dir, remote_settings, tmp_path):
    """write_store with the remote backend loads the new graph into the endpoint."""
    from graph.store.lifecycle import write_store

    data = tmp_path / "data"
    shutil.copytree(built_data_dir, data)
    settings = replace(remote_settings, data_dir=data)
    local = list(GraphStore.open(settings).quads())
    marker = Quad(
        NamedNode("http://e/marker"),
        NamedNode("http://e/p"),
        Literal("x"),
        NamedNode(f"{GRAPHS}document/marker"),
    )
    write_store(settings, [*local, marker])
    remote = RemoteBackend.from_settings(settings)
    assert remote.run(BoundQuery("ASK { <http://e/marker> ?p ?o }", "ask"), 1).boolean
    write_store(settings, local)  # the marker's graph is gone again
    assert not remote.run(BoundQuery("ASK { <http://e/marker> ?p ?o }", "ask"), 1).boolean


def test_rdflib_backend_keeps_terms_exactly():
    terms = [
        NamedNode("http://e/a"),
        Literal("plain"),
        Literal("Kyiv", language="en"),
        Literal("40", datatype=NamedNode(XSD + "decimal")),
        Literal("2024-09", datatype=NamedNode(XSD + "gYearMonth")),
        Literal("0.6667", datatype=NamedNode(XSD + "decimal")),
        BlankNode("b1"),
    ]
    for term in terms:
        assert from_rdflib_term(to_rdflib_term(term)) == term
    memory = MemoryBackend(
        [
            Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), term, NamedNode("http://e/g"))
            for term in terms[1:]
        ]
    )
    rows = memory.run(
        BoundQuery('SELECT ?o WHERE { ?s ?p ?o FILTER(?o = "plain") }', "select"), 10
    ).rows
    assert rows == ((Literal("plain"),),)


# --- Settings -----------------------------------------------------------------------------


def test_settings_come_from_options_then_environment_then_defaults(tmp_path):
    env = {
        "KG_BACKEND": "rdflib",
        "KG_QUERY_TIMEOUT": "2.5",
        "KG_MAX_ROWS": "50",
        "KG_ALLOW_REMOTE": "1",
        "KG_QUERIES": str(tmp_path),
    }
    settings = load_settings(tmp_path, environ=env, max_rows="7")
    assert (settings.backend, settings.query_timeout, settings.max_rows) == ("rdflib", 2.5, 7)
    assert settings.allow_remote and settings.queries_dir == tmp_path
    default = load_settings(tmp_path, environ={})
    assert (default.backend, default.query_timeout, default.max_rows) == ("oxigraph", 10.0, 10_000)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KG_BACKEND": "fuseki"}, "expected one of oxigraph, rdflib, remote"),
        ({"KG_QUERY_TIMEOUT": "0"}, "above 0"),
        ({"KG_QUERY_TIMEOUT": "soon"}, "KG_QUERY_TIMEOUT"),
        ({"KG_MAX_ROWS": "-5"}, "above 0"),
        ({"KG_BACKEND": "remote"}, "needs a SPARQL endpoint"),
        ({"KG_BACKEND": "remote", "KG_ENDPOINT": "file:///etc/passwd"}, "http:// or https://"),
        ({"KG_ALLOW_REMOTE": "perhaps"}, "expected 1 or 0"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(tmp_path, env, message):
    with pytest.raises(InputError, match=message):
        load_settings(tmp_path, environ=env)


def test_readme_documents_every_setting_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for variable in ENVIRONMENT.values():
        assert variable in readme, variable
    for command in ("kg queries", "kg query", "kg serve", "kg publish"):
        assert command in readme, command
    for name in load_queries(ROOT / "queries"):
        assert name in readme, name


def test_incremental_builds_keep_the_remote_endpoint_equal_to_the_store(oxigraph_server, tmp_path):
    from graph.pipeline.corpus import build_corpus, remove_documents

    settings = load_settings(
        tmp_path / "data",
        backend="remote",
        endpoint=f"{oxigraph_server}/query",
        store_endpoint=f"{oxigraph_server}/store",
    )
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Russian forces shelled Kharkiv, Ukraine's army said.", encoding="utf-8")
    b.write_text("President Volodymyr Zelensky visited Kharkiv.", encoding="utf-8")
    remote = RemoteBackend.from_settings(settings)

    def same() -> bool:
        return set(remote.quads()) == set(GraphStore.open(settings).quads())

    build_corpus(settings, [a])
    assert build_corpus(settings, [b]).incremental and same()
    remove_documents(settings, ["a"])
    assert same()
    assert f"{GRAPHS}document/a" not in remote.graph_names()
