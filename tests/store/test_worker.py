"""The query worker: a query that overruns is stopped by killing its process, and the
engine answers again from a fresh one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.config import load_settings
from graph.errors import QueryTimeout
from graph.store.engine import QueryEngine
from tests.store.test_engine import NEVER_ENDING


def test_a_never_ending_query_is_cut_off_and_the_engine_answers_again(built_data_dir):
    with QueryEngine(load_settings(built_data_dir)) as engine:
        engine.run("ASK { ?s ?p ?o }")
        worker = engine.worker_pid
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="longer than 1 s and was stopped"):
            engine.run(NEVER_ENDING, timeout=1)
        assert time.monotonic() - started < 8
        assert not _alive(worker)
        assert engine.run("ASK { ?s a <https://w3id.org/newskg/ontology#Person> }").boolean


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(")")[-1].split()[0] == "Z")
