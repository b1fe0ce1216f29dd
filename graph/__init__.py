"""newskg: news articles -> a provenance-complete RDF knowledge graph.

The public API used by the CLI, the app and other programs. Data flows one way through the
stages: ingest -> nlp -> extract -> resolve -> build -> store.
"""

from graph.config import Settings, load_settings
from graph.corpus import BuildReport, build_corpus, load_cache
from graph.errors import InputError, KGError, ModelError, StoreError
from graph.extract import Extraction, Mention, extract_documents
from graph.ingest import Document, read_document
from graph.network import (
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
from graph.nlp import load_pipeline
from graph.resolve import Entity, Resolution, resolve_entities
from graph.store import EXPORT_FORMATS, GraphStore, Stats
from graph.validate import ValidationReport, to_rdflib, validate_graph
from graph.viz import NetworkView, render_network

__all__ = [
    "CO_MENTION",
    "EXPORT_FORMATS",
    "RELATION",
    "TYPES",
    "BuildReport",
    "Document",
    "Entity",
    "EntitySummary",
    "Extraction",
    "GraphStore",
    "InputError",
    "KGError",
    "Mention",
    "ModelError",
    "NetworkView",
    "Resolution",
    "Settings",
    "Stats",
    "StoreError",
    "ValidationReport",
    "build_corpus",
    "ego_graph",
    "entity_graph",
    "extract_documents",
    "load_cache",
    "load_pipeline",
    "load_settings",
    "most_mentioned",
    "read_document",
    "render_network",
    "resolve_entities",
    "shortest_paths",
    "to_rdflib",
    "type_counts",
    "validate_graph",
]
