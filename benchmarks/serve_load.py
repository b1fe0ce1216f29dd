"""Load on ``kg serve``: concurrent clients sending the saved queries for a fixed time.

Starts ``kg serve`` on 127.0.0.1 (a free port) over a built graph, then runs ``--clients``
threads, each sending the saved queries in turn, with their parameters set to the graph's
biggest hubs (bound into the text as ``kg query`` binds them, the way a SPARQL client
sends a query), as ``application/sparql-query`` POSTs, until ``--seconds`` have passed.
Every loop is bounded in time and in count, and only the loopback address is ever sent to.
Reports the requests, throughput, errors by kind, requests that took longer than the
server's query timeout, and p50/p99 latency, overall and per query.

    python benchmarks/serve_load.py --data /tmp/kg             # 32 clients x 60 s
    python benchmarks/serve_load.py --quick                    # seed graph, 4 clients x 5 s

``--server oxigraph`` sends the same load to ``oxigraph serve-read-only`` on the same store
instead, for comparison (no timeout, no row cap, no query check: not a way to serve).
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_REQUESTS_PER_CLIENT = 100_000  # a bound besides the time
LATE = 1.0  # seconds past the timeout that count a request as left waiting


@dataclass
class Tally:
    """What the clients saw: latency per query, errors by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if error:
                self.errors[f"{name}: {error}"] += 1


def bound_queries(data: Path) -> dict[str, str]:
    """Each saved query's text with its parameters bound to the graph's biggest hubs."""
    from benchmarks.scale import _query_params
    from graph.config import load_settings
    from graph.store.engine import bind_values, bindings_for
    from graph.store.library import load_queries
    from graph.store.lifecycle import GraphStore

    params = _query_params(GraphStore.open(load_settings(data)))
    texts = {}
    for name, query in load_queries(ROOT / "queries").items():
        bound = bind_values(query.text, bindings_for(query, params.get(name, {})))
        texts[name] = _plain_variables(bound)
    return texts


def _plain_variables(text: str) -> str:
    """The query with its parameter variables (``?_name_iri``) renamed to plain ones, their
    values kept in the VALUES blocks, and without the ``#+`` header: what a SPARQL client
    sends (the endpoint reads a ``?_`` variable as a parameter it was not given)."""
    from graph.store.sparql import tokenize

    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#+"))
    out, last = [], 0
    for token in tokenize(text):
        if token.text.startswith(("?_", "$_")):
            out += [text[last : token.start], "?param", token.text[1:]]
            last = token.start + len(token.text)
    return "".join(out) + text[last:]


def client(
    number: int, url: str, queries: dict[str, str], deadline: float, timeout: float, tally: Tally
) -> None:
    names = sorted(queries)
    for count in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        name = names[(number + count) % len(names)]
        request = urllib.request.Request(
            url,
            data=queries[name].encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        started = time.perf_counter()
        error = ""
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except (OSError, urllib.error.URLError) as exc:
            error = type(getattr(exc, "reason", exc)).__name__
        tally.add(name, time.perf_counter() - started, error)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_load(
    data: Path, server: str, clients: int, seconds: float, timeout: float
) -> tuple[Tally, float]:
    from graph.config import load_settings
    from graph.store.lifecycle import current_store_path
    from tests.conftest import free_port, serving

    queries = bound_queries(data)
    port = free_port()
    if server == "kg":
        command = [
            sys.executable, "-m", "graph.cli", "--data", str(data), "serve",
            "--host", "127.0.0.1", "--port", str(port), "--timeout", f"{timeout:g}",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}/sparql"
    else:
        store = current_store_path(load_settings(data))
        command = [
            "oxigraph", "serve-read-only", "--location", str(store),
            "--bind", f"127.0.0.1:{port}", "--union-default-graph",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}/query"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    tally = Tally()
    with serving(
        command,
        f"{url}?query=ASK%7B%7D",
        server,
        env=env,
        stderr=subprocess.DEVNULL,
    ):
        started = time.monotonic()
        deadline = started + seconds
        # A client waits for its answer up to twice the server's timeout (a query queued
        # behind others plus its own run), then counts it as a client timeout.
        threads = [
            threading.Thread(
                target=client,
                args=(n, url, queries, deadline, 2 * timeout + 5, tally),
                daemon=True,
            )
            for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 2 * timeout + 30)
        elapsed = time.monotonic() - started
    return tally, elapsed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(tally: Tally, elapsed: float, args: argparse.Namespace, command: str) -> str:
    every = [s for values in tally.latencies.values() for s in values]
    total = len(every)
    errors = sum(tally.errors.values())
    # Answered at the timeout is the rule working; a second past it is a request left waiting.
    late = sum(1 for s in every if s > args.timeout + LATE)
    lines = [
        f"Machine: {os.cpu_count()} cores, CPython {platform.python_version()}, "
        f"{platform.machine()}, shared with other jobs. Date: {dt.date.today().isoformat()}.",
        f"Command: `{command}`. Server: {args.server}, query timeout {args.timeout:g} s.",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| clients × seconds | {args.clients} × {args.seconds:g} s ({elapsed:.0f} s "
        "until the last answer) |",
        f"| requests answered or failed | {total:,} |",
        f"| throughput | {total / elapsed:.1f} requests/s |",
        f"| errors | {errors:,} ({errors / max(total, 1):.0%}) |",
        f"| requests answered over {LATE:g} s after the {args.timeout:g} s timeout "
        f"(client's clock) | {late:,} |",
        f"| latency p50 / p99 / max | {_ms(percentile(every, 0.5)) if every else '-'} / "
        f"{_ms(percentile(every, 0.99)) if every else '-'} / {_ms(max(every, default=0))} |",
        "",
        "| query | requests | errors | p50 | p99 |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(tally.latencies):
        values = tally.latencies[name]
        failed = sum(n for key, n in tally.errors.items() if key.startswith(f"{name}: "))
        lines.append(
            f"| {name} | {len(values)} | {failed} | {_ms(statistics.median(values))} "
            f"| {_ms(percentile(values, 0.99))} |"
        )
    if tally.errors:
        lines += ["", "Errors: " + ", ".join(f"{k} × {n}" for k, n in tally.errors.most_common())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a built data folder (default with --quick: "
                        "the seeds, built into a temporary folder)")  # fmt: skip
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's query timeout")
    parser.add_argument("--server", choices=("kg", "oxigraph"), default="kg")
    parser.add_argument("--quick", action="store_true", help="4 clients x 5 s")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.seconds = 4, 5.0
    if args.data is None and not args.quick:
        parser.error("give --data (a built graph), or --quick")
    command = "python benchmarks/serve_load.py " + " ".join(argv or sys.argv[1:])
    work = None
    data = args.data
    if data is None:
        from graph.config import load_settings
        from graph.pipeline.corpus import build_corpus

        work = Path(tempfile.mkdtemp(prefix="kg-serve-load-"))
        data = work / "data"
        build_corpus(load_settings(data), [ROOT / "seeds"])
    try:
        tally, elapsed = run_load(data, args.server, args.clients, args.seconds, args.timeout)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    print(report(tally, elapsed, args, command))


if __name__ == "__main__":
    main()
