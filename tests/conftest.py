"""Shared fixtures: the seed, the parsed test articles, and a graph built once per session."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "seeds" / "000_06a881ff5254c041.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def nlp():
    from graph.pipeline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Parse a text (as one document) and return its extraction."""
    from graph.pipeline.extract.extractor import extract_documents
    from graph.pipeline.ingest import parse_document

    def run(text: str, doc_id: str = "t"):
        doc = parse_document(text.encode(), source=f"{doc_id}.txt", doc_id=doc_id)
        return doc, next(extract_documents([doc], nlp, max_chars=100_000))

    return run


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory) -> Path:
    """A data directory with the seeds built into it, shared by the read-only tests."""
    from graph.config import load_settings
    from graph.pipeline.corpus import build_corpus

    data = tmp_path_factory.mktemp("kg")
    build_corpus(load_settings(data), [ROOT / "seeds"])
    return data


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(
    command: list[str], probe: str, name: str, *, timeout: float = 30, **popen: Any
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a local server until ``probe`` (a loopback URL) answers; stop it afterwards."""
    from urllib.request import urlopen

    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.PIPE)
    process = subprocess.Popen(command, **popen)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urlopen(probe, timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                detail = process.stderr.read() if process.stderr else b""
                pytest.fail(f"{name} did not start: {detail!r}")
            time.sleep(0.1)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
