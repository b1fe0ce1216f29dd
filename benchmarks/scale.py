"""Scale benchmark: build a generated corpus and measure each stage beside bare spaCy.

One command measures, on the same generated texts and in the same run:

- bare spaCy (the small English pipeline, ``nlp.pipe``) on one process and on every core:
  the floor of this design, and the yardstick every other figure is divided by;
- ``kg build`` end to end on every core: seconds, words per second, seconds per 1,000
  articles, seconds per stage, and the peak memory of the whole process tree;
- adding one article to the built graph, and removing it, against building that article
  alone into an empty graph (median of three, in a process with the model loaded);
- every saved query on the built graph, on each backend: Oxigraph through the query
  engine, rdflib in memory, and ``oxigraph serve-read-only`` over the SPARQL protocol;
- the Explore view's PyVis page: generation time and size at 200, 2,000 and 20,000 nodes.

    python benchmarks/scale.py            # 1,000 articles of ~1,000 words -> RESULTS.md
    python benchmarks/scale.py --quick    # 40 articles of ~300 words, printed (CI runs it)
    python benchmarks/scale.py --queries-only --data DIR   # saved queries on a built graph

``--queries-only`` times the saved queries alone (median of ``--runs``, Oxigraph through
the engine and the library's plans, as ``kg query`` runs them; ``--remote`` adds
``oxigraph serve-read-only``) on a graph already built, and prints a table: no build.

Figures, not pass/fail: the machine and whatever else it runs show in them, which is why
each is given beside bare spaCy measured a moment before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import CORPORA, HUB_WORDS, generate  # noqa: E402

BARE_SPACY = """
import importlib, json, sys, time
texts = json.load(open(sys.argv[1]))
started = time.perf_counter()
from graph.pipeline.nlp import MODEL_PACKAGES  # the model kg uses, without kg's own components
for name in MODEL_PACKAGES:
    try:
        nlp = importlib.import_module(name).load()
        break
    except ImportError:
        continue
loaded = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])):
    pass
print(json.dumps({"load": loaded - started, "parse": time.perf_counter() - loaded}))
"""

BUILD = """
import json, sys
from dataclasses import asdict
from graph.config import load_settings
from graph.pipeline.corpus import build_corpus
report = build_corpus(load_settings(sys.argv[1], jobs=int(sys.argv[3])), [sys.argv[2]])
print(json.dumps(asdict(report)))
"""

INCREMENTAL = """
import json, shutil, statistics, sys, tempfile, time
from pathlib import Path
from graph.config import load_settings
from graph.pipeline.corpus import build_corpus, remove_documents
from graph.pipeline.nlp import load_pipeline
from graph.reference import settlements
load_pipeline(), settlements()  # warm: the app and a long-running builder have them loaded
data, article = sys.argv[1], sys.argv[2]
def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
alone, add, remove = [], [], []
for _ in range(3):
    empty = tempfile.mkdtemp()
    alone.append(timed(lambda: build_corpus(load_settings(empty, jobs=1), [article])))
    shutil.rmtree(empty)
    settings = load_settings(data, jobs=1)
    add.append(timed(lambda: build_corpus(settings, [article])))
    remove.append(timed(lambda: remove_documents(settings, [Path(article).stem])))
print(json.dumps({"alone": statistics.median(alone), "add": statistics.median(add),
                  "remove": statistics.median(remove)}))
"""


@contextmanager
def peak_memory() -> Iterator[dict[str, int]]:
    """Sample the RSS of this process's children and their children; keep the peak sum."""
    peak = {"bytes": 0}
    done = threading.Event()

    def sample() -> None:
        me = psutil.Process()
        while not done.is_set():
            total = 0
            for child in me.children(recursive=True):
                with suppress(psutil.Error):
                    total += child.memory_info().rss
            peak["bytes"] = max(peak["bytes"], total)
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()


