"""Benchmarks (run with ``python -m pytest -m benchmark -s``): figures, not pass/fail timings."""

import time

import pytest

from graph.config import load_settings
from graph.pipeline.corpus import build_corpus
from graph.pipeline.extract.extractor import extract_documents
from graph.pipeline.ingest import read_document
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.benchmark


def test_pipeline_words_per_second(nlp):
    document = read_document(SEED)
    docs = [document] * 20
    started = time.perf_counter()
    for _ in extract_documents(docs, nlp, max_chars=100_000):
        pass
    seconds = time.perf_counter() - started
    words = len(document.text.split()) * len(docs)
    print(f"\npipeline: {words} words in {seconds:.2f} s = {words / seconds:,.0f} words/s")


def test_seed_build_seconds(tmp_path):
    started = time.perf_counter()
    build_corpus(load_settings(tmp_path), [ROOT / "seeds"])
    print(
        f"\nkg build seeds/ (fresh process state, model load included): "
        f"{time.perf_counter() - started:.2f} s"
    )
