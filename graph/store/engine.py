"""Queries: the saved-query library, parameter binding, and a safe way to run SPARQL.

Takes SPARQL text (a saved ``.rq`` file from ``queries/`` or an ad-hoc query) and parameter
values as strings, and gives a :class:`~graph.store.QueryResult`. A saved query is a grlc
style file: a ``#+ `` YAML header (``summary``, ``description``, ``tags``, ``defaults``,
``enumerate``), a ``#defaultView:Table|Graph|Timeline|Map`` line, and parameters written
as variables ``?_name`` (a string), ``?_name_iri`` / ``_integer`` / ``_decimal`` / ``_date``
/ ``_boolean`` (typed), ``?__name`` (optional).

Values are validated by type and bound through the SPARQL engine: every group of the WHERE
clause that uses a parameter starts with a one-row ``VALUES`` block built from RDF terms, so
a value is data to the engine, never query text, and reaches every pattern and FILTER that
uses it (a single block at the top would not reach into UNION branches, and Oxigraph would
not use it to start its joins there). Before anything runs, the query is parsed and refused
if it is an update (INSERT, DELETE, LOAD, CLEAR, DROP, ...), calls a SERVICE or reads a FROM
graph outside the store. It then runs in a worker process under a timeout (killed when the
time is up; neither Oxigraph nor rdflib can cancel a query) and a row cap. Remote endpoints
are queried over HTTP with the same deadline.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    parse_query_results,
    serialize,
)

from graph.config import Settings
from graph.errors import KGError, QueryError, QueryTimeout, StoreError
from graph.store.lifecycle import (
    XSD_STRING,
    Backend,
    BoundQuery,
    QueryResult,
    RemoteBackend,
    Term,
    current_store_path,
    open_embedded,
)
from graph.vocab import GRAPHS, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
VIEWS = ("Table", "Graph", "Timeline", "Map")
HEADER_KEYS = {"summary", "description", "tags", "defaults", "enumerate"}
RESULT_FORMATS = ("table", "csv", "tsv", "json")
MAX_QUERY_CHARS = 100_000
MAX_VALUE_CHARS = 10_000
# A fresh worker must be ready within this long: an rdflib backend loads the whole graph.
WORKER_START_SECONDS = 300.0


# --- Parameters ---------------------------------------------------------------------------

TYPE_SUFFIXES = ("iri", "integer", "decimal", "date", "boolean", "string")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}
_PREFIXED = re.compile(r"([A-Za-z][\w-]*):(.*)", re.S)


@dataclass(frozen=True)
class Parameter:
    """A query parameter: variable ``?_name_type`` (``?__`` when optional)."""

    name: str
    variable: str
    kind: str = "string"
    required: bool = True
    default: str | None = None
    choices: tuple[str, ...] | None = None

    @property
    def needed(self) -> bool:
        """Required and without a default: the caller must give a value."""
        return self.required and self.default is None

    def describe(self) -> str:
        """``name`` (required), ``name?`` (optional) or ``name=default``."""
        if self.default is not None:
            return f"{self.name}={self.default}"
        return self.name if self.required else f"{self.name}?"

    def to_term(self, value: str) -> Literal | NamedNode:
        """The value as an RDF term of this parameter's type, or a QueryError saying why."""
        text = value.strip() if self.kind != "string" else value
        if len(text) > MAX_VALUE_CHARS:
            raise QueryError(f"parameter {self.name!r} is longer than {MAX_VALUE_CHARS} characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(f"parameter {self.name!r} is not valid Unicode text") from None
        term = self._convert(text)
        if self.choices is not None and term not in {self._convert(c) for c in self.choices}:
            raise QueryError(
                f"parameter {self.name!r} must be one of: {', '.join(self.choices)} (got {text!r})"
            )
        return term

    def _convert(self, text: str) -> Literal | NamedNode:
        if self.kind == "iri":
            return NamedNode(self._iri(text))
        if self.kind == "integer":
            if not _INTEGER.fullmatch(text):
                raise self._bad(text, "a whole number like 3")
            return Literal(text.lstrip("+"), datatype=NamedNode(XSD + "integer"))
        if self.kind == "decimal":
            if not _DECIMAL.fullmatch(text):
                raise self._bad(text, "a number like 2.5")
            return Literal(text, datatype=NamedNode(XSD + "decimal"))
        if self.kind == "date":
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                raise self._bad(text, "a date like 2024-08-06") from None
            if len(text) != 10:
                raise self._bad(text, "a date like 2024-08-06")
            return Literal(date.isoformat(), datatype=NamedNode(XSD + "date"))
        if self.kind == "boolean":
            if text.lower() not in _BOOLEANS:
                raise self._bad(text, "true or false")
            return Literal(_BOOLEANS[text.lower()], datatype=NamedNode(XSD + "boolean"))
        return Literal(text)

    def _iri(self, text: str) -> str:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        prefixed = _PREFIXED.fullmatch(text)
        if prefixed and prefixed.group(1) in PREFIXES:
            text = PREFIXES[prefixed.group(1)] + prefixed.group(2)
        elif not prefixed:
            raise self._bad(
                text,
                "an absolute IRI like https://w3id.org/newskg/id/place/"
                "ukraine, or a prefixed name like id:place/ukraine",
            )
        try:
            return NamedNode(text).value
        except ValueError as exc:
            raise self._bad(text, f"a valid IRI ({exc})") from None

    def _bad(self, text: str, expected: str) -> QueryError:
        return QueryError(f"parameter {self.name!r} expects {expected}; got {text!r}")


def parameter_for(variable: str) -> Parameter:
    """The parameter a variable name stands for (``_entity_iri`` -> entity, an IRI)."""
    required = not variable.startswith("__")
    stem = variable.lstrip("_")
    kind = "string"
    for suffix in TYPE_SUFFIXES:
        if stem.endswith("_" + suffix) and len(stem) > len(suffix) + 1:
            stem, kind = stem[: -len(suffix) - 1], suffix
            break
    return Parameter(name=stem, variable=variable, kind=kind, required=required)


# --- SPARQL tokens ------------------------------------------------------------------------

_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\],;]*)?)
  | (?P<punct>[{}()])
  | (?P<other>.)
