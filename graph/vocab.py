"""Namespaces and the project's ontology terms (defined in ``ontology.ttl``).

``KG`` is an rdflib ``ClosedNamespace`` of the terms ``ontology.ttl`` defines: using any
other raises, so a typo cannot silently mint a new predicate. IRIs of documents and entities
are built here too, from slugs, so they are readable and never broken by odd characters.
:func:`human_label` names any term, column or class for people, from the ontology's
``rdfs:label``s: the one table every page, the CLI's tables and the CSV headers read.
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


# Terms of other vocabularies the graph uses, named as the ontology would name them.
_OTHER_LABELS = {
    str(PREFIXES["rdfs"]) + "label": "name",
    str(PREFIXES["rdfs"]) + "comment": "description",
    str(PREFIXES["rdf"]) + "type": "type",
    str(PREFIXES["skos"]) + "prefLabel": "name",
    str(PREFIXES["skos"]) + "altLabel": "alias",
    str(SCHEMA) + "name": "name",
    str(SCHEMA) + "jobTitle": "job title",
    str(SCHEMA) + "url": "URL",
    str(SCHEMA) + "datePublished": "published",
    str(SCHEMA) + "startDate": "date",
    str(SCHEMA) + "publisher": "outlet",
    str(PREFIXES["dcterms"]) + "title": "title",
    str(GEO) + "lat": "latitude",
    str(GEO) + "long": "longitude",
    str(PROV) + "wasDerivedFrom": "derived from",
}
# Words a column or key name is made of that are not written in lower case.
_WORDS = {
    "url": "URL",
    "iri": "IRI",
    "id": "id",
    "geonames": "GeoNames",
    "plover": "PLOVER",
    "cameo": "CAMEO",
}
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@functools.cache
def human_labels() -> dict[str, str]:
    """Every ontology term's ``rdfs:label`` (``skos:prefLabel`` for PLOVER concepts), by
    full IRI and by prefixed name (``kg:commanderOf`` -> commander of), plus the few
    terms of other vocabularies the pages show."""
    from rdflib import RDFS, SKOS

    onto = ontology()
    table: dict[str, str] = dict(_OTHER_LABELS)
    for predicate in (SKOS.prefLabel, RDFS.label):  # rdfs:label wins
        for subject, name in onto.subject_objects(predicate):
            table[str(subject)] = str(name)
    for iri, text in list(table.items()):
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and iri != namespace:
                table[f"{prefix}:{iri[len(namespace) :]}"] = text
    return table


def human_label(term: str) -> str:
    """A term, class, column or key as people say it, in lower case unless a name.

    Takes a full IRI, a prefixed name (``kg:commanderOf``), a bare ontology name
    (``MilitaryUnit``, ``documentCount``) or a column name (``otherLabel``,
    ``date_precision``); the ontology's label when it has one (``military unit``,
    ``document count``), else the name's words (``other label``, ``date precision``).
    """
    table = human_labels()
    text = term.strip().removeprefix("<").removesuffix(">")
    if text in table:
        return table[text]
    if ":" not in text and f"kg:{text}" in table:
        return table[f"kg:{text}"]
    if "/" in text or "#" in text:  # an IRI of no known term: its last segment
        text = text.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    elif ":" in text:
        text = text.split(":", 1)[1]
    words = [w for part in re.split(r"[\s_\-]+", text) for w in _CAMEL.findall(part)]
    return (
        " ".join(
            _WORDS.get(w.lower(), w if w.isupper() and len(w) > 1 else w.lower()) for w in words
        )
        or text
    )


def human_header(term: str) -> str:
    """:func:`human_label` as a heading: its first letter upper case (``Military unit``)."""
    label = human_label(term)
    return label[:1].upper() + label[1:]
