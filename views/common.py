"""What every page shares: the current graph, cached reads of it, and safe text helpers.

The query engine that runs every read, the store (for exports) and the networkx view are
cached resources (one copy per process, never pickled); rows read through them are cached
data. Both are keyed on the data directory and the
store a build made current, so a rebuild is picked up on the next rerun and the old store
is let go (``max_entries=1``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st
import streamlit.components.v1 as components

from graph import (
    ClaimRow,
    DocumentInfo,
    EntityDetails,
    EventRow,
    GraphStore,
    KGError,
    MapPoint,
    Passage,
    QueryEngine,
    SavedQuery,
    Settings,
    Stats,
    claims,
    current_store_path,
    document_passage,
    documents,
    entity_details,
    entity_documents,
    entity_graph,
    events,
    load_queries,
    load_settings,
    places,
)

ROOT = Path(__file__).resolve().parent.parent
# Where the Network page leaves its filters (a NetworkFilter) for the Export page.
FILTER_KEY = "network_filter"
TYPE_TITLES = {
    "Person": "Person",
    "Organization": "Organization",
    "MilitaryUnit": "Military unit",
    "Place": "Place",
}


@dataclass(frozen=True)
class GraphRef:
    """Which graph a page shows: the data directory and its current store."""

    data_dir: str
    version: str


@st.cache_resource(max_entries=1, show_spinner=False)
def open_store(data_dir: str, version: str) -> GraphStore:
    return GraphStore.open(load_settings(data_dir))


# A resource, not data: cache_data would unpickle a copy of the whole graph on every rerun.
# Nothing mutates it (views take subgraph copies).
@st.cache_resource(max_entries=1, show_spinner="Reading the graph…")
def load_graph(data_dir: str, version: str) -> nx.MultiDiGraph:
    return entity_graph(query_engine(data_dir))


# One engine (and query worker process) per data directory; it follows rebuilds itself.
# Pass the timeout and row cap to each run: settings read here would stay as first read.
@st.cache_resource(max_entries=1, show_spinner=False)
def query_engine(data_dir: str) -> QueryEngine:
    return QueryEngine(load_settings(data_dir))


@st.cache_data(max_entries=1, show_spinner=False)
def saved_queries(data_dir: str) -> dict[str, SavedQuery]:
    return load_queries(load_settings(data_dir).queries_dir)


@st.cache_data(max_entries=2, show_spinner=False)
def graph_stats(data_dir: str, version: str) -> Stats:
    return open_store(data_dir, version).stats()


@st.cache_data(max_entries=2, show_spinner=False)
def document_rows(data_dir: str, version: str) -> list[DocumentInfo]:
    return documents(query_engine(data_dir))


@st.cache_data(max_entries=2, show_spinner=False)
def event_rows(data_dir: str, version: str) -> list[EventRow]:
    return events(query_engine(data_dir))


@st.cache_data(max_entries=2, show_spinner=False)
def claim_rows(data_dir: str, version: str) -> list[ClaimRow]:
    return claims(query_engine(data_dir))


@st.cache_data(max_entries=2, show_spinner=False)
def place_rows(data_dir: str, version: str) -> list[MapPoint]:
    return places(query_engine(data_dir))


@st.cache_data(max_entries=2, show_spinner=False)
def documents_of_entities(data_dir: str, version: str) -> dict[str, frozenset[str]]:
    return entity_documents(query_engine(data_dir))


@st.cache_data(max_entries=32, show_spinner=False)
def passage_of(data_dir: str, version: str, doc_iri: str) -> Passage:
    return document_passage(query_engine(data_dir), doc_iri)


@st.cache_data(max_entries=64, show_spinner=False)
def details_of(data_dir: str, version: str, iri: str) -> EntityDetails:
    return entity_details(
        query_engine(data_dir),
        iri,
        event_rows=event_rows(data_dir, version),
        claim_rows=claim_rows(data_dir, version),
    )


def current_version(settings: Settings) -> str | None:
    """Name of the store a build made current, or None before the first build."""
    path = current_store_path(settings)
    return path.name if path is not None else None


def build_seeds(settings: Settings) -> None:
    # Imported here, not at the top: building loads spaCy, which every page would
    # otherwise import on a cold start (0.6 s of the Network page's first paint).
    from graph import build_corpus

    seeds = settings.seeds_dir if settings.seeds_dir.is_absolute() else ROOT / settings.seeds_dir
    with st.status(f"Building the graph from {settings.seeds_dir}/ on first run…") as status:
        report = build_corpus(settings, [seeds])
        status.update(
            label=f"Built the graph from {report.documents} article(s) in {report.seconds:.0f} s",
            state="complete",
            expanded=False,
        )


def graph_ref() -> GraphRef:
    """The current graph, built from ``seeds/`` first if there is none yet."""
    settings = load_settings()
    version = current_version(settings)
    if version is None:
        build_seeds(settings)
        version = current_version(settings) or ""
    return GraphRef(str(settings.data_dir.resolve()), version)


def run_page(title: str, body: Callable[[GraphRef], None]) -> None:
    """Show a page; a graph or input error is one red line, not a traceback."""
    st.title(title)
    try:
        body(graph_ref())
    except KGError as exc:
        show_error(exc)
        st.stop()


def show_error(error: Exception | str) -> None:
    """An error as one red line. Messages quote user input (a file name, a parameter),
    and st.error reads Markdown: escaped, so a value cannot become a link or an image."""
    st.error(md(str(error)))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: str) -> str:
    """Text from the graph made literal for widgets that read Markdown (labels, headers):
    every Markdown punctuation is backslash-escaped, so no link, image or directive."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def show_html(page: str, height: int, *, fit: bool = False) -> None:
    """A page we built (everything in it escaped) in a sandboxed iframe, ``height`` pixels
    tall, or as tall as its content with ``fit`` (a text read to its end: a frame shorter
    than its text scrolls inside the page, with no scrollbar in sight)."""
    # st.iframe replaces components.v1.html (deprecated in recent Streamlit), but the
    # oldest Streamlit this project allows does not have it yet; there ``height`` is an
    # estimate and the frame scrolls.
    embed = getattr(st, "iframe", None)
    if embed is not None:
        embed(page, height="content" if fit else height)
    else:
        components.html(page, height=height, scrolling=True)


