"""graph.store.endpoint: ``kg serve`` answers the SPARQL 1.1 Protocol, read-only, under the
engine's timeout (started as a user starts it, in a subprocess)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest

from tests.conftest import ROOT, free_port, serving
from tests.store.test_engine import NEVER_ENDING, quads_hash

KG = [sys.executable, "-m", "graph.cli"]


@pytest.fixture(scope="module")
def endpoint(built_data_dir) -> Iterator[str]:
    """``kg serve`` on a free loopback port, with a 2 s query timeout."""
    port = free_port()
    env = {**os.environ, "KG_DATA": str(built_data_dir)}
    command = [*KG, "serve", "--port", str(port), "--timeout", "2"]
    with serving(command, f"http://127.0.0.1:{port}/", "kg serve", cwd=ROOT, env=env):
        yield f"http://127.0.0.1:{port}/sparql"


def ask(
    url: str, query: str, *, method: str = "GET", accept: str = "", content_type: str = ""
) -> tuple[int, str, dict[str, str]]:
    if method == "GET":
        request = Request(f"{url}?query={quote(query)}")
    elif content_type == "application/sparql-query":
        request = Request(url, data=query.encode(), method="POST")
    else:
        request = Request(url, data=urlencode({"query": query}).encode(), method="POST")
    if content_type:
        request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_serve_answers_the_sparql_protocol(endpoint):
    query = (
        "SELECT ?label WHERE { <https://w3id.org/newskg/id/place/russia> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    )
    status, body, headers = ask(endpoint, query)
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["label"]["value"] == "Russia"
    status, body, _ = ask(endpoint, query, method="POST", accept="text/csv")
    assert status == 200 and body.splitlines() == ["label", "Russia"]
    status, body, _ = ask(
        endpoint,
        query,
        method="POST",
        accept="application/sparql-results+xml",
        content_type="application/sparql-query",
    )
    assert status == 200 and '<literal xml:lang="en">Russia</literal>' in body
    status, body, headers = ask(
        endpoint, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2", accept="text/turtle"
    )
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")


def test_serve_is_read_only_and_survives_a_timeout(endpoint, built_data_dir):
    before = quads_hash(built_data_dir)
    status, body, _ = ask(endpoint, "DROP ALL")
    assert status == 400 and "refused" in body
    request = Request(endpoint, data=urlencode({"update": "DROP ALL"}).encode())
    try:
        urlopen(request, timeout=10)
        raise AssertionError("an update was accepted")
    except HTTPError as exc:
        assert exc.code == 403
    status, body, _ = ask(endpoint, NEVER_ENDING)
    assert status == 503 and "stopped" in body
    status, body, _ = ask(endpoint, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert quads_hash(built_data_dir) == before


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "during-a-query"])
def test_serve_stops_at_once_and_cleanly_on_sigterm(built_data_dir, busy):
    """``kill PID`` (SIGTERM, what service managers send) stops ``kg serve`` as Ctrl-C
    does: at once, even while a query runs, with its query process gone and exit 0."""
    import signal
    import subprocess
    import threading
    import time

    import psutil

    port = free_port()
    env = {**os.environ, "KG_DATA": str(built_data_dir)}
    command = [*KG, "serve", "--port", str(port), "--timeout", "60"]
    url = f"http://127.0.0.1:{port}/sparql"
    with serving(command, f"http://127.0.0.1:{port}/", "kg serve", cwd=ROOT, env=env) as server:
        assert ask(url, "ASK {}")[0] == 200  # the query process is started
        workers = psutil.Process(server.pid).children()
        assert workers
        if busy:  # a query that would run for the whole 60 s
            threading.Thread(target=ask, args=(url, NEVER_ENDING), daemon=True).start()
            time.sleep(1)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            code = None
        seconds = time.monotonic() - started
        stderr = server.stderr.read().decode() if server.stderr else ""
    assert code == 0 and seconds < 1.5, (code, seconds, stderr)
    assert "kg serve: stopped" in stderr and "Traceback" not in stderr
    _, alive = psutil.wait_procs(workers, timeout=2)
    assert not alive


def test_a_slow_query_holds_up_one_query_process_not_the_endpoint(built_data_dir):
    import threading
    import time

    from graph import load_settings
    from graph.store.endpoint import EnginePool

    pool = EnginePool(load_settings(built_data_dir), 2)
    try:
        pool.run("ASK {}", 10)
        slow = threading.Thread(target=lambda: _ignore_timeout(pool, NEVER_ENDING, 4), daemon=True)
        slow.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert pool.run("ASK { ?s ?p ?o }", 10).boolean is True
        assert time.monotonic() - started < 2  # not after the slow one's 4 s
        slow.join(10)
    finally:
        pool.close()


def _ignore_timeout(pool, text: str, timeout: float) -> None:
    from graph import QueryTimeout

    with contextlib.suppress(QueryTimeout):
        pool.run(text, timeout)


def test_a_request_that_finds_no_free_process_in_its_timeout_is_refused_at_once(built_data_dir):
    import time

    from graph import load_settings
    from graph.store.endpoint import EndpointBusy, EnginePool

    pool = EnginePool(load_settings(built_data_dir), 1)
    held = pool._free.get()  # the one query process, busy
    started = time.monotonic()
    with pytest.raises(EndpointBusy, match="busy"):
        pool.run("ASK {}", 0.5)
    assert 0.5 <= time.monotonic() - started < 1.5
    pool._free.put(held)
    assert pool.run("ASK {}", 10).boolean is True
    pool.close()


def test_the_wait_for_a_query_process_counts_in_the_timeout(built_data_dir):
    """The timeout is the client's: a query queued behind another gets what is left of
    it, so it is answered (503) when its own timeout is up, not after both queries'."""
    import threading
    import time

    port = free_port()
    env = {**os.environ, "KG_DATA": str(built_data_dir)}
    command = [*KG, "serve", "--port", str(port), "--timeout", "2", "--workers", "1"]
    url = f"http://127.0.0.1:{port}/sparql"
    with serving(command, f"http://127.0.0.1:{port}/", "kg serve", cwd=ROOT, env=env):
        assert ask(url, "ASK {}")[0] == 200
        threading.Thread(target=ask, args=(url, NEVER_ENDING), daemon=True).start()
        time.sleep(0.3)
        started = time.monotonic()
        status, _, _ = ask(url, NEVER_ENDING)
        seconds = time.monotonic() - started
    assert status == 503 and seconds < 3, seconds  # not the 2 s before it plus its own 2 s


def test_a_process_killed_at_the_timeout_is_started_again_before_the_next_request(
    built_data_dir,
):
    import time

    from graph import QueryTimeout, load_settings
    from graph.store.endpoint import EnginePool

    pool = EnginePool(load_settings(built_data_dir), 1)
    try:
        with pytest.raises(QueryTimeout):
            pool.run(NEVER_ENDING, 1)
        (engine,) = pool.engines
        deadline = time.monotonic() + 20
        while engine.worker_pid is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert engine.worker_pid is not None  # started with no request waiting on it
        assert pool.run("ASK {}", 10).boolean is True
    finally:
        pool.close()
