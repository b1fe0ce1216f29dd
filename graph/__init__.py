"""newskg: news articles -> a provenance-complete RDF knowledge graph.

The public API used by the CLI, the app and other programs. Data flows one way through the
stages: ingest -> nlp -> extract -> resolve -> build -> store -> queries.

Names are imported on first use (PEP 562): ``import graph.store`` or ``graph.explore`` must
not pay for spaCy, which the build stages load. That keeps ``kg query`` and the query
worker process quick to start; ``from graph import X`` works as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.config import BACKENDS, Settings, load_settings
    from graph.errors import (
        InputError,
        KGError,
        ModelError,
        QueryError,
        QueryTimeout,
        StoreError,
    )
    from graph.explore.claims import claims, group_claims
    from graph.explore.documents import document_passage, documents, segments
    from graph.explore.entities import (
        entity_choices,
        entity_details,
        label_of,
        most_connected,
        search_entities,
    )
    from graph.explore.events import dated_events, events
    from graph.explore.network import (
        CO_MENTION,
        RELATION,
        TYPES,
        EntitySummary,
        ego_graph,
        entity_graph,
        most_mentioned,
        shortest_paths,
        type_counts,
    )
    from graph.explore.paths import path_hops
    from graph.explore.places import places
    from graph.explore.results import result_dates, result_graph, result_points, result_records
    from graph.explore.rows import (
        ClaimGroup,
        ClaimRow,
        DatedRow,
        DocumentInfo,
        EntityDetails,
        EventRow,
        Hop,
        MapPoint,
        Passage,
        RelationRow,
        Span,
    )
    from graph.explore.subnetwork import (
        NetworkFilter,
        entity_documents,
        filter_network,
        filtered_network,
        node_kind,
        relation_labels,
        subgraph_quads,
    )
    from graph.explore.viz import NetworkView, render_network, style_of
    from graph.model import Document, Entity, Extraction, Mention, Resolution
    from graph.pipeline.corpus import (
        BuildReport,
        build_corpus,
        load_cache,
        pasted_article,
        remove_documents,
        save_article,
    )
    from graph.pipeline.extract.extractor import extract_documents
    from graph.pipeline.ingest import read_document
    from graph.pipeline.nlp import load_pipeline
    from graph.pipeline.resolve import resolve_entities
    from graph.store.base import Backend, QueryResult, Stats
    from graph.store.engine import QueryEngine
    from graph.store.library import Parameter, SavedQuery, load_queries, read_query
    from graph.store.lifecycle import EXPORT_FORMATS, GraphStore, current_store_path, open_backend
    from graph.store.memory import MemoryBackend
    from graph.store.oxigraph import OxigraphBackend
    from graph.store.remote import RemoteBackend
    from graph.store.results import format_result, serialize_result
    from graph.store.validate import ValidationReport, to_rdflib, validate_graph

# Public name -> the module that defines it.
_MODULES = {
    "graph.config": ("BACKENDS", "Settings", "load_settings"),
    "graph.pipeline.corpus": (
        "BuildReport",
        "build_corpus",
        "load_cache",
        "pasted_article",
        "remove_documents",
        "save_article",
    ),
    "graph.errors": (
        "InputError",
        "KGError",
        "ModelError",
        "QueryError",
        "QueryTimeout",
        "StoreError",
    ),
    "graph.explore.rows": (
        "ClaimGroup",
        "ClaimRow",
        "DatedRow",
        "DocumentInfo",
        "EntityDetails",
        "EventRow",
        "Hop",
        "MapPoint",
        "Passage",
        "RelationRow",
        "Span",
    ),
    "graph.explore.documents": ("document_passage", "documents", "segments"),
    "graph.explore.events": ("dated_events", "events"),
    "graph.explore.claims": ("claims", "group_claims"),
    "graph.explore.places": ("places",),
    "graph.explore.entities": (
        "entity_choices",
        "entity_details",
        "label_of",
        "most_connected",
        "search_entities",
    ),
    "graph.explore.subnetwork": (
        "NetworkFilter",
        "entity_documents",
        "filter_network",
        "filtered_network",
        "node_kind",
        "relation_labels",
        "subgraph_quads",
    ),
    "graph.explore.paths": ("path_hops",),
    "graph.explore.results": ("result_dates", "result_graph", "result_points", "result_records"),
    "graph.model": ("Document", "Entity", "Extraction", "Mention", "Resolution"),
    "graph.pipeline.extract.extractor": ("extract_documents",),
    "graph.pipeline.ingest": ("read_document",),
    "graph.explore.network": (
        "CO_MENTION",
        "RELATION",
        "TYPES",
        "EntitySummary",
        "ego_graph",
        "entity_graph",
        "most_mentioned",
        "shortest_paths",
        "type_counts",
    ),
    "graph.pipeline.nlp": ("load_pipeline",),
    "graph.store.base": ("Backend", "QueryResult", "Stats"),
    "graph.store.engine": ("QueryEngine",),
    "graph.store.library": ("Parameter", "SavedQuery", "load_queries", "read_query"),
    "graph.pipeline.resolve": ("resolve_entities",),
    "graph.store.lifecycle": ("EXPORT_FORMATS", "GraphStore", "current_store_path", "open_backend"),
    "graph.store.memory": ("MemoryBackend",),
    "graph.store.oxigraph": ("OxigraphBackend",),
    "graph.store.remote": ("RemoteBackend",),
    "graph.store.results": ("format_result", "serialize_result"),
    "graph.store.validate": ("ValidationReport", "to_rdflib", "validate_graph"),
    "graph.explore.viz": ("NetworkView", "render_network", "style_of"),
}
_ORIGIN = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "BACKENDS",
    "CO_MENTION",
    "EXPORT_FORMATS",
    "RELATION",
    "TYPES",
    "Backend",
    "BuildReport",
    "ClaimGroup",
    "ClaimRow",
    "DatedRow",
    "Document",
    "DocumentInfo",
    "Entity",
    "EntityDetails",
    "EntitySummary",
    "EventRow",
    "Extraction",
    "GraphStore",
    "Hop",
    "InputError",
    "KGError",
    "MapPoint",
    "MemoryBackend",
    "Mention",
    "ModelError",
    "NetworkFilter",
    "NetworkView",
    "OxigraphBackend",
    "Parameter",
    "Passage",
    "QueryEngine",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "RelationRow",
    "RemoteBackend",
    "Resolution",
    "SavedQuery",
    "Settings",
    "Span",
    "Stats",
    "StoreError",
    "ValidationReport",
    "build_corpus",
    "claims",
    "current_store_path",
    "dated_events",
    "document_passage",
    "documents",
    "ego_graph",
    "entity_choices",
    "entity_details",
    "entity_documents",
    "entity_graph",
    "events",
    "extract_documents",
    "filter_network",
    "filtered_network",
    "format_result",
    "group_claims",
    "label_of",
    "load_cache",
    "load_pipeline",
    "load_queries",
    "load_settings",
    "most_connected",
    "most_mentioned",
    "node_kind",
    "open_backend",
    "pasted_article",
    "path_hops",
    "places",
    "read_document",
    "read_query",
    "relation_labels",
    "remove_documents",
    "render_network",
    "resolve_entities",
    "result_dates",
    "result_graph",
    "result_points",
    "result_records",
    "save_article",
    "search_entities",
    "segments",
    "serialize_result",
    "shortest_paths",
    "style_of",
    "subgraph_quads",
    "to_rdflib",
    "type_counts",
    "validate_graph",
]


def __getattr__(name: str) -> Any:
    module = _ORIGIN.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
