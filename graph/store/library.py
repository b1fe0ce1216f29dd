"""Library: the saved queries, ``.rq`` files read with their header and parameters.

A saved query is a grlc style file: a ``#+ `` YAML header (``summary``, ``description``,
``tags``, ``defaults``, ``enumerate``), a ``#defaultView:Table|Graph|Timeline|Map`` line,
and parameters written as variables ``?_name`` (a string), ``?_name_iri`` / ``_integer`` /
``_decimal`` / ``_date`` / ``_boolean`` (typed), ``?__name`` (optional). A
:class:`Parameter` turns a value given as a string into an RDF term of its type, or says
why it cannot.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode
from rdflib.namespace import XSD

from graph.config import Settings
from graph.errors import QueryError
from graph.store.sparql import check_parameter_scope, tokenize
from graph.vocab import PREFIXES

VIEWS = ("Table", "Graph", "Timeline", "Map")
HEADER_KEYS = {"summary", "description", "tags", "defaults", "enumerate"}
MAX_VALUE_CHARS = 10_000
TYPE_SUFFIXES = ("iri", "integer", "decimal", "date", "boolean", "string")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}
_PREFIXED = re.compile(r"([A-Za-z][\w-]*):(.*)", re.S)
_SCHEME_OR_PREFIX = re.compile(r"[A-Za-z][\w+.-]*:\S")


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
            return Literal(text.lstrip("+"), datatype=NamedNode(XSD.integer))
        if self.kind == "decimal":
            if not _DECIMAL.fullmatch(text):
                raise self._bad(text, "a number like 2.5")
            return Literal(text, datatype=NamedNode(XSD.decimal))
        if self.kind == "date":
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                raise self._bad(text, "a date like 2024-08-06") from None
            if len(text) != 10:
                raise self._bad(text, "a date like 2024-08-06")
            return Literal(date.isoformat(), datatype=NamedNode(XSD.date))
        if self.kind == "boolean":
            if text.lower() not in _BOOLEANS:
                raise self._bad(text, "true or false")
            return Literal(_BOOLEANS[text.lower()], datatype=NamedNode(XSD.boolean))
        return Literal(text)

    def choice_iris(self) -> list[str]:
        """The allowed values of an IRI parameter with choices, as full IRIs, in order."""
        return [self._iri(choice.strip()) for choice in self.choices or ()]

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


def written_as_iri(text: str) -> bool:
    """Whether an IRI parameter's value is written as an IRI (``<...>``, ``id:place/x``,
    ``https://...``) rather than as a name to look up ("Volodymyr Zelensky", "Person").
    A colon and a space ("Hamas: the group") is a name, not a scheme or prefix."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return True
    return _SCHEME_OR_PREFIX.match(text) is not None


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


def parameters_in(text: str) -> list[Parameter]:
    """The parameters a query text uses, in order of first use."""
    seen: dict[str, Parameter] = {}
    for token in tokenize(text):
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

    def usage(self) -> str:
        """The parameters as a user gives them: ``name``, ``name?`` or ``name=default``."""
        return ", ".join(p.describe() for p in self.parameters) or "no parameters"

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise QueryError(f"{self.name} has no parameter {name!r}; it takes: {self.usage()}")


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
