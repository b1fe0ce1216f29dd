"""Connections: the saved query ``connection-paths`` answered from an in-memory adjacency.

Takes the query engine and two entities and gives the rows ``queries/connection-paths.rq``
gives (``hops``, ``path``, then ``subjectN relationN objectN evidenceN`` per hop), shortest
first, without asking SPARQL to enumerate every chain of three steps: between two hubs of a
large graph there are millions and the query runs out of time. The asserted relations (every
reified statement with ``rdf:subject``, ``rdf:predicate`` and an IRI ``rdf:object``, as the
query walks them) are read once per store version through the engine into an undirected
networkx graph, one source kept per relation (and saved beside the stores, so that the
next process, a ``kg query`` from the shell, does not read them again); paths are then
networkx's k shortest simple paths, and the labels and evidence sentences are read for the
rows given only.

The saved query stays the answer for remote endpoints and for edited query text: it gives
every path, which is right on a small graph and runs out of time between hubs (see its
header). This plan gives the first :data:`PATHS_LIMIT` rows and says the result is cut.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise, product
from pathlib import Path

import networkx as nx
from pyoxigraph import Literal, NamedNode

from graph.explore.network import sentence_texts
from graph.explore.sparql import select
from graph.store.base import QueryResult, Term
from graph.store.engine import QueryEngine, bindings_for
from graph.store.library import SavedQuery, load_query, written_as_iri
from graph.store.lifecycle import current_store_path, write_atomic

QUERY_NAME = "connection-paths"
MAX_HOPS = 3  # the columns the saved query has
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PATHS_LIMIT = 100  # rows; a hub pair has thousands of three-step paths, none more telling


@dataclass(frozen=True)
class Step:
    """One asserted relation: ``subject relation object``, and one source it was read from
    (a sentence or a mention; ``""`` if none)."""

    subject: str
    relation: str
    object: str
    source: str = ""


@dataclass
class Adjacency:
    """The entities as an undirected graph whose edges hold the steps between two ends."""

    graph: nx.Graph = field(default_factory=nx.Graph)

    def steps(self, a: str, b: str) -> list[Step]:
        found: list[Step] = self.graph.edges[a, b]["steps"]
        return found


def read_steps(engine: QueryEngine) -> list[Step]:
    """Every asserted relation between two IRIs, in one query."""
    return [
        Step(row["subject"], row["relation"], row["object"], row.get("sample", ""))
        for row in select(engine, "path-steps")
    ]


def adjacency_of(steps: Iterable[Step]) -> Adjacency:
    """The undirected graph of the steps, parallel ones on one edge in a fixed order."""
    adjacency = Adjacency()
    g = adjacency.graph
    for step in steps:
        if step.subject == step.object:
            continue  # a path never comes back to where it was
        if g.has_edge(step.subject, step.object):
            g.edges[step.subject, step.object]["steps"].append(step)
        else:
            g.add_edge(step.subject, step.object, steps=[step])
    for _, _, data in g.edges(data=True):
        data["steps"].sort(key=lambda s: (s.subject, s.relation, s.object))
    return adjacency


def read_adjacency(engine: QueryEngine) -> Adjacency:
    return adjacency_of(read_steps(engine))


_cache: dict[str, tuple[Path, Adjacency]] = {}
_cache_lock = threading.Lock()
CACHE_FOLDER = "cache"  # in the data folder, beside the stores


def _cache_file(data_dir: Path, version: Path) -> Path:
    return data_dir / CACHE_FOLDER / f"path-steps-{version.name}.json"


def _load_steps(path: Path) -> list[Step] | None:
    """The steps a process saved for this store version; None if absent or unreadable
    (then they are read from the store again)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [Step(*map(str, row)) for row in rows if len(row) == 4]
    except (OSError, ValueError, TypeError):
        return None


def _save_steps(path: Path, steps: list[Step]) -> None:
    """Keep the steps for the next process (``kg query`` starts anew each time); files of
    other store versions go. A data folder the reader cannot write is left as it is."""
    rows = [[s.subject, s.relation, s.object, s.source] for s in steps]
    with contextlib.suppress(OSError):
        for old in path.parent.glob("path-steps-*.json"):
            if old != path:
                old.unlink()
        write_atomic(path, json.dumps(rows).encode())


def entity_adjacency(engine: QueryEngine) -> Adjacency:
    """The adjacency of the store the engine reads now, read once per store version (a
    build switches the store's folder, and the next call reads the new one): from this
    process's memory, else from the file an earlier process saved, else from the store."""
    settings = engine.settings
    version = current_store_path(settings)
    key = str(settings.data_dir)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and version is not None and cached[0] == version:
            return cached[1]
        if version is None:
            return read_adjacency(engine)
        file = _cache_file(Path(settings.data_dir), version)
        steps = _load_steps(file)
        if steps is None:
            steps = read_steps(engine)
            _save_steps(file, steps)
        adjacency = adjacency_of(steps)
        _cache[key] = (version, adjacency)
        return adjacency


