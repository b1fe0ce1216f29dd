"""The ``kg`` command line: a thin wrapper over the public API.

Every failure a user can cause prints one line, ``kg: error: ...``, and exits non-zero;
a traceback is shown only with ``KG_DEBUG=1``. The build and validation stages are imported
only by the commands that need them, so ``kg query`` starts without loading spaCy.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph import (
    BACKENDS,
    DEFAULT_SEEDS_DIR,
    EXPORT_FORMATS,
    RESULT_FORMATS,
    GraphStore,
    InputError,
    KGError,
    QueryEngine,
    Settings,
    debug_enabled,
    events_csv,
    find_query,
    format_result,
    human_header,
    load_queries,
    load_settings,
    publish,
    read_query,
    write_atomic,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and explore a knowledge graph of news articles."
    )
    parser.add_argument("--data", metavar="DIR", help="data directory (default: $KG_DATA or ./.kg)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="add articles (.txt/.md files or folders) to the graph")
    build.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"files or folders of articles (default: {DEFAULT_SEEDS_DIR}/)",
    )
    build.add_argument(
        "--rebuild",
        action="store_true",
        help="re-extract every document and rewrite the store (also recovers a corrupt store)",
    )
    build.add_argument(
        "--jobs",
        "-j",
        metavar="N",
        help="extract on N local processes (default: $KG_JOBS or every core)",
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on the Dask cluster at ADDRESS, e.g. tcp://host:8786 "
        "(default: $KG_SCHEDULER)",
    )

    remove = sub.add_parser("remove", help="take documents (ids or files) out of the graph")
    remove.add_argument(
        "documents",
        nargs="+",
        metavar="DOC",
        help="a document's id or its file; the id is the file name without the extension, "
        "in lower case with a hyphen for each run of other characters: 000_ab.txt is 000-ab",
    )

    export = sub.add_parser("export", help="write the graph as RDF")
    export.add_argument(
        "--format",
        "-f",
        default="turtle",
        choices=["turtle", "nt", "nquads", "trig", "jsonld", "events-csv"],
        help="RDF format, or events-csv: one row per event (date, PLOVER, "
        "actor, target, place, evidence)",
    )
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="output file ('-' or omitted: standard output)",
    )

    sub.add_parser("stats", help="counts of documents, entities and triples")
    sub.add_parser("validate", help="check the graph against the SHACL shapes")

    queries = sub.add_parser("queries", help="list the saved SPARQL queries")
    queries.add_argument(
        "name", nargs="?", metavar="NAME", help="show one query: description, parameters and SPARQL"
    )

    query = sub.add_parser(
        "query",
        help="run a saved query (by name or .rq file) or --sparql TEXT",
        description="Run a saved query or an ad-hoc one, read-only, under a timeout and a "
        "row cap. Parameters are bound as typed RDF values, never pasted in.",
    )
    query.add_argument(
        "name",
        nargs="?",
        metavar="NAME|FILE.rq",
        help="a saved query (see: kg queries) or a .rq file",
    )
    query.add_argument(
        "--sparql", metavar="TEXT", help="an ad-hoc SPARQL query ('-' reads it from standard input)"
    )
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable). An IRI parameter takes the IRI "
        "(entity=id:place/ukraine), an entity's name or alias (entity='Volodymyr Zelensky') "
        "or a class's plain name (type=person)",
    )
    query.add_argument(
        "--format",
        "-f",
        default="table",
        choices=RESULT_FORMATS,
        help="table (aligned, columns headed in words, long values shortened) or "
        "complete csv, tsv or json (SPARQL results formats)",
    )
    _limits(query)

    serve = sub.add_parser(
        "serve",
        help="run a local read-only SPARQL endpoint over the graph",
        description="Serve the graph over the SPARQL 1.1 Protocol at /sparql, read-only, "
        "with the same timeout, row cap and refusals as kg query.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    serve.add_argument(
        "--cors",
        action="store_true",
        help="let web pages from other origins query it (YASGUI in a browser)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="query processes, each running one query at a time (default: one per core)",
    )
    _limits(serve)

    sub.add_parser(
        "publish",
        help="load the built graph into the remote SPARQL endpoint "
        "(KG_ENDPOINT with KG_STORE_ENDPOINT or KG_UPDATE_ENDPOINT)",
    )
    return parser


def _limits(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--backend", choices=BACKENDS, help="where queries run (default: $KG_BACKEND or oxigraph)"
    )
    command.add_argument(
        "--timeout",
        metavar="SECONDS",
        help="stop a query after this long (default: $KG_QUERY_TIMEOUT or 10)",
    )
    command.add_argument(
        "--max-rows", metavar="N", help="return at most N rows (default: $KG_MAX_ROWS or 10000)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; the previous graph is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: one line, never a traceback
        if debug_enabled():
            raise
        print(
            f"kg: internal error: {type(exc).__name__}: {exc} (run with KG_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(
        args.data,
        backend=getattr(args, "backend", None),
        query_timeout=getattr(args, "timeout", None),
        max_rows=getattr(args, "max_rows", None),
        jobs=getattr(args, "jobs", None),
        scheduler=getattr(args, "scheduler", None),
    )
    if args.command == "build":
        return _build(settings, args)
    if args.command == "remove":
        return _remove(settings, args.documents)
    if args.command == "export":
        return _export(settings, args.format, args.output)
    if args.command == "queries":
        return _queries(settings, args.name)
    if args.command == "query":
        return _query(settings, args)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "publish":
        return _publish(settings)
    store = GraphStore.open(settings)
    if args.command == "stats":
        stats = store.stats()
        print(f"documents  {stats.documents}")
        print(f"triples    {stats.triples}")
        classes = {human_header(n): c for n, c in stats.by_class.items() if n != "Document"}
        width = max(map(len, classes), default=0)
        for name, count in sorted(classes.items()):
            print(f"{name:<{width}}  {count}")
        return 0
    from graph import to_rdflib, validate_graph

    report = validate_graph(to_rdflib(store))
    if report.conforms:
        print("graph conforms to the SHACL shapes")
        return 0
    print(report.text, file=sys.stderr)
    print(f"kg: error: {report.violations} SHACL violation(s)", file=sys.stderr)
    return 1


def _progress(items: Iterable[Any], total: int) -> Iterable[Any]:
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())


def _build(settings: Any, args: argparse.Namespace) -> int:
    from graph import build_corpus

    paths = args.paths or [DEFAULT_SEEDS_DIR]
    report = build_corpus(settings, paths, rebuild=args.rebuild, progress=_progress)
    for warning in report.warnings:
        print(f"kg: warning: {warning}", file=sys.stderr)
    if not report.changed and not report.quads:
        print(
            f"nothing to do: {report.unchanged} document(s) unchanged "
            f"({report.documents} in the graph)"
        )
        return 0
    entities = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in report.entities.items())
    how = "updated" if report.incremental else "wrote"
    print(
        f"built {report.documents} document(s): {report.added} added, {report.updated} "
        f"updated, {report.unchanged} unchanged; {entities}; {how} {report.quads} quads "
        f"in {report.seconds:.1f} s"
    )
    return 0


def _remove(settings: Settings, names: list[str]) -> int:
    from graph import remove_documents

    report = remove_documents(settings, names)
    print(
        f"removed {report.removed} document(s); {report.documents} left in the graph "
        f"({report.seconds:.1f} s)"
    )
    return 0


def _export(settings: Any, fmt: str, output: str) -> int:
    if fmt not in EXPORT_FORMATS and fmt != "events-csv":
        raise InputError(f"unknown format {fmt!r}")
    buffer = io.BytesIO()
    if fmt == "events-csv":
        with QueryEngine(settings) as engine:
            buffer.write(events_csv(engine))
    else:
        GraphStore.open(settings).export(fmt, buffer)
    return _write(buffer.getvalue(), output)


def _write(data: bytes, output: str) -> int:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        write_atomic(Path(output), data)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    return 0


def _queries(settings: Settings, name: str | None) -> int:
    if name is not None:
        query = find_query(settings, name)
        print(f"{query.name}: {query.summary}")
        if query.description:
            print(f"\n{query.description}")
        print(f"\nview: {query.view}    tags: {', '.join(query.tags) or '-'}")
        for parameter in query.parameters:
            kind = "an IRI or a name" if parameter.kind == "iri" else parameter.kind
            notes = [kind, "required" if parameter.needed else "optional"]
            if parameter.default is not None:
                notes.append(f"default {parameter.default}")
            if parameter.choices:
                notes.append(f"one of {', '.join(parameter.choices)}")
            print(f"  --param {parameter.name}=…  ({'; '.join(notes)})")
        print(f"\n{query.text.rstrip()}")
        return 0
    library = load_queries(settings.queries_dir)
    width = max((len(n) for n in library), default=0)
    for query in library.values():
        parameters = " ".join(p.describe() for p in query.parameters)
        print(
            f"{query.name:<{width}}  {query.summary}" + (f"  [{parameters}]" if parameters else "")
        )
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param takes NAME=VALUE, got {pair!r}")
        values[name.strip()] = value
    return values


def _query(settings: Settings, args: argparse.Namespace) -> int:
    from graph import run_saved_query  # networkx, for connection-paths only

    if (args.name is None) == (args.sparql is None):
        raise InputError("give a saved query name (see: kg queries), a .rq file, or --sparql TEXT")
    if args.sparql is not None:
        text = sys.stdin.read() if args.sparql == "-" else args.sparql
        query = read_query(text, "query")
    else:
        query = find_query(settings, args.name)
    with QueryEngine(settings) as engine:
        result = run_saved_query(engine, query, _params(args.param))
    sys.stdout.buffer.write(format_result(result, args.format))
    sys.stdout.buffer.flush()
    if result.truncated:
        print(
            f"kg: warning: truncated: only the first {len(result):,} rows are shown; the "
            "query has more (add LIMIT, or raise --max-rows / KG_MAX_ROWS)",
            file=sys.stderr,
        )
    elif args.format == "table" and result.form != "ask":
        unit = "row" if result.form == "select" else "triple"
        print(
            f"({len(result):,} {unit}{'s' if len(result) != 1 else ''} in "
            f"{result.seconds * 1000:.0f} ms, {result.backend})",
            file=sys.stderr,
        )
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from graph import serve

    if settings.backend != "remote":
        GraphStore.open(settings)  # fail now, not on the first request
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers takes a number of query processes, 1 or more")
    serve(settings, args.host, args.port, cors=args.cors, workers=args.workers)
    return 0


def _publish(settings: Settings) -> int:
    if not settings.endpoint:
        raise InputError(
            "set KG_ENDPOINT (and KG_STORE_ENDPOINT or KG_UPDATE_ENDPOINT) to "
            "the endpoint to publish to"
        )
    store = GraphStore.open(settings)
    count = publish(settings, store.quads())
    print(f"published {count} quads to {settings.store_endpoint or settings.update_endpoint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