""",
    re.X | re.S,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    depth: int  # braces open before this token (a "{" counts itself)
    parens: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def _tokens(text: str) -> list[_Token]:
    """The query's tokens, skipping spaces and comments, with brace and paren depth."""
    tokens: list[_Token] = []
    depth = parens = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if value == "{":
            depth += 1
        elif value == "(":
            parens += 1
        tokens.append(_Token(kind, value, match.start(), depth, parens))
        if value == "}":
            depth -= 1
        elif value == ")":
            parens -= 1
    return tokens


def parameters_in(text: str) -> list[Parameter]:
    """The parameters a query text uses, in order of first use."""
    seen: dict[str, Parameter] = {}
    for token in _tokens(text):
        if token.kind == "var" and token.text[1:].startswith("_"):
            parameter = parameter_for(token.text[1:])
            other = seen.get(parameter.name)
            if other is not None and other.variable != parameter.variable:
                raise QueryError(
                    f"parameter {parameter.name!r} is written both as "
                    f"?{other.variable} and ?{parameter.variable}"
                )
            seen.setdefault(parameter.name, parameter)
    return list(seen.values())


@dataclass
class _Group:
    """A ``{ }`` of the query: a graph pattern group, or a template / VALUES data block."""

    kind: str  # pattern | optional | subselect | template | data | short-construct
    brace: _Token
    parameters: list[str] = field(default_factory=list)


