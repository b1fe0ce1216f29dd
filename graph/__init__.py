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

if TYPE_CHECKING:  # the same names, for type checkers (a test keeps both in step)
    from graph.config import (
        BACKENDS as BACKENDS,
    )
    from graph.config import (
        DEFAULT_SEEDS_DIR as DEFAULT_SEEDS_DIR,
    )
    from graph.config import (
        Settings as Settings,
    )
    from graph.config import (
        debug_enabled as debug_enabled,
    )
    from graph.config import (
        load_settings as load_settings,
    )
    from graph.errors import (
        InputError as InputError,
    )
    from graph.errors import (
        KGError as KGError,
    )
    from graph.errors import (
        ModelError as ModelError,
    )
    from graph.errors import (
        QueryError as QueryError,
    )
    from graph.errors import (
        QueryTimeout as QueryTimeout,
    )
    from graph.errors import (
        StoreError as StoreError,
    )
    from graph.explore.basemap import (
        country_outlines as country_outlines,
    )
    from graph.explore.claims import (
        claims as claims,
    )
    from graph.explore.claims import (
        group_claims as group_claims,
    )
    from graph.explore.connections import (
        connection_paths as connection_paths,
    )
    from graph.explore.connections import (
        run_saved_query as run_saved_query,
    )
    from graph.explore.documents import (
        document_passage as document_passage,
    )
    from graph.explore.documents import (
        documents as documents,
    )
    from graph.explore.documents import (
        segments as segments,
    )
    from graph.explore.entities import (
        entity_choices as entity_choices,
    )
    from graph.explore.entities import (
        entity_details as entity_details,
    )
    from graph.explore.entities import (
        find_entity as find_entity,
    )
    from graph.explore.entities import (
        label_of as label_of,
    )
    from graph.explore.entities import (
        most_connected as most_connected,
    )
    from graph.explore.entities import (
        search_entities as search_entities,
    )
    from graph.explore.events import (
        dated_events as dated_events,
    )
    from graph.explore.events import (
        drawn_period as drawn_period,
    )
    from graph.explore.events import (
        events as events,
    )
    from graph.explore.events import (
        one_per_sentence as one_per_sentence,
    )
    from graph.explore.network import (
        CO_MENTION as CO_MENTION,
    )
    from graph.explore.network import (
        RELATION as RELATION,
    )
    from graph.explore.network import (
        TYPES as TYPES,
    )
    from graph.explore.network import (
        EntitySummary as EntitySummary,
    )
    from graph.explore.network import (
        ego_graph as ego_graph,
    )
    from graph.explore.network import (
        entity_graph as entity_graph,
    )
    from graph.explore.network import (
        most_mentioned as most_mentioned,
    )
    from graph.explore.network import (
        shortest_paths as shortest_paths,
    )
    from graph.explore.network import (
        type_counts as type_counts,
    )
    from graph.explore.paths import (
        path_hops as path_hops,
    )
    from graph.explore.places import (
        places as places,
    )
    from graph.explore.results import (
        result_dates as result_dates,
    )
    from graph.explore.results import (
        result_graph as result_graph,
    )
    from graph.explore.results import (
        result_points as result_points,
    )
    from graph.explore.results import (
        result_records as result_records,
    )
    from graph.explore.rows import (
        ClaimGroup as ClaimGroup,
    )
    from graph.explore.rows import (
        ClaimRow as ClaimRow,
    )
    from graph.explore.rows import (
        CountryOutline as CountryOutline,
    )
    from graph.explore.rows import (
        DatedRow as DatedRow,
    )
    from graph.explore.rows import (
        DocumentInfo as DocumentInfo,
    )
    from graph.explore.rows import (
        EntityDetails as EntityDetails,
    )
    from graph.explore.rows import (
        EventRow as EventRow,
    )
    from graph.explore.rows import (
        Hop as Hop,
    )
    from graph.explore.rows import (
        MapPoint as MapPoint,
    )
    from graph.explore.rows import (
        Passage as Passage,
    )
    from graph.explore.rows import (
        RelationRow as RelationRow,
    )
    from graph.explore.rows import (
        Span as Span,
    )
    from graph.explore.subnetwork import (
        NetworkFilter as NetworkFilter,
    )
    from graph.explore.subnetwork import (
        entity_documents as entity_documents,
    )
    from graph.explore.subnetwork import (
        filter_network as filter_network,
    )
    from graph.explore.subnetwork import (
        filtered_network as filtered_network,
    )
    from graph.explore.subnetwork import (
        node_kind as node_kind,
    )
    from graph.explore.subnetwork import (
        relation_labels as relation_labels,
    )
    from graph.explore.subnetwork import (
        subgraph_quads as subgraph_quads,
    )
    from graph.explore.tables import (
        events_csv as events_csv,
    )
    from graph.explore.tables import (
        events_table as events_table,
    )
    from graph.explore.viz import (
        NetworkView as NetworkView,
    )
    from graph.explore.viz import (
        render_network as render_network,
    )
    from graph.explore.viz import (
        style_of as style_of,
    )
    from graph.model import (
        Document as Document,
    )
    from graph.model import (
        Entity as Entity,
    )
    from graph.model import (
        Extraction as Extraction,
    )
    from graph.model import (
        Mention as Mention,
    )
    from graph.model import (
        Resolution as Resolution,
    )
    from graph.pipeline.corpus import (
        BuildReport as BuildReport,
    )
    from graph.pipeline.corpus import (
        build_corpus as build_corpus,
    )
    from graph.pipeline.corpus import (
        load_cache as load_cache,
    )
    from graph.pipeline.corpus import (
        pasted_article as pasted_article,
    )
    from graph.pipeline.corpus import (
        remove_documents as remove_documents,
    )
    from graph.pipeline.corpus import (
        save_article as save_article,
    )
    from graph.pipeline.extract.extractor import (
        extract_documents as extract_documents,
    )
    from graph.pipeline.ingest import (
        read_document as read_document,
    )
    from graph.pipeline.nlp import (
        load_pipeline as load_pipeline,
    )
    from graph.pipeline.resolve import (
        resolve_entities as resolve_entities,
    )
    from graph.store.base import (
        Backend as Backend,
    )
    from graph.store.base import (
        QueryResult as QueryResult,
    )
    from graph.store.base import (
        Stats as Stats,
    )
    from graph.store.endpoint import (
        serve as serve,
    )
    from graph.store.engine import (
        QueryEngine as QueryEngine,
    )
    from graph.store.library import (
        Parameter as Parameter,
    )
    from graph.store.library import (
        SavedQuery as SavedQuery,
    )
    from graph.store.library import (
        find_query as find_query,
    )
    from graph.store.library import (
        load_queries as load_queries,
    )
    from graph.store.library import (
        read_query as read_query,
    )
    from graph.store.lifecycle import (
        EXPORT_FORMATS as EXPORT_FORMATS,
    )
    from graph.store.lifecycle import (
        GraphStore as GraphStore,
    )
    from graph.store.lifecycle import (
        current_store_path as current_store_path,
    )
    from graph.store.lifecycle import (
        open_backend as open_backend,
    )
    from graph.store.lifecycle import (
        publish as publish,
    )
    from graph.store.lifecycle import (
        write_atomic as write_atomic,
    )
    from graph.store.memory import (
        MemoryBackend as MemoryBackend,
    )
    from graph.store.oxigraph import (
        OxigraphBackend as OxigraphBackend,
    )
    from graph.store.remote import (
        RemoteBackend as RemoteBackend,
    )
    from graph.store.results import (
        RESULT_FORMATS as RESULT_FORMATS,
    )
    from graph.store.results import (
        format_result as format_result,
    )
    from graph.store.results import (
        serialize_result as serialize_result,
    )
    from graph.store.validate import (
        ValidationReport as ValidationReport,
    )
    from graph.store.validate import (
        to_rdflib as to_rdflib,
    )
    from graph.store.validate import (
        validate_graph as validate_graph,
    )
    from graph.vocab import (
        human_header as human_header,
    )
    from graph.vocab import (
        human_label as human_label,
    )
    from graph.vocab import (
        human_labels as human_labels,
    )

