"""Namespaces and the project's ontology terms (defined in ``ontology.ttl``).

``KG`` is an rdflib ``ClosedNamespace`` of the terms ``ontology.ttl`` defines: using any
other raises, so a typo cannot silently mint a new predicate. IRIs of documents and entities
are built here too, from slugs, so they are readable and never broken by odd characters.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import quote

from rdflib import Graph, Namespace
from rdflib.namespace import ClosedNamespace

from graph.model import KIND_PATHS

BASE = "https://w3id.org/newskg/"
ID = Namespace(BASE + "id/")
GRAPHS = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GEONAMES = "https://sws.geonames.org/"
PLOVER = Namespace(BASE + "plover/")

ONTOLOGY_GRAPH = GRAPHS["ontology"]
ENTITY_GRAPH = GRAPHS["entities"]


def _ontology_terms() -> list[str]:
    """The local names the ontology defines (every ``kg:Name a …`` statement)."""
    return re.findall(r"^kg:(\w+)\s+a\s", ontology_text(), re.MULTILINE)


def ontology_text() -> str:
    return resources.files("graph").joinpath("data/ontology.ttl").read_text(encoding="utf-8")


# The ontology's terms, read from the ontology itself: a term it does not define raises
# (``KG.notATerm``), so a typo cannot silently mint a new predicate.
KG_TERMS = tuple(_ontology_terms())
KG = ClosedNamespace(BASE + "ontology#", list(KG_TERMS))


PREFIXES = {
    "kg": str(KG),
    "plover": str(PLOVER),
    "id": str(ID),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "prov": str(PROV),
    "geo": str(GEO),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def entity_iri(kind: str, slug: str) -> str:
    return f"{ID}{KIND_PATHS[kind]}/{_segment(slug)}"


@functools.lru_cache(maxsize=65536)
def document_iri(doc_id: str) -> str:
    return f"{ID}document/{_segment(doc_id)}"


def document_graph(doc_id: str) -> str:
    return f"{GRAPHS}document/{_segment(doc_id)}"


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _segment(text: str) -> str:
    """A percent-encoded path segment; ids and slugs are usually plain already, and
    ``quote`` costs microseconds a call, enough to dominate rendering a hub entity."""
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="-")


def shapes_text() -> str:
    return resources.files("graph").joinpath("data/shapes.ttl").read_text(encoding="utf-8")


def ontology() -> Graph:
    """The ontology as an rdflib graph."""
    return Graph().parse(data=ontology_text(), format="turtle")
