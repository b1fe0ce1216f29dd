"""Settings read once: where the data directory is and the limits the stages work under.

Every setting has a default, an environment variable and, for the ones a user changes per
command, a ``kg`` option; :func:`load_settings` reads them in that order of precedence
(option, then environment, then default) and rejects bad values with one clear line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.errors import InputError

DEFAULT_DATA_DIR = ".kg"
DEFAULT_SEEDS_DIR = "seeds"
# The saved queries ship next to the package (the repository's queries/ folder).
DEFAULT_QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
BACKENDS = ("oxigraph", "rdflib", "remote")
# One article's size limit: far above any news article, far below what would exhaust memory.
MAX_DOCUMENT_CHARS = 2_000_000

# Setting name -> environment variable; README.md documents each (a test checks).
ENVIRONMENT = {
    "data_dir": "KG_DATA",
    "backend": "KG_BACKEND",
    "query_timeout": "KG_QUERY_TIMEOUT",
    "max_rows": "KG_MAX_ROWS",
    "endpoint": "KG_ENDPOINT",
    "update_endpoint": "KG_UPDATE_ENDPOINT",
    "store_endpoint": "KG_STORE_ENDPOINT",
    "allow_remote": "KG_ALLOW_REMOTE",
    "queries_dir": "KG_QUERIES",
    "jobs": "KG_JOBS",
    "scheduler": "KG_SCHEDULER",
    "max_document_chars": "KG_MAX_DOCUMENT_CHARS",
}

# The kg options whose names differ from their settings'.
OPTIONS = {"query_timeout": "--timeout"}


@dataclass(frozen=True)
class Settings:
    """Paths and limits; build one with :func:`load_settings`."""

    data_dir: Path
    seeds_dir: Path = field(default_factory=lambda: Path(DEFAULT_SEEDS_DIR))
    # spaCy parses at most this many characters at once; longer documents are parsed
    # paragraph by paragraph instead of raising the model's max_length.
    max_chunk_chars: int = 100_000
    batch_size: int = 32
    # Extraction runs on this many local processes (default: every core), or on the Dask
    # cluster whose scheduler is at this address (tcp://host:8786) when one is given.
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None
    # Where queries run: "oxigraph" (the store in data_dir), "rdflib" (an in-memory copy
    # of it) or "remote" (the SPARQL 1.1 endpoint below; builds are published to it).
    backend: str = "oxigraph"
    # Every query is stopped after this many seconds, and returns at most max_rows rows.
    query_timeout: float = 10.0
    max_rows: int = 10_000
    # The remote backend: a SPARQL query URL, and for loading either a Graph Store
    # Protocol URL or a SPARQL Update URL. Its default graph must be the union of the
    # named graphs (Oxigraph --union-default-graph, Fuseki tdb:unionDefaultGraph).
    endpoint: str | None = None
    update_endpoint: str | None = None
    store_endpoint: str | None = None
    # SERVICE and FROM of graphs outside this store make the engine fetch remote data;
    # both are refused unless this is set.
    allow_remote: bool = False
    queries_dir: Path = DEFAULT_QUERIES_DIR
    # Longer articles are refused with a message, before they are read in full.
    max_document_chars: int = MAX_DOCUMENT_CHARS

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "stores"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def current_file(self) -> Path:
        return self.data_dir / "CURRENT"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "build.lock"


def load_settings(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Settings from explicit options, else the environment (``KG_*``), else defaults.

    ``data_dir`` is an explicit directory, else ``$KG_DATA``, else ``./.kg``; ``options``
    are other explicit settings by field name (``None`` means not given).
    """
    env = os.environ if environ is None else environ
    chosen = data_dir or env.get("KG_DATA") or DEFAULT_DATA_DIR
    values: dict[str, Any] = {}
    for name, variable in ENVIRONMENT.items():
        if name == "data_dir":
            continue
        raw = options.get(name)
        source = OPTIONS.get(name, f"--{name.replace('_', '-')}")
        if raw is None and env.get(variable, "") != "":
            raw, source = env[variable], variable
        if raw is not None:
            values[name] = _convert(name, raw, source)
    unknown = set(options) - set(ENVIRONMENT)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    settings = replace(Settings(data_dir=Path(chosen)), **values)
    if settings.backend == "remote" and not settings.endpoint:
        raise InputError(
            "the remote backend needs a SPARQL endpoint: set KG_ENDPOINT "
            "(e.g. http://localhost:7878/query)"
        )
    return settings


def debug_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``KG_DEBUG`` asks for tracebacks instead of one-line errors."""
    env = os.environ if environ is None else environ
    return bool(env.get("KG_DEBUG"))


def _convert(name: str, raw: Any, source: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    text = str(raw).strip()
    try:
        if name == "backend":
            if text not in BACKENDS:
                raise ValueError(f"expected one of {', '.join(BACKENDS)}")
            return text
        if kind == "float":
            value: float = float(text)
            if not value > 0 or value == float("inf"):
                raise ValueError("expected a number of seconds above 0")
            return value
        if kind == "int":
            if not text.isdigit() or int(text) < 1:
                raise ValueError("must be a whole number above 0")
            return int(text)
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            if text.lower() not in {"0", "1", "true", "false", "yes", "no"}:
                raise ValueError("expected 1 or 0")
            return text.lower() in {"1", "true", "yes"}
        if kind == "Path":
            return Path(text)
        if name == "scheduler":
            return _scheduler_address(text)
        return _http_url(text)
    except ValueError as exc:
        raise InputError(f"bad value {text!r} for {source}: {exc}") from None


def _scheduler_address(text: str) -> str:
    """A Dask scheduler address: tcp:// or tls:// host and port."""
    parts = urlsplit(text)
    if parts.scheme not in {"tcp", "tls"} or not parts.hostname or parts.port is None:
        raise ValueError("expected a Dask scheduler address such as tcp://host:8786")
    return text


def _http_url(text: str) -> str:
    """An endpoint URL: http or https only (urllib would also open file: and ftp:)."""
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError("expected an http:// or https:// URL")
    return text