def _groups(tokens: list[_Token], names: set[str]) -> tuple[list[_Group], list[_Token]]:
    """The pattern groups with the parameters used inside each (nested ones included), and
    the parameter tokens that stand outside any pattern group."""
    groups: list[_Group] = []
    open_groups: list[_Group] = []
    outside: list[_Token] = []
    values_header = False
    for i, token in enumerate(tokens):
        keyword = token.keyword
        if keyword == "VALUES":
            values_header = True
        elif token.text == "{":
            previous = tokens[i - 1].keyword if i else ""
            following = tokens[i + 1].keyword if i + 1 < len(tokens) else ""
            if values_header:
                kind = "data"
            elif previous == "CONSTRUCT":
                kind = "template"  # triples to build from the solutions, not a pattern
            elif following == "SELECT":
                kind = "subselect"
            elif previous == "OPTIONAL":
                kind = "optional"
            else:
                kind = "pattern"
            if previous == "WHERE" and i >= 2 and tokens[i - 2].keyword == "CONSTRUCT":
                kind = "short-construct"
            values_header = False
            group = _Group(kind, token)
            groups.append(group)
            open_groups.append(group)
        elif token.text == "}" and open_groups:
            open_groups.pop()
        elif token.kind == "var" and token.text[1:] in names:
            patterns = [
                g for g in open_groups if g.kind in ("pattern", "optional", "short-construct")
            ]
            if not open_groups or open_groups[-1].kind not in ("pattern", "optional", "template"):
                outside.append(token)
            for group in patterns:
                if token.text[1:] not in group.parameters:
                    group.parameters.append(token.text[1:])
    return groups, outside


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound variable given its value by a one-row ``VALUES`` block.

    The block opens every group graph pattern that uses the variable, nested ones too, so
    every triple pattern, FILTER, BIND, EXISTS, UNION branch or sub-select sees the value,
    as if the engine had substituted it, and an engine's optimizer can start from it.
    OPTIONAL groups are the exception: the group around them has the block, and their
    patterns and FILTER see its value (SPARQL's left join), while a block of their own
    would stop Oxigraph from looking them up row by row. The
    values are RDF terms written by pyoxigraph in N-Triples syntax (IRIs validated, quotes
    and newlines escaped), which SPARQL reads as data, never as query text. Groups are
    found with a tokenizer that skips strings, IRIs and comments.
    """
    if not bindings:
        return text
    check_parameter_scope(text, set(bindings))
    groups, _ = _groups(_tokens(text), set(bindings))
    where = next((g for g in groups if g.kind == "pattern" and g.brace.depth == 1), None)
    if where is None:
        raise QueryError("parameters can only be bound into a query with a WHERE clause")
    used = {name for group in groups for name in group.parameters}
    where.parameters += [name for name in bindings if name not in used]  # projected only
    inserts = []
    for group in groups:
        if group.kind == "pattern" and group.parameters:
            names = " ".join(f"?{name}" for name in group.parameters)
            values = " ".join(str(bindings[name]) for name in group.parameters)
            inserts.append((group.brace.start + 1, f" VALUES ({names}) {{ ({values}) }} "))
    for at, block in sorted(inserts, reverse=True):
        text = text[:at] + block + text[at:]
    return text


def check_parameter_scope(text: str, names: set[str]) -> None:
    """Refuse parameters that a VALUES block in the WHERE clause cannot reach.

    Inside the graph patterns of WHERE (and of sub-selects) a parameter can be used
    anywhere. Outside them it may only be projected as it is (``SELECT ?_x``) or grouped
    by: an expression in SELECT, HAVING or ORDER BY would see it unbound and quietly
    answer something else.
    """
    tokens = _tokens(text)
    groups, outside = _groups(tokens, names)
    for group in groups:
        if group.kind == "short-construct" and group.parameters:
            raise QueryError(
                "parameters cannot be bound in a CONSTRUCT WHERE { } query; "
                "write the template out: CONSTRUCT { ... } WHERE { ... }"
            )
    position = {token.start: i for i, token in enumerate(tokens)}
    for token in outside:
        i = position[token.start]
        clause = next(
            (
                t
                for t in reversed(tokens[:i])
                if t.keyword in ("SELECT", "GROUP", "HAVING", "ORDER", "WHERE", "VALUES", "LIMIT")
            ),
            None,
        )
        if (
            clause is not None
            and clause.keyword in ("SELECT", "GROUP")
            and token.parens == clause.parens
        ):
            continue  # projected or grouped as it is: the WHERE binding carries it
        line = text.count("\n", 0, token.start) + 1
        raise QueryError(
            f"parameter {token.text} is used outside the WHERE patterns "
            f"(line {line}), where its value does not reach; use it in WHERE"
        )


# --- Checking a query before it runs ------------------------------------------------------

_PARSE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Analysis:
    """What parsing a query text found out."""

    form: str  # select | ask | graph
    services: bool
    dataset: tuple[str, ...]  # IRIs of FROM and FROM NAMED


@functools.lru_cache(maxsize=512)
def analyse(text: str) -> Analysis:
    """Parse a query with rdflib's SPARQL parser; QueryError if it is not a plain query."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    with _PARSE_LOCK:
        try:
            tree = parseQuery(text)
        except ParseException as exc:
            operation = _update_operation(text, parseUpdate)
            if operation:
                raise QueryError(
                    f"refused: {operation} is a SPARQL Update; queries are read-only here"
                ) from None
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except RecursionError:
            raise QueryError("the query is nested too deeply to parse") from None
        try:
            translateQuery(tree)  # resolves prefixes: FROM IRIs are full IRIs after this
        except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes
            raise QueryError(f"the query cannot be read: {exc}") from None
    body = tree[1]
    form = {
        "SelectQuery": "select",
        "AskQuery": "ask",
        "ConstructQuery": "graph",
        "DescribeQuery": "graph",
    }[body.name]
    services = any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(body))
    # CompValue attributes are None when missing (its .get returns the key itself).
    dataset = tuple(str(clause.default or clause.named) for clause in body.datasetClause or ())
    return Analysis(form, services, dataset)


