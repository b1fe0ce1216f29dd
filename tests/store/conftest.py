"""Fixtures the store tests share: the saved-query library, an engine over the seed graph,
and a real ``oxigraph serve`` on 127.0.0.1 (no traffic leaves the machine) loaded with it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings, load_settings
from graph.store.engine import QueryEngine
from graph.store.library import load_queries
from graph.store.lifecycle import GraphStore
from graph.store.remote import RemoteBackend
from graph.vocab import GRAPHS
from tests.conftest import ROOT, free_port, serving

QUERIES = ROOT / "queries"


@pytest.fixture(scope="module")
def library():
    return load_queries(QUERIES)


@pytest.fixture(scope="module")
def engine(built_data_dir):
    with QueryEngine(load_settings(built_data_dir)) as engine:
        yield engine


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
