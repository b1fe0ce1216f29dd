"""Shared fixtures: the seed, the parsed test articles, and a graph built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "seeds" / "000_06a881ff5254c041.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def nlp():
    from graph.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Parse a text (as one document) and return its extraction."""
    from graph.extract import extract_documents
    from graph.ingest import parse_document

    def run(text: str, doc_id: str = "t"):
        doc = parse_document(text.encode(), source=f"{doc_id}.txt", doc_id=doc_id)
        return doc, next(extract_documents([doc], nlp, max_chars=100_000))

    return run


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory) -> Path:
    """A data directory with the seeds built into it, shared by the read-only tests."""
    from graph.config import load_settings
    from graph.corpus import build_corpus

    data = tmp_path_factory.mktemp("kg")
    build_corpus(load_settings(data), [ROOT / "seeds"])
    return data