def type_title(data: dict[str, str]) -> str:
    return data.get("subtype") or TYPE_TITLES.get(data.get("type", ""), data.get("type", ""))


# Word lists read better as text than as one quoted word a line (so: noqa SIM905).
# Words that open a clause or stand for one: a content that starts so reads on its own.
CLAUSE_OPENERS = frozenset(
    (  # noqa: SIM905
        "that whether if how why what when where who to it they he she we i you this there"
    ).split()
)
# Verbs no noun phrase has; a content with one is a clause.
FINITE_VERBS = frozenset(
    (  # noqa: SIM905
        "is are was were be been has have had will would could can may might must shall "
        "should did does do"
    ).split()
)
# Longer contents without a verb mostly read ("the number of dead much higher").
BARE_WORDS = 5
# Words of the sentence shown before and after a bare content.
BEFORE, AFTER = 8, 10


def is_bare_noun_phrase(content: str) -> bool:
    """A short content with no clause opener and no verb: "control", "the operation"."""
    words = re.findall(r"[\w’'-]+", content.casefold())
    return (
        0 < len(words) <= BARE_WORDS
        and words[0] not in CLAUSE_OPENERS
        and not FINITE_VERBS.intersection(words)
        and not content.rstrip().endswith((".", "!", "?"))
    )


def in_context(claim: ClaimRow) -> str:
    """For a bare content, the words of its evidence sentence around it; else ""."""
    if not claim.evidence or not is_bare_noun_phrase(claim.content):
        return ""
    sentence = " ".join(claim.evidence.split())
    content = " ".join(claim.content.split())
    at = sentence.casefold().find(content.casefold())
    if at < 0:
        return sentence
    before, rest = sentence[:at].split(), sentence[at:].split()
    keep = len(content.split()) + AFTER
    return " ".join(
        (["…"] if len(before) > BEFORE else [])
        + before[-BEFORE:]
        + rest[:keep]
        + (["…"] if len(rest) > keep else [])
    )
