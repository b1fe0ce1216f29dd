"""newskg: news articles -> a provenance-complete RDF knowledge graph.

The public API used by the CLI, the app and other programs. Data flows one way through the
stages: ingest -> nlp -> extract -> resolve -> build -> store.
"""

from graph.config import Settings, load_settings
from graph.corpus import BuildReport, build_corpus, load_cache
from graph.errors import InputError, KGError, ModelError, StoreError
from graph.extract import Extraction, Mention, extract_documents
from graph.ingest import Document, read_document
from graph.nlp import load_pipeline
from graph.resolve import Entity, Resolution, resolve_entities
from graph.store import EXPORT_FORMATS, GraphStore, Stats
from graph.validate import ValidationReport, to_rdflib, validate_graph

__all__ = [
    "EXPORT_FORMATS",
    "BuildReport",
    "Document",
    "Entity",
    "Extraction",
    "GraphStore",
    "InputError",
    "KGError",
    "Mention",
    "ModelError",
    "Resolution",
    "Settings",
    "Stats",
    "StoreError",
    "ValidationReport",
    "build_corpus",
    "extract_documents",
    "load_cache",
    "load_pipeline",
    "load_settings",
    "read_document",
    "resolve_entities",
    "to_rdflib",
    "validate_graph",
]
