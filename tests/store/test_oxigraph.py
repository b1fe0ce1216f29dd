"""The embedded Oxigraph backend: the current store, read-only, default graph as union."""

from __future__ import annotations

import pytest

from graph.config import load_settings
from graph.errors import StoreError
from graph.store.base import BoundQuery
from graph.store.lifecycle import current_store_path
from graph.store.oxigraph import OxigraphBackend


def test_queries_see_the_union_of_the_named_graphs(built_data_dir):
    path = current_store_path(load_settings(built_data_dir))
    assert path is not None
    backend = OxigraphBackend.open(path)
    try:
        ask = BoundQuery("ASK { ?s a <https://w3id.org/newskg/ontology#Person> }", "ask")
        assert backend.run(ask, 1).boolean
        assert next(backend.quads()).graph_name is not None
    finally:
        backend.close()


def test_an_unreadable_store_says_how_to_recover(tmp_path):
    (tmp_path / "store").write_text("not a store")
    with pytest.raises(StoreError, match="kg build --rebuild"):
        OxigraphBackend.open(tmp_path / "store")