def _update_operation(text: str, parse_update: Any) -> str:
    """The first operation's name when the text is a SPARQL Update, else ''."""
    try:
        request = parse_update(text)
    except Exception:
        return ""
    names = [op.name for op in request.get("request", []) if hasattr(op, "name")]
    words = {
        "InsertData": "INSERT DATA",
        "DeleteData": "DELETE DATA",
        "DeleteWhere": "DELETE WHERE",
        "Modify": "DELETE/INSERT",
    }
    return words.get(names[0], names[0].upper()) if names else "this"


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list | tuple) or type(current).__name__ == "ParseResults":
            stack.extend(current)


def check_query(text: str, *, allow_remote: bool = False) -> Analysis:
    """Refuse updates, SERVICE calls and FROM graphs outside the store; give the form."""
    analysis = analyse(text)
    if allow_remote:
        return analysis
    if analysis.services:
        raise QueryError(
            "refused: SERVICE would query another endpoint; remote data is "
            "off (set KG_ALLOW_REMOTE=1 to allow it)"
        )
    for iri in analysis.dataset:
        if not iri.startswith(str(GRAPHS)):
            raise QueryError(
                f"refused: FROM <{iri}> names a graph outside this store; "
                "remote data is off (set KG_ALLOW_REMOTE=1 to allow it)"
            )
    return analysis


# --- Saved queries ------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file of the library: its text, header and parameters."""

    name: str
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    view: str = "Table"
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise QueryError(
            f"{self.name} has no parameter {name!r}; it takes: {_listing(self.parameters)}"
        )


def _listing(parameters: tuple[Parameter, ...]) -> str:
    return ", ".join(p.describe() for p in parameters) or "no parameters"


