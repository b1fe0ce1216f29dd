"""Benchmark the embedded backends: loading, every saved query and Turtle export.

Graphs of 10k, 100k and 1M triples are made from the seed graph: its document graph is
copied once per synthetic document (document IRIs renamed), and its entities are split into
variants shared by about ten documents each, so that hubs, aliases, mentions, events and
claims keep the seed's proportions. Each saved query runs with the parameters the tests use
(entities of variant 0), on Oxigraph through the query engine (its worker process, so the
time is the engine's alone) and on rdflib in a forked child of the process that holds the
graph. A query over the time limit is stopped and reported as such.

    python benchmarks/query_backends.py                      # prints a Markdown table
    python benchmarks/query_backends.py --sizes 10000 --timeout 30

Figures, not pass/fail: the machine, and whatever else it runs, shows in them.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import select
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import load_settings  # noqa: E402
from graph.errors import QueryTimeout  # noqa: E402
from graph.store.base import BoundQuery  # noqa: E402
from graph.store.engine import QueryEngine, bind_values, bindings_for  # noqa: E402
from graph.store.library import load_queries  # noqa: E402
from graph.store.lifecycle import GraphStore  # noqa: E402
from graph.store.memory import MemoryBackend  # noqa: E402
from graph.vocab import ENTITY_GRAPH, ONTOLOGY_GRAPH  # noqa: E402
from tests.store.test_engine import SEED_PARAMS  # noqa: E402

ENTITY = re.compile(
    r"(https://w3id\.org/newskg/id/(?:person|place|organization|unit)/"
    r"[^/#]+)"
)
LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
}


def seed_graph(data: Path | None) -> list[Quad]:
    """The quads of a built seed graph (built here when no data directory is given)."""
    if data is None:
        from graph.pipeline.corpus import build_corpus

        data = Path(tempfile.mkdtemp(prefix="kg-bench-seed-"))
        build_corpus(load_settings(data), [ROOT / "seeds"])
    return list(GraphStore.open(load_settings(data)).quads())


def synthetic(seed: list[Quad], size: int) -> list[Quad]:
    """About ``size`` quads shaped like ``seed`` (one document there, many here)."""
    special = {NamedNode(str(ONTOLOGY_GRAPH)), NamedNode(str(ENTITY_GRAPH))}
    ontology = [q for q in seed if q.graph_name == NamedNode(str(ONTOLOGY_GRAPH))]
    entities = [q for q in seed if q.graph_name == NamedNode(str(ENTITY_GRAPH))]
    documents = [q for q in seed if q.graph_name not in special]
    doc_id = re.search(r"/document/([^/#]+)", documents[0].graph_name.value).group(1)  # type: ignore[union-attr]
    copies = max(1, math.ceil((size - len(ontology)) / (len(documents) + len(entities) / 10)))
    variants = max(1, copies // 10)

    def rename(term, doc: int, variant: int):  # type: ignore[no-untyped-def]
        if isinstance(term, NamedNode):
            iri = ENTITY.sub(lambda m: f"{m.group(1)}-{variant}", term.value)
            return NamedNode(iri.replace(doc_id, f"bench-{doc:06d}"))
        return term

    out = list(ontology)
    for variant in range(variants):
        for q in entities:
            obj = q.object
            if q.predicate.value in LABELS and isinstance(obj, Literal):
                obj = Literal(f"{obj.value} {variant}", language=obj.language)
            out.append(
                Quad(
                    rename(q.subject, variant, variant),
                    q.predicate,
                    rename(obj, variant, variant),
                    q.graph_name,
                )
            )
    for doc in range(copies):
        variant = doc % variants
        out.extend(
            Quad(
                rename(q.subject, doc, variant),
                q.predicate,
                rename(q.object, doc, variant),
                rename(q.graph_name, doc, variant),
            )
            for q in documents
        )
        if len(out) >= size:
            break
    return out[:size] if len(out) > size else out


def variant_params(name: str) -> dict[str, str]:
    """The tests' parameters, pointed at entity variant 0."""
    return {
        key: (f"{value}-0" if value.startswith("id:") else value)
        for key, value in SEED_PARAMS.get(name, {}).items()
    }


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def in_child(action: Callable[[], object], timeout: float) -> float | None:
    """Seconds ``action`` takes in a forked child, or None when it overruns and is killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: share the parent's graph copy-on-write
        os.close(read)
        seconds = timed(action)
        os.write(write, repr(seconds).encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], timeout)
    answer = os.read(read, 64) if ready else b""
    os.close(read)
    if not answer:
        os.kill(pid, 9)
    os.waitpid(pid, 0)
    return float(answer) if answer else None


def run(
    sizes: list[int], timeout: float, data: Path | None
) -> dict[tuple[str, int, str], float | None]:
    seed = seed_graph(data)
    library = load_queries(ROOT / "queries")
    times: dict[tuple[str, int, str], float | None] = {}
    for size in sizes:
        quads = synthetic(seed, size)
        print(f"{size:>9,} quads: {len(quads):,}", file=sys.stderr)
        folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
        settings = load_settings(folder)
        store_path = settings.store_dir / "bench"
        settings.store_dir.mkdir(parents=True)

        def load_oxigraph(path: Path = store_path, quads: list[Quad] = quads) -> None:
            store = Store(str(path))
            store.bulk_extend(quads)
            store.flush()

        times[("load", size, "oxigraph")] = timed(load_oxigraph)
        settings.current_file.write_text("bench\n")
        with QueryEngine(settings) as engine:
            for name, query in library.items():
                runs = []
                for _ in range(3):
                    try:
                        runs.append(
                            engine.run(
                                query, variant_params(name), timeout=timeout, max_rows=10_000
                            ).seconds
                        )
                    except QueryTimeout:
                        runs = []
                        break
                times[(name, size, "oxigraph")] = statistics.median(runs) if runs else None
        graph = GraphStore.open(settings)
        times[("export", size, "oxigraph")] = timed(
            lambda graph=graph: graph.export("turtle", io.BytesIO())
        )

        started = time.perf_counter()
        memory = MemoryBackend(quads)
        times[("load", size, "rdflib")] = time.perf_counter() - started
        for name, query in library.items():
            bindings = bindings_for(query, variant_params(name))
            bound = BoundQuery(
                query.text, "select", tuple(bindings.items()), bind_values(query.text, bindings)
            )
            times[(name, size, "rdflib")] = in_child(
                lambda bound=bound, backend=memory: backend.run(bound, 10_000), timeout
            )
        times[("export", size, "rdflib")] = in_child(
            lambda dataset=memory.dataset: dataset.serialize(format="turtle"), max(timeout, 600)
        )
        del memory
        shutil.rmtree(folder, ignore_errors=True)
    return times


def table(times: dict[tuple[str, int, str], float | None], sizes: list[int], timeout: float) -> str:
    names = list(dict.fromkeys(name for name, _, _ in times))
    head = "| | " + " | ".join(f"{s:,} Oxigraph | {s:,} rdflib" for s in sizes)
    head += f" | rdflib / Oxigraph at {sizes[-1]:,} |"
    lines = [head, "|---" * (2 * len(sizes) + 2) + "|"]

    def cell(value: float | None) -> str:
        if value is None:
            return f"> {timeout:g} s"
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"

    for name in names:
        cells = [cell(times[(name, s, b)]) for s in sizes for b in ("oxigraph", "rdflib")]
        fast, slow = times[(name, sizes[-1], "oxigraph")], times[(name, sizes[-1], "rdflib")]
        ratio = (
            "—"
            if fast is None
            else (f"> {timeout / fast:,.0f}×" if slow is None else f"{slow / fast:,.0f}×")
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a query is stopped (default 60)"
    )
    parser.add_argument("--data", type=Path, help="a built seed data directory to start from")
    args = parser.parse_args()
    times = run(args.sizes, args.timeout, args.data)
    print(table(times, args.sizes, args.timeout))


if __name__ == "__main__":
    main()