def child(script: str, *args: object) -> dict[str, Any]:
    """Run a Python snippet in a fresh process; its last line of output is JSON."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# rdflib holds the graph in memory and loads about 50,000 quads a second: above this size
# its column is left out (benchmarks/README.md has its figures at 1M triples).
RDFLIB_MAX_QUADS = 1_000_000


def query_latency(
    data: Path,
    quads: int,
    *,
    backends: tuple[str, ...] = ("oxigraph", "remote", "rdflib"),
    runs: int = 3,
    timeout: float = 60,
) -> dict[str, dict[str, float | None]]:
    """Median seconds of each saved query on each backend (None: over the time limit).
    A query runs as ``kg query`` runs it (:func:`graph.run_saved_query`: its in-memory
    plan where it has one); a median, so one slow first run (a cache filled) does not count."""
    from graph.config import load_settings
    from graph.errors import QueryTimeout
    from graph.explore.connections import run_saved_query
    from graph.store.engine import QueryEngine
    from graph.store.library import load_queries
    from graph.store.lifecycle import GraphStore, current_store_path
    from tests.conftest import free_port, serving

    library = load_queries(ROOT / "queries")
    settings = load_settings(data)
    params = _query_params(GraphStore.open(settings))
    port = free_port()
    server = [
        "oxigraph",
        "serve-read-only",
        "--location",
        str(current_store_path(settings)),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    endpoint = f"http://127.0.0.1:{port}/query"
    times: dict[str, dict[str, float | None]] = {}
    served = (
        serving(server, f"{endpoint}?query=ASK%7B%7D", "oxigraph serve")
        if "remote" in backends
        else nullcontext()
    )
    with served:
        chosen_backends = [b for b in backends if b != "rdflib" or quads <= RDFLIB_MAX_QUADS]
        for backend in chosen_backends:
            chosen = load_settings(data, backend=backend, endpoint=endpoint, query_timeout=timeout)
            with QueryEngine(chosen) as engine:
                for name, query in library.items():
                    seconds: list[float] = []
                    for _ in range(1 if backend == "rdflib" else runs):
                        try:
                            started = time.perf_counter()
                            run_saved_query(engine, query, params.get(name, {}))
                            seconds.append(time.perf_counter() - started)
                        except QueryTimeout:
                            break
                    times.setdefault(name, {})[backend] = (
                        statistics.median(seconds) if seconds else None
                    )
                    _log(f"{backend} {name}: {times[name][backend]}")
    return times


def _query_params(store: Any) -> dict[str, dict[str, str]]:
    """The saved queries' parameters, pointed at the corpus's most mentioned entities."""
    rows = store.select(
        "PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?e ?c ?n WHERE { "
        "?e kg:mentionCount ?n ; a ?c . VALUES ?c { kg:Person kg:Country } } "
        "ORDER BY DESC(?n) LIMIT 200"
    )
    top: dict[str, str] = {}
    for row in rows:
        top.setdefault(row["c"].rsplit("#", 1)[1], row["e"])
    person, country = f"<{top['Person']}>", f"<{top['Country']}>"
    return {
        "aliases": {"entity": country},
        "co-occurring-entities": {"entity": person},
        "connection-paths": {"from": person, "to": country},
        "entity-neighbourhood": {"entity": country},
        "events-of-entity": {"entity": country},
        "find-entity": {"name": "kyiv"},
        "mentions-of-entity": {"entity": person},
    }


def queries_only(data: Path, runs: int, timeout: float, remote: bool) -> str:
    """The saved-query table of a built graph: median wall seconds of ``runs`` runs."""
    backends = ("oxigraph", "remote") if remote else ("oxigraph",)
    times = query_latency(data, 0, backends=backends, runs=runs, timeout=timeout)
    over = f"over {timeout:g} s"
    lines = [
        f"Saved queries on {data} (median of {runs}, wall seconds; {time.strftime('%Y-%m-%d')}):",
        "",
        "| query | " + " | ".join(backends) + " |",
        "|---|" + "---|" * len(backends),
    ]
    for name, by in times.items():
        cells = [_ms(by[b]) if by[b] is not None else over for b in backends]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def pyvis_pages(data: Path, sizes: tuple[int, ...]) -> dict[int, tuple[float, int]]:
    """Seconds to generate the Explore page, and its bytes, at each node count."""
    import networkx as nx

    from graph.config import load_settings
    from graph.explore.network import entity_graph
    from graph.explore.viz import render_network
    from graph.store.engine import QueryEngine

    with QueryEngine(load_settings(data)) as engine:
        real = entity_graph(engine)
    out = {}
    for size in sizes:
        g = nx.MultiDiGraph()
        copies = -(-size // max(real.number_of_nodes(), 1))
        for copy in range(copies):  # enough copies of the real graph to have ``size`` nodes
            g.add_nodes_from((f"{n}-{copy}", d) for n, d in real.nodes(data=True))
            g.add_edges_from((f"{u}-{copy}", f"{v}-{copy}", d) for u, v, d in real.edges(data=True))
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            view = render_network(g, max_nodes=size, max_edges=size * 2)
            runs.append(time.perf_counter() - started)
        out[size] = (statistics.median(runs), len(view.html.encode()))
    return out


def run(count: int, words: int, jobs: int, work: Path, kind: str = "zipf") -> dict[str, Any]:
    corpus = work / "corpus"
    corpus.mkdir()
    texts = []
    for name, text in generate(count + 1, words, corpus=kind):
        texts.append(text)
        (corpus / name).write_text(text, encoding="utf-8")
    extra = work / "extra-article.md"
    (corpus / name).rename(extra)  # the last one is the article added incrementally
    texts.pop()
    total_words = sum(len(t.split()) for t in texts)
    (work / "texts.json").write_text(json.dumps(texts))
    log = _log
    log(f"{count} articles, {total_words:,} words")
    bare1 = child(BARE_SPACY, work / "texts.json", 1)
    log(f"bare spaCy, 1 process: {bare1}")
    bare_n = child(BARE_SPACY, work / "texts.json", jobs)
    log(f"bare spaCy, {jobs} processes: {bare_n}")
    data = work / "data"
    with peak_memory() as peak:
        started = time.perf_counter()
        report = child(BUILD, data, corpus, jobs)
        build_seconds = time.perf_counter() - started
    log(
        f"kg build: {build_seconds:.1f} s, peak {peak['bytes'] / 2**20:.0f} MiB, "
        f"stages {report['stages']}"
    )
    incremental = child(INCREMENTAL, data, extra)
    log(f"incremental: {incremental}")
    queries = query_latency(data, report["quads"])
    log("queries done")
    pages = pyvis_pages(data, (200, 2_000, 20_000))
    log(f"pyvis: {pages}")
    return {
        "count": count,
        "corpus": kind,
        "words": total_words,
        "jobs": jobs,
        "bare1": bare1,
        "bare_n": bare_n,
        "build": build_seconds,
        "report": report,
        "peak": peak["bytes"],
        "incremental": incremental,
        "queries": queries,
        "pages": pages,
    }


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "over 60 s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(r: dict[str, Any], command: str) -> str:
    words = r["words"]
    bare1 = r["bare1"]["parse"]
    bare_n = r["bare_n"]["parse"]
    build = r["build"]
    stages = r["report"]["stages"]
    inc = r["incremental"]
    per_1000 = build * 1000 / r["count"]
    lines = [
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}. Date: {dt.date.today().isoformat()}.",
        f"Command: `{command}`",
        "",
        f"Corpus: {r['count']:,} generated articles ({r.get('corpus', 'zipf')}), {words:,} words "
        "(`benchmarks/corpus.py`).",
        "",
        "| measure | figure | beside bare spaCy |",
        "|---|---|---|",
        f"| bare spaCy, 1 process | {bare1:.1f} s, {words / bare1:,.0f} words/s "
        f"(+ {r['bare1']['load']:.1f} s to import and load) | 1.00 |",
        f"| bare spaCy, {r['jobs']} processes | {bare_n:.1f} s, {words / bare_n:,.0f} words/s "
        f"| {bare_n / bare1:.2f} |",
        f"| `kg build`, {r['jobs']} processes, end to end | {build:.1f} s, "
        f"{words / build:,.0f} words/s | {build / bare1:.2f} |",
        f"| … seconds per 1,000 articles | {per_1000:.0f} s | |",
        f"| … extract (spaCy and rules, in workers) | {stages['extract']:.1f} s "
        f"| {stages['extract'] / bare1:.2f} |",
        f"| … resolve across the corpus | {stages['resolve']:.1f} s "
        f"| {stages['resolve'] / bare1:.3f} |",
        f"| … build quads and write the store | {stages['write']:.1f} s "
        f"| {stages['write'] / bare1:.3f} |",
        f"| … quads written | {r['report']['quads']:,} | |",
        f"| peak memory, all processes | {r['peak'] / 2**20:,.0f} MiB | |",
        f"| one article alone into an empty graph | {_ms(inc['alone'])} | |",
        f"| the same article added to the {r['count']:,}-article graph | {_ms(inc['add'])} "
        f"({inc['add'] / inc['alone']:.2f}× alone) | |",
        f"| … and removed again | {_ms(inc['remove'])} | |",
        "",
        "Saved queries on the built graph (median of 3; rdflib: one run):",
        "",
        "| query | Oxigraph | remote (oxigraph serve) | rdflib |",
        "|---|---|---|---|",
    ]
    for name, by in r["queries"].items():
        rdflib = _ms(by["rdflib"]) if "rdflib" in by else "not run (graph over 1M quads)"
        lines.append(f"| {name} | {_ms(by['oxigraph'])} | {_ms(by['remote'])} | {rdflib} |")
    lines += [
        "",
        "PyVis Explore page (median of 3):",
        "",
        "| nodes | generation | HTML |",
        "|---|---|---|",
    ]
    for size, (seconds, size_bytes) in r["pages"].items():
        lines.append(f"| {int(size):,} | {_ms(seconds)} | {size_bytes / 1024:,.0f} KiB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="40 articles of ~300 words; print, do not write RESULTS.md",
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--words", type=int, default=None, help="default 1000 (hub: 530)")
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="zipf",
        help="zipf: names spread over a pool; hub: the seed reshuffled, the same hubs everywhere",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the saved queries on the graph built in --data; no build; print a table",
    )
    parser.add_argument("--data", type=Path, help="a built data directory (--queries-only)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (--queries-only)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds (--queries-only)")
    parser.add_argument(
        "--remote", action="store_true", help="also over oxigraph serve (--queries-only)"
    )
    args = parser.parse_args(argv)
    if args.queries_only:
        if args.data is None:
            parser.error("--queries-only needs --data DIR, a built data directory")
        print(queries_only(args.data, args.runs, args.timeout, args.remote))
        return
    if args.words is None:
        args.words = HUB_WORDS if args.corpus == "hub" else 1000
    if args.quick:
        args.count, args.words = 40, 300
    command = "python benchmarks/scale.py" + (" --quick" if args.quick else "")
    if args.corpus != "zipf":
        command += f" --corpus {args.corpus}"
    work = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    try:
        text = report(run(args.count, args.words, args.jobs, work, args.corpus), command)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(text)
    if not args.quick:
        _write_results(args.output, text, args.corpus)


SECTION = {
    "zipf": "## Build and saved queries: Zipf corpus",
    "hub": "## Build and saved queries: hub-heavy corpus",
}


def _write_results(path: Path, text: str, corpus: str = "zipf") -> None:
    """Replace this corpus's section of RESULTS.md, keeping every other section."""
    head = (
        "# Benchmark results\n\nWritten by `benchmarks/scale.py` (see its docstring for "
        "what each figure measures) and the other scripts named in each section.\n\n"
    )
    sections = _sections(path.read_text(encoding="utf-8") if path.exists() else "")
    sections[SECTION[corpus]] = text
    body = "\n".join(f"{title}\n\n{content.strip()}\n" for title, content in sections.items())
    path.write_text(head + body, encoding="utf-8")


def _sections(text: str) -> dict[str, str]:
    """The ``## `` sections of a results file, by heading, in order."""
    sections: dict[str, str] = {}
    title = None
    for line in text.splitlines(keepends=True):
        if line.startswith("## "):
            title = line.rstrip("\n")
            sections[title] = ""
        elif title is not None:
            sections[title] += line
    return sections


if __name__ == "__main__":
    main()