def read_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """A query text with its header read, parameters found and defaults checked."""
    header: list[str] = []
    view = "Table"
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            header.append(stripped[3:] if stripped.startswith("#+ ") else stripped[2:])
        elif stripped.lower().startswith("#defaultview:"):
            view = stripped.split(":", 1)[1].strip()
            if view not in VIEWS:
                raise QueryError(f"{name}: #defaultView must be one of {', '.join(VIEWS)}")
        elif stripped and not stripped.startswith("#"):
            break
    try:
        meta = yaml.safe_load("\n".join(header)) if header else {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{name}: the #+ header is not valid YAML ({exc})") from None
    meta = meta or {}
    if not isinstance(meta, dict):
        raise QueryError(f"{name}: the #+ header must be YAML keys and values")
    unknown = set(meta) - HEADER_KEYS
    if unknown:
        raise QueryError(
            f"{name}: unknown header key(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(HEADER_KEYS))})"
        )
    parameters = {p.name: p for p in parameters_in(text)}
    check_parameter_scope(text, {p.variable for p in parameters.values()})
    for key, value in _pairs(meta.get("defaults"), name, "defaults").items():
        parameters[key] = _with(parameters, key, name, default=str(value))
    for key, values in _pairs(meta.get("enumerate"), name, "enumerate").items():
        if not isinstance(values, list) or not values:
            raise QueryError(f"{name}: enumerate {key} needs a list of allowed values")
        parameters[key] = _with(parameters, key, name, choices=tuple(str(v) for v in values))
    for parameter in parameters.values():  # defaults and choices must be valid values
        if parameter.default is not None:
            parameter.to_term(parameter.default)
        for choice in parameter.choices or ():
            parameter.to_term(choice)
    tags = meta.get("tags") or []
    return SavedQuery(
        name=name,
        text=text,
        summary=str(meta.get("summary") or "").strip(),
        description=" ".join(str(meta.get("description") or "").split()),
        tags=tuple(str(t) for t in tags),
        view=view,
        parameters=tuple(parameters.values()),
        path=path,
    )


def _pairs(value: Any, name: str, key: str) -> dict[str, Any]:
    """grlc writes defaults and enumerate as a list of one-key maps; a map works too."""
    if value is None:
        return {}
    items = value if isinstance(value, list) else [value]
    pairs: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict):
            raise QueryError(f"{name}: {key} must list 'parameter: value' entries")
        pairs.update({str(k): v for k, v in item.items()})
    return pairs


def _with(parameters: dict[str, Parameter], key: str, name: str, **changes: Any) -> Parameter:
    if key not in parameters:
        raise QueryError(
            f"{name}: the header names parameter {key!r}, which the query does not use"
        )
    current = parameters[key]
    return Parameter(**{**current.__dict__, **changes})


