"""Executors: worker processes and a Dask cluster give what this process gives."""

import distributed
import pytest

from graph.config import load_settings
from graph.errors import InputError
from graph.pipeline import executor
from graph.pipeline.corpus import build_corpus, read_documents
from graph.pipeline.executor import batches, extract_all
from graph.store.lifecycle import GraphStore
from tests.conftest import DATA, SEED

ARTICLES = [SEED, DATA / "articles"]


def test_batches_keep_order_and_size():
    documents = read_documents(ARTICLES)
    grouped = list(batches(documents, size=5_000))
    assert [d for batch in grouped for d in batch] == documents
    assert all(sum(len(d.text) for d in batch[:-1]) < 5_000 for batch in grouped)


def test_worker_processes_extract_what_this_process_extracts(monkeypatch):
    documents = read_documents(ARTICLES)
    local = list(extract_all(documents, max_chars=100_000, batch_size=8))
    monkeypatch.setattr(executor, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(executor, "BATCH_CHARS", 3_000)
    parallel = list(extract_all(documents, max_chars=100_000, batch_size=8, jobs=2))
    assert parallel == local


def test_dask_cluster_builds_the_same_graph_as_a_local_build(tmp_path):
    local = load_settings(tmp_path / "local", jobs=1)
    build_corpus(local, ARTICLES)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = load_settings(tmp_path / "dask", scheduler=cluster.scheduler_address)
        report = build_corpus(remote, ARTICLES)
    assert report.added == 5
    assert set(GraphStore.open(remote).quads()) == set(GraphStore.open(local).quads())


def test_unreachable_scheduler_is_one_clear_error(tmp_path):
    settings = load_settings(tmp_path, scheduler="tcp://127.0.0.1:9")
    documents = read_documents([SEED])
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        list(extract_all(documents, max_chars=100_000, batch_size=8, scheduler=settings.scheduler))
