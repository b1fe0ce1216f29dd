"""The remote backend against a real ``oxigraph serve`` on 127.0.0.1, loaded the two ways
the product loads an endpoint: the Graph Store Protocol and SPARQL Update."""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from urllib.request import urlopen

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.config import load_settings
from graph.errors import QueryError, QueryTimeout, StoreError
from graph.store.base import BoundQuery
from graph.store.engine import QueryEngine
from graph.store.lifecycle import GraphStore
from graph.store.remote import RemoteBackend
from graph.vocab import GRAPHS
from tests.conftest import free_port
from tests.store.conftest import oxigraph_command
from tests.store.test_engine import HOSTILE, NEVER_ENDING


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
