"""Paths between hubs: connection-paths and the Path finder between a graph's two biggest hubs.

Takes a built data folder and times, between its two most mentioned entities:

- the saved query ``connection-paths`` as SPARQL through the query engine (what a remote
  endpoint and ``kg serve`` run; cut at ``--timeout``);
- the same query as ``kg query`` and the workbench run it on the embedded store: the
  relations read into networkx once per store version (cold: the first call after a
  build), then k shortest simple paths (warm: median of ``--runs``);
- the Path finder page's search on the entity network it has loaded (``shortest_paths``
  and ``path_hops``), with and without co-mentions.

    python benchmarks/paths.py --data /tmp/hub-data            # a markdown section
    python benchmarks/paths.py --data /tmp/kg --quick           # one run, short timeout

Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HUBS = (
    "PREFIX kg: <https://w3id.org/newskg/ontology#> "
    "SELECT ?e WHERE { ?e kg:mentionCount ?n } ORDER BY DESC(?n) LIMIT 2"
)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def measure(data: Path, runs: int, timeout: float) -> dict[str, Any]:
    from graph.config import load_settings
    from graph.errors import QueryTimeout
    from graph.explore import connections
    from graph.explore.network import entity_graph, shortest_paths
    from graph.explore.paths import path_hops
    from graph.store.engine import QueryEngine
    from graph.store.library import load_queries

    saved = load_queries(ROOT / "queries")["connection-paths"]
    settings = load_settings(data, query_timeout=timeout)
    out: dict[str, Any] = {}
    with QueryEngine(settings) as engine:
        a, b = (row["e"] for row in engine.run(HUBS).records())
        out["hubs"] = (a, b)
        params = {"from": f"<{a}>", "to": f"<{b}>"}
        engine.run("ASK {}")  # the worker process started, as in a running app
        try:
            seconds, result = timed(lambda: engine.run(saved, params))
            out["sparql"] = (seconds, len(result))
        except QueryTimeout:
            out["sparql"] = (None, 0)
        engine.run("ASK {}")  # a query cut off kills the worker: start it again, untimed
        for old in (data / connections.CACHE_FOLDER).glob("path-steps-*.json"):
            old.unlink()  # as after a build
        seconds, result = timed(lambda: connections.run_saved_query(engine, saved, params))
        out["cold"] = (seconds, len(result), result.truncated)
        connections._cache.clear()  # as in the next process: the relations from their file
        out["saved"] = timed(lambda: connections.run_saved_query(engine, saved, params))[0]
        warm = [
            timed(lambda: connections.run_saved_query(engine, saved, params)) for _ in range(runs)
        ]
        out["warm"] = (statistics.median(s for s, _ in warm), len(warm[0][1]))
        out["first"] = warm[0][1].records()[0]["path"] if len(warm[0][1]) else ""
        seconds, g = timed(lambda: entity_graph(engine))
        out["network"] = (seconds, g.number_of_nodes(), g.number_of_edges())
        for relations_only in (False, True):
            finder = [
                timed(
                    lambda only=relations_only: [
                        path_hops(g, path, engine)
                        for path in shortest_paths(g, a, b, 3, relations_only=only)
                    ]
                )
                for _ in range(runs)
            ]
            out[f"finder-{relations_only}"] = statistics.median(s for s, _ in finder)
    return out


def _ms(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f"over {timeout:g} s (stopped)"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(r: dict[str, Any], data: Path, timeout: float, command: str) -> str:
    a, b = (iri.rsplit("/", 1)[1] for iri in r["hubs"])
    sparql, rows = r["sparql"]
    return "\n".join(
        [
            f"Machine: {os.cpu_count()} cores, CPython {platform.python_version()}, "
            f"{platform.machine()}, shared with other jobs. Date: {dt.date.today().isoformat()}.",
            f"Command: `{command}` (graph in `{data}`). Hubs: {a} and {b}.",
            "",
            "| measure | figure |",
            "|---|---|",
            f"| connection-paths as SPARQL (remote endpoint, `kg serve`) | "
            f"{_ms(sparql, timeout)}{f', {rows:,} rows' if sparql is not None else ''} |",
            f"| connection-paths in memory, first call after a build (reads the relations) | "
            f"{_ms(r['cold'][0], timeout)}, {r['cold'][1]} rows"
            f"{' (first 100, cut)' if r['cold'][2] else ''} |",
            f"| … first call of a later process (relations from the saved file) | "
            f"{_ms(r['saved'], timeout)} |",
            f"| connection-paths in memory, warm (median of runs) | "
            f"{_ms(r['warm'][0], timeout)}, {r['warm'][1]} rows |",
            f"| first row | {r['first']} |",
            f"| Path finder: entity network loaded once per version | "
            f"{_ms(r['network'][0], timeout)} ({r['network'][1]:,} nodes, "
            f"{r['network'][2]:,} edges) |",
            f"| Path finder: 3 shortest paths with evidence, co-mentions too | "
            f"{_ms(r['finder-False'], timeout)} |",
            f"| Path finder: 3 shortest paths with evidence, typed relations only | "
            f"{_ms(r['finder-True'], timeout)} |",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a built data folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="for the SPARQL query")
    parser.add_argument("--quick", action="store_true", help="one run, a 10 s timeout")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.timeout = 1, 10.0
    command = "python benchmarks/paths.py " + " ".join(argv or sys.argv[1:])
    print(report(measure(args.data, args.runs, args.timeout), args.data, args.timeout, command))


if __name__ == "__main__":
    main()
