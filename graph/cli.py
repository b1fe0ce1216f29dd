"""The ``kg`` command line: a thin wrapper over the public API.

Every failure a user can cause prints one line, ``kg: error: ...``, and exits non-zero;
a traceback is shown only with ``KG_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph.config import DEFAULT_SEEDS_DIR, load_settings
from graph.corpus import build_corpus
from graph.errors import InputError, KGError
from graph.store import EXPORT_FORMATS, GraphStore, write_atomic
from graph.tables import events_csv
from graph.validate import to_rdflib, validate_graph


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and explore a knowledge graph of news articles.")
    parser.add_argument("--data", metavar="DIR",
                        help="data directory (default: $KG_DATA or ./.kg)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="add articles (.txt/.md files or folders) to the graph")
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help=f"files or folders of articles (default: {DEFAULT_SEEDS_DIR}/)")
    build.add_argument("--rebuild", action="store_true",
                       help="re-extract every document and rewrite the store "
                            "(also recovers a corrupt store)")

    export = sub.add_parser("export", help="write the graph as RDF")
    export.add_argument("--format", "-f", default="turtle",
                        choices=["turtle", "nt", "nquads", "trig", "jsonld", "events-csv"],
                        help="RDF format, or events-csv: one row per event (date, PLOVER, "
                             "actor, target, place, evidence)")
    export.add_argument("-o", "--output", default="-", metavar="FILE",
                        help="output file ('-' or omitted: standard output)")

    sub.add_parser("stats", help="counts of documents, entities and triples")
    sub.add_parser("validate", help="check the graph against the SHACL shapes")
    return parser


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
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: internal error: {type(exc).__name__}: {exc} "
              "(run with KG_DEBUG=1 for details)", file=sys.stderr)
        return 70


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.data)
    if args.command == "build":
        return _build(settings, args)
    if args.command == "export":
        return _export(settings, args.format, args.output)
    store = GraphStore.open(settings)
    if args.command == "stats":
        stats = store.stats()
        print(f"documents  {stats.documents}")
        print(f"triples    {stats.triples}")
        for name, count in stats.by_class.items():
            if name != "Document":
                print(f"{name:<14} {count}")
        return 0
    report = validate_graph(to_rdflib(store))
    if report.conforms:
        print("graph conforms to the SHACL shapes")
        return 0
    print(report.text, file=sys.stderr)
    print(f"kg: error: {report.violations} SHACL violation(s)", file=sys.stderr)
    return 1


def _progress(items: Iterable[Any], total: int) -> Iterable[Any]:
    from tqdm import tqdm

    return tqdm(items, total=total, unit="doc", file=sys.stderr,
                disable=not sys.stderr.isatty())


def _build(settings: Any, args: argparse.Namespace) -> int:
    paths = args.paths or [DEFAULT_SEEDS_DIR]
    report = build_corpus(settings, paths, rebuild=args.rebuild, progress=_progress)
    for warning in report.warnings:
        print(f"kg: warning: {warning}", file=sys.stderr)
    if not report.changed and not report.quads:
        print(f"nothing to do: {report.unchanged} document(s) unchanged "
              f"({report.documents} in the graph)")
        return 0
    entities = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in report.entities.items())
    print(f"built {report.documents} document(s): {report.added} added, {report.updated} "
          f"updated, {report.unchanged} unchanged; {entities}; {report.quads} quads "
          f"in {report.seconds:.1f} s")
    return 0


def _export(settings: Any, fmt: str, output: str) -> int:
    if fmt not in EXPORT_FORMATS and fmt != "events-csv":
        raise InputError(f"unknown format {fmt!r}")
    store = GraphStore.open(settings)
    buffer = io.BytesIO()
    if fmt == "events-csv":
        buffer.write(events_csv(store))
    else:
        store.export(fmt, buffer)
    if output == "-":
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return 0
    try:
        write_atomic(Path(output), buffer.getvalue())
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
