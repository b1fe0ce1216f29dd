"""The seed graph as the explorer reads it: through the query engine (and the store, for
the quads an export takes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph import GraphStore, QueryEngine, load_settings

GERASIMOV = "https://w3id.org/newskg/id/person/valery-gerasimov"
HOSTILE = '<img src=x onerror=alert(1)> "><script>alert(2)</script>'


@pytest.fixture(scope="session")
def engine(built_data_dir) -> Iterator[QueryEngine]:
    with QueryEngine(load_settings(built_data_dir)) as running:
        yield running


@pytest.fixture(scope="session")
def store(built_data_dir) -> GraphStore:
    return GraphStore.open(load_settings(built_data_dir))