# Public name -> the module that defines it.
_MODULES: dict[str, tuple[str, ...]] = {
    "graph.config": (
        "BACKENDS",
        "DEFAULT_SEEDS_DIR",
        "Settings",
        "debug_enabled",
        "load_settings",
    ),
    "graph.errors": (
        "InputError",
        "KGError",
        "ModelError",
        "QueryError",
        "QueryTimeout",
        "StoreError",
    ),
    "graph.explore.basemap": ("country_outlines",),
    "graph.explore.claims": (
        "claims",
        "group_claims",
    ),
    "graph.explore.connections": (
        "connection_paths",
        "run_saved_query",
    ),
    "graph.explore.documents": (
        "document_passage",
        "documents",
        "segments",
    ),
    "graph.explore.entities": (
        "entity_choices",
        "entity_details",
        "find_entity",
        "label_of",
        "most_connected",
        "search_entities",
    ),
    "graph.explore.events": (
        "dated_events",
        "drawn_period",
        "events",
        "one_per_sentence",
    ),
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
    "graph.explore.paths": ("path_hops",),
    "graph.explore.places": ("places",),
    "graph.explore.results": (
        "result_dates",
        "result_graph",
        "result_points",
        "result_records",
    ),
    "graph.explore.rows": (
        "ClaimGroup",
        "ClaimRow",
        "CountryOutline",
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
    "graph.explore.subnetwork": (
        "NetworkFilter",
        "entity_documents",
        "filter_network",
        "filtered_network",
        "node_kind",
        "relation_labels",
        "subgraph_quads",
    ),
    "graph.explore.tables": (
        "events_csv",
        "events_table",
    ),
    "graph.explore.viz": (
        "NetworkView",
        "render_network",
        "style_of",
    ),
    "graph.model": (
        "Document",
        "Entity",
        "Extraction",
        "Mention",
        "Resolution",
    ),
    "graph.pipeline.corpus": (
        "BuildReport",
        "build_corpus",
        "load_cache",
        "pasted_article",
        "remove_documents",
        "save_article",
    ),
    "graph.pipeline.extract.extractor": ("extract_documents",),
    "graph.pipeline.ingest": ("read_document",),
    "graph.pipeline.nlp": ("load_pipeline",),
    "graph.pipeline.resolve": ("resolve_entities",),
    "graph.store.base": (
        "Backend",
        "QueryResult",
        "Stats",
    ),
    "graph.store.endpoint": ("serve",),
    "graph.store.engine": ("QueryEngine",),
    "graph.store.library": (
        "Parameter",
        "SavedQuery",
        "find_query",
        "load_queries",
        "read_query",
    ),
    "graph.store.lifecycle": (
        "EXPORT_FORMATS",
        "GraphStore",
        "current_store_path",
        "open_backend",
        "publish",
        "write_atomic",
    ),
    "graph.store.memory": ("MemoryBackend",),
    "graph.store.oxigraph": ("OxigraphBackend",),
    "graph.store.remote": ("RemoteBackend",),
    "graph.store.results": (
        "RESULT_FORMATS",
        "format_result",
        "serialize_result",
    ),
    "graph.store.validate": (
        "ValidationReport",
        "to_rdflib",
        "validate_graph",
    ),
    "graph.vocab": (
        "human_header",
        "human_label",
        "human_labels",
    ),
}
_ORIGIN = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_ORIGIN)


def __getattr__(name: str) -> Any:
    module = _ORIGIN.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
