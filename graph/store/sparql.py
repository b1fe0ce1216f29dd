"""SPARQL: where a query is made safe before it runs, and where parameter values are bound.

:func:`check_query` parses the text with rdflib's SPARQL parser and refuses updates
(INSERT, DELETE, LOAD, CLEAR, DROP, ...), SERVICE calls and FROM graphs outside the store;
the engine then runs what passes read-only, under a timeout and a row cap.
:func:`bind_values` gives parameters their values: every group of the WHERE clause that
uses a parameter starts with a one-row ``VALUES`` block built from RDF terms, so a value is
data to the engine, never query text, and reaches every pattern and FILTER that uses it (a
single block at the top would not reach into UNION branches, and Oxigraph would not use it
to start its joins there). Groups are found with a small tokenizer that skips strings,
IRIs and comments.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.errors import QueryError
from graph.store.base import Term
from graph.vocab import GRAPHS

MAX_QUERY_CHARS = 100_000


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
class Token:
    kind: str
    text: str
    start: int
    depth: int  # braces open before this token (a "{" counts itself)
    parens: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokenize(text: str) -> list[Token]:
    """The query's tokens, skipping spaces and comments, with brace and paren depth."""
    tokens: list[Token] = []
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
        tokens.append(Token(kind, value, match.start(), depth, parens))
        if value == "}":
            depth -= 1
        elif value == ")":
            parens -= 1
    return tokens


def star_order(text: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of a ``SELECT *`` in the order their variables first appear in the
    query (engines order them as they like: Oxigraph sorts them, so ``?s ?p ?o`` came
    out o, p, s); any other query's variables as they are (its projection's order)."""
    tokens = tokenize(text)
    select = next((i for i, t in enumerate(tokens) if t.keyword == "SELECT"), None)
    if select is None:
        return variables
    following = [
        t for t in tokens[select + 1 : select + 3] if t.keyword not in ("DISTINCT", "REDUCED")
    ]
    if not following or following[0].text != "*":
        return variables
    first: dict[str, int] = {}
    for i, token in enumerate(tokens):
        if token.kind == "var":
            first.setdefault(token.text[1:], i)
    return tuple(sorted(variables, key=lambda v: first.get(v, len(tokens))))


@dataclass
class _Group:
    """A ``{ }`` of the query: a graph pattern group, or a template / VALUES data block."""

    kind: str  # pattern | optional | subselect | template | data | short-construct
    brace: Token
    parameters: list[str] = field(default_factory=list)


def _groups(tokens: list[Token], names: set[str]) -> tuple[list[_Group], list[Token]]:
    """The pattern groups with the parameters used inside each (nested ones included), and
    the parameter tokens that stand outside any pattern group."""
    groups: list[_Group] = []
    open_groups: list[_Group] = []
    outside: list[Token] = []
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
    groups, _ = _groups(tokenize(text), set(bindings))
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
    tokens = tokenize(text)
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