def load_query(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file {path}: {exc}") from None
    return read_query(text, name=path.stem, path=path)


def load_queries(directory: Path) -> dict[str, SavedQuery]:
    """Every ``.rq`` file of a folder, by name (the file name without ``.rq``)."""
    if not directory.is_dir():
        raise QueryError(f"no saved queries: {directory} is not a folder (set KG_QUERIES)")
    return {path.stem: load_query(path) for path in sorted(directory.glob("*.rq"))}


def find_query(settings: Settings, name: str) -> SavedQuery:
    """A saved query by name, or a ``.rq`` file by path."""
    path = Path(name)
    if name.endswith(".rq") or os.sep in name:
        if not path.is_file():
            raise QueryError(f"no query file {name}")
        return load_query(path)
    library = load_queries(settings.queries_dir)
    if name not in library:
        raise QueryError(f"no saved query {name!r}; list them with: kg queries")
    return library[name]


def bindings_for(query: SavedQuery, values: Mapping[str, str]) -> dict[str, Term]:
    """Validated terms for a query's parameters by variable: given values, else defaults."""
    bound: dict[str, Term] = {}
    for name in values:
        query.parameter(name)  # unknown names are an error, not silently ignored
    missing = [p.name for p in query.parameters if p.needed and p.name not in values]
    if missing:
        raise QueryError(
            f"{query.name} needs {', '.join(missing)} (give --param "
            f"{missing[0]}=VALUE); it takes: {_listing(query.parameters)}"
        )
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is not None:
            bound[parameter.variable] = parameter.to_term(value)
    return bound


# --- Running queries ----------------------------------------------------------------------


@dataclass
class _Worker:
    """A child process holding an embedded backend open, answering one query at a time."""

    backend: str
    path: Path
    process: subprocess.Popen[bytes] = field(init=False)
    inbox: Connection = field(init=False)
    outbox: Connection = field(init=False)

    def __post_init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        debug = bool(os.environ.get("KG_DEBUG"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.store.engine", "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            env=env,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.outbox = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.inbox = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self._ask((self.backend, str(self.path)), WORKER_START_SECONDS, "opening the graph")
        except BaseException:
            self.stop()
            raise

    def run(self, query: BoundQuery, max_rows: int, timeout: float) -> QueryResult:
        result = self._ask((query, max_rows), timeout, "the query")
        assert isinstance(result, QueryResult)
        return result

    def _ask(self, request: tuple[object, ...], timeout: float, what: str) -> object:
        """Send a request and wait at most ``timeout`` seconds for the reply."""
        try:
            self.outbox.send(request)
            ready = self.inbox.poll(timeout)
            status, payload = self.inbox.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            code = self.process.poll()
            self.stop()
            raise QueryError(
                f"the query process stopped unexpectedly during {what} (exit "
                f"code {code}); it is restarted for the next query"
            ) from None
        if status == "timeout":
            self.stop()
            raise QueryTimeout(
                f"{what} ran longer than {timeout:g} s and was stopped; "
                "narrow it (LIMIT, more specific patterns) or raise the limit "
                "with --timeout or KG_QUERY_TIMEOUT"
            )
        if status == "error":
            raise payload if isinstance(payload, KGError) else QueryError(str(payload))
        return payload

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Kill the process (it may be deep in a query) and reap it."""
        with contextlib.suppress(OSError):
            self.outbox.close()
            self.inbox.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


class QueryEngine:
    """Runs saved and ad-hoc queries safely on the configured backend.

    Safe to share between threads (queries run one at a time). Embedded backends live in a
    worker process that is killed when a query overruns and started again on the next
    query, and again whenever ``kg build`` has switched the store.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._remote: Backend | None = None

    def __enter__(self) -> QueryEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.stop()
                self._worker = None

    @property
    def worker_pid(self) -> int | None:
        """Process id of the current worker, if any (tests use it to see it is gone)."""
        return self._worker.process.pid if self._worker is not None else None

    def run(
        self,
        query: SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Check, bind and run a query; QueryError (QueryTimeout) when refused or cut off."""
        saved = query if isinstance(query, SavedQuery) else read_query(query, "query")
        timeout = timeout or self.settings.query_timeout
        max_rows = max_rows or self.settings.max_rows
        analysis = check_query(saved.text, allow_remote=self.settings.allow_remote)
        bindings = bindings_for(saved, params or {})
        query_to_run = BoundQuery(
            saved.text, analysis.form, tuple(bindings.items()), bind_values(saved.text, bindings)
        )
        with self._lock:
            return self._execute(query_to_run, max_rows, timeout)

    def _execute(self, query: BoundQuery, max_rows: int, timeout: float) -> QueryResult:
        if self.settings.backend == "remote":
            if self._remote is None:
                self._remote = RemoteBackend.from_settings(self.settings)
            started = time.perf_counter()
            result = self._remote.run(query, max_rows, time.monotonic() + timeout)
            return dataclasses.replace(result, seconds=time.perf_counter() - started)
        path = current_store_path(self.settings)
        if path is None:
            raise StoreError(f"no graph in {self.settings.data_dir} yet; build one with: kg build")
        worker = self._worker
        if worker is None or worker.path != path or not worker.alive():
            if worker is not None:
                worker.stop()
            self._worker = None
            worker = self._worker = _Worker(self.settings.backend, path)
        try:
            return worker.run(query, max_rows, timeout)
        except QueryError:
            if not worker.alive():
                self._worker = None
            raise


def _worker_main() -> None:
    """The worker process: open the backend, then answer (query, max_rows) requests.

    Requests and replies are pickled over stdin and stdout; anything a library prints goes
    to stderr so it cannot corrupt a reply. The worker exits when its parent closes the
    pipe, and a watchdog thread ends it if the parent dies while a query is running.
    """
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    parent = os.getppid()

    def watchdog() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        kind, path = inbox.recv()
        backend = open_embedded(kind, Path(path))
    except EOFError:
        return
    except Exception as exc:
        outbox.send(
            (
                "error",
                exc if isinstance(exc, KGError) else StoreError(f"cannot open the graph: {exc}"),
            )
        )
        return
    outbox.send(("ready", None))
    while True:
        try:
            query, max_rows = inbox.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            result = backend.run(query, max_rows)
        except Exception as exc:
            outbox.send(("error", _engine_error(exc)))
        else:
            outbox.send(("ok", dataclasses.replace(result, seconds=time.perf_counter() - started)))


def _engine_error(exc: Exception) -> KGError:
    if isinstance(exc, KGError):
        return exc
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return QueryError(f"the query failed: {message}")


# --- Presenting results -------------------------------------------------------------------


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        data: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            data["datatype"] = term.datatype.value
        return data
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def sparql_json(result: QueryResult) -> bytes:
    """A select or ask result in the SPARQL 1.1 Query Results JSON Format."""
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    bindings = [
        {
            name: _json_term(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
    ).encode()


RESULTS_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "json": RdfFormat.JSON_LD,
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "xml": RdfFormat.RDF_XML,
}


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """A result in a standard format: json, xml, csv or tsv results (select/ask);
    json (JSON-LD), turtle, nt or xml (RDF/XML) for triples."""
    if result.form == "graph":
        graph_format = GRAPH_FORMATS.get(fmt, RdfFormat.N_TRIPLES)
        if graph_format == RdfFormat.N_TRIPLES:
            return serialize(list(result.triples), format=graph_format) or b""
        return serialize(list(result.triples), format=graph_format, prefixes=PREFIXES) or b""
    data = sparql_json(result)
    if fmt == "json":
        return data
    parsed = parse_query_results(data, QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULTS_FORMATS[fmt]) or b""


def compact(term: Term | None) -> str:
    """A term as a person reads it: prefixed IRIs, literal values, blank for unbound."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        best = max(
            (ns for ns in PREFIXES.values() if term.value.startswith(ns)), key=len, default=None
        )
        if best is None:
            return term.value
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{term.value[len(best) :]}"
    if isinstance(term, Literal | BlankNode):
        return term.value
    return str(term)


def format_table(result: QueryResult, width: int = 60) -> str:
    """Aligned columns for a terminal; values longer than ``width`` are shortened."""
    if result.form == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.form == "graph":
        data = serialize(list(result.triples), format=RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode()

    def cell(term: Term | None) -> str:
        text = " ".join(compact(term).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [[cell(t) for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: str) -> bytes:
    """The CLI's output: table, csv, tsv or json (graph results as Turtle, N-Triples in
    csv/tsv form as subject/predicate/object columns, or JSON-LD)."""
    if fmt == "table":
        return format_table(result).encode()
    if result.form == "graph":
        if fmt == "json":
            return serialize_result(result, "json")
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(["subject", "predicate", "object"])
        for triple in result.triples:
            cells = (triple.subject, triple.predicate, triple.object)
            writer.writerow([compact(t) if fmt == "csv" else str(t) for t in cells])
        return out.getvalue().encode()
    return serialize_result(result, fmt)


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker_main()