def _node_paths(g: nx.Graph, a: str, b: str, max_hops: int) -> Iterator[list[str]]:
    if a == b or a not in g or b not in g:
        return
    try:
        for path in nx.shortest_simple_paths(g, a, b):
            if len(path) - 1 > max_hops:
                return
            yield path
    except nx.NetworkXNoPath:
        return


def find_connections(
    adjacency: Adjacency, a: str, b: str, max_hops: int = MAX_HOPS, limit: int = PATHS_LIMIT
) -> tuple[list[list[Step]], bool]:
    """Up to ``limit`` chains of steps from ``a`` to ``b`` of at most ``max_hops`` steps,
    shortest first, and whether there are more. Each path of entities gives one chain per
    choice of relation at each step (two entities may be related in several ways)."""
    chains: list[list[Step]] = []
    for path in _node_paths(adjacency.graph, a, b, max_hops):
        options = [adjacency.steps(x, y) for x, y in pairwise(path)]
        for chain in product(*options):
            if len(chains) == limit:
                return chains, True
            chains.append(list(chain))
    return chains, False


def _path_text(chain: list[Step], start: str, labels: Mapping[str, str]) -> str:
    text, at = labels.get(start, ""), start
    for step in chain:
        name = labels.get(step.relation, "")
        if step.subject == at:
            text += f" -{name}-> "
            at = step.object
        else:
            text += f" <-{name}- "
            at = step.subject
        text += labels.get(at, "")
    return text


def _labels(engine: QueryEngine, iris: set[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in select(engine, "labels", {"node": sorted(iris)}):
        # The smallest label, as the query's GROUP BY keeps each label apart.
        if row["node"] not in labels or row["label"] < labels[row["node"]]:
            labels[row["node"]] = row["label"]
    return labels


COLUMNS = (
    "hops",
    "path",
    *(
        f"{name}{hop}"
        for hop in range(1, MAX_HOPS + 1)
        for name in ("subject", "relation", "object", "evidence")
    ),
)


def connection_paths(
    engine: QueryEngine, a: str, b: str, max_hops: int = MAX_HOPS, limit: int = PATHS_LIMIT
) -> QueryResult:
    """The rows ``connection-paths`` gives from ``a`` to ``b`` (first ``limit``), ordered
    by hops and then path text, each step with one sentence that states it."""
    started = time.perf_counter()
    max_hops = max(1, min(max_hops, MAX_HOPS))
    chains, more = find_connections(entity_adjacency(engine), a, b, max_hops, limit)
    iris = {a, b} | {
        x for chain in chains for s in chain for x in (s.subject, s.relation, s.object)
    }
    labels = _labels(engine, iris) if chains else {}
    if a not in labels or b not in labels:  # the query needs both ends named
        chains, more = [], False
    texts = sentence_texts(engine, {s.source for chain in chains for s in chain if s.source})
    rows = []
    for chain in chains:
        row: list[Term | None] = [
            Literal(str(len(chain)), datatype=XSD_INTEGER),
            Literal(_path_text(chain, a, labels)),
        ]
        for step in chain:
            evidence = texts.get(step.source)
            row += [
                NamedNode(step.subject),
                NamedNode(step.relation),
                NamedNode(step.object),
                Literal(evidence) if evidence else None,
            ]
        row += [None] * (len(COLUMNS) - len(row))
        rows.append(tuple(row))
    rows.sort(key=lambda r: (int(_value(r[0])), _value(r[1])))
    return QueryResult(
        "select",
        COLUMNS,
        tuple(rows),
        truncated=more,
        seconds=time.perf_counter() - started,
        backend=f"{engine.settings.backend} + networkx",
    )


def _value(term: Term | None) -> str:
    return term.value if isinstance(term, Literal | NamedNode) else ""


def answers_in_memory(engine: QueryEngine, query: SavedQuery) -> bool:
    """Whether :func:`connection_paths` answers this query: the library's own
    ``connection-paths`` unedited, on an embedded store."""
    if query.name != QUERY_NAME or engine.settings.backend == "remote":
        return False
    path = Path(engine.settings.queries_dir) / f"{QUERY_NAME}.rq"
    return path.is_file() and load_query(path).text == query.text


def run_saved_query(
    engine: QueryEngine,
    query: SavedQuery,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a saved query, through its in-memory plan where it has one (see
    :func:`answers_in_memory`), else through the engine as it is."""
    if not answers_in_memory(engine, query):
        return engine.run(query, params, timeout=timeout, max_rows=max_rows)
    values = dict(params or {})
    for parameter in query.parameters:
        value = values.get(parameter.name)
        if parameter.kind == "iri" and value is not None and not written_as_iri(value):
            values[parameter.name] = engine.resolve_name(value, parameter=parameter.name)
    bound = bindings_for(query, values)
    term = {p.name: _value(bound.get(p.variable)) for p in query.parameters}
    limit = min(PATHS_LIMIT, max_rows or engine.settings.max_rows)
    hops = int(term.get("max_hops") or MAX_HOPS)
    return connection_paths(engine, term["from"], term["to"], hops, limit)
