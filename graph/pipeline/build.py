"""Build: documents, extractions and resolved entities -> RDF quads (the only triple writer).

Each document's facts (the document node, its sentences and mentions as NIF strings with
offsets) go in the document's named graph, so a document can be replaced or removed alone.
Entities (types, labels, aliases, coordinates) and the reified assertions of their edges,
each with ``prov:wasDerivedFrom`` pointing at the mentions that state it, go in the entity
graph; the ontology travels in its own graph, so any RDF tool can reason over the export.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse
from rdflib import Namespace
from rdflib.namespace import RDF, RDFS, SKOS, XSD, DefinedNamespace

from graph import vocab
from graph.model import (
    COUNTRY,
    FACILITY,
    REGION,
    SETTLEMENT,
    Arg,
    Claim,
    Document,
    Entity,
    EntityForm,
    Event,
    Evidenced,
    Extraction,
    MentionRef,
    Node,
    PlacedQuantity,
    Relation,
    Resolution,
    TimeValue,
)
from graph.pipeline.resolve import arg_key, relation_predicate
from graph.vocab import (
    BASE,
    ENTITY_GRAPH,
    GEONAMES,
    ONTOLOGY_GRAPH,
    PLOVER,
    document_graph,
    document_iri,
    entity_iri,
    ontology_text,
)


class _Terms:
    """A vocabulary's terms as pyoxigraph nodes, each made once: rdflib's namespace lookups
    cost microseconds each, enough to dominate the building of a large corpus."""

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace
        self._nodes: dict[str, NamedNode] = {}

    def __getitem__(self, name: str) -> NamedNode:
        node = self._nodes.get(name)
        if node is None:
            node = self._nodes[name] = NamedNode(str(self._namespace[name]))
        return node

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = self[name]
        setattr(self, name, node)  # later lookups are plain attribute reads
        return node


GEO, ITSRDF, KG, NIF, PROV, SCHEMA = (
    _Terms(ns) for ns in (vocab.GEO, vocab.ITSRDF, vocab.KG, vocab.NIF, vocab.PROV, vocab.SCHEMA)
)

RDF_TYPE = NamedNode(str(RDF.type))
RDF_SUBJECT = NamedNode(str(RDF.subject))
RDF_PREDICATE = NamedNode(str(RDF.predicate))
RDF_OBJECT = NamedNode(str(RDF.object))
RDFS_LABEL = NamedNode(str(RDFS.label))
SKOS_PREF = NamedNode(str(SKOS.prefLabel))
SKOS_ALT = NamedNode(str(SKOS.altLabel))
XSD_INT = NamedNode(str(XSD.integer))
XSD_BOOL = NamedNode(str(XSD.boolean))
XSD_DATE = NamedNode(str(XSD.date))
XSD_DECIMAL = NamedNode(str(XSD.decimal))

_CLASSES = {"person": KG.Person, "organization": KG.Organization, "military_unit": KG.MilitaryUnit}
_PLACE_CLASSES = {
    COUNTRY: KG.Country,
    REGION: KG.Region,
    SETTLEMENT: KG.Settlement,
    FACILITY: KG.Facility,
}


def _n(term: object) -> NamedNode:
    return term if isinstance(term, NamedNode) else NamedNode(str(term))


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _int(value: int, datatype: NamedNode = XSD_INT) -> Literal:
    # xsd:integer, not nif's xsd:nonNegativeInteger: Oxigraph stores derived integer types
    # as xsd:integer, and an export must round-trip to exactly what was built.
    return Literal(str(value), datatype=datatype)


def _bool(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD_BOOL)


def sentence_iri(doc_id: str, index: int) -> str:
    return f"{document_iri(doc_id)}#sentence-{index}"


def mention_iri(doc_id: str, start: int, end: int) -> str:
    """NIF offset-based IRI (RFC 5147 style) of a mention."""
    return f"{document_iri(doc_id)}#char={start},{end}"


def ontology_quads() -> Iterator[Quad]:
    graph = _n(ONTOLOGY_GRAPH)
    for triple in parse(ontology_text(), format=RdfFormat.TURTLE):
        yield Quad(triple.subject, triple.predicate, triple.object, graph)


def document_quads(
    document: Document, extraction: Extraction, resolution: Resolution
) -> Iterator[Quad]:
    """The document node, its sentences and its mentions, in the document's named graph."""
    graph = NamedNode(document_graph(document.doc_id))
    doc = NamedNode(document_iri(document.doc_id))

    def q(s: NamedNode, p: object, o: NamedNode | Literal) -> Quad:
        return Quad(s, _n(p), o, graph)

    yield q(doc, RDF_TYPE, _n(KG.Document))
    yield q(doc, RDF_TYPE, _n(SCHEMA.NewsArticle))
    yield q(doc, RDF_TYPE, _n(NIF.Context))
    yield q(doc, SCHEMA.headline, _en(document.title))
    yield q(doc, RDFS_LABEL, _en(document.title))
    yield q(doc, KG.documentId, Literal(document.doc_id))
    yield q(doc, KG.contentHash, Literal(document.content_hash))
    yield q(doc, KG.sourcePath, Literal(document.source))
    yield q(doc, NIF.isString, Literal(document.text))
    yield q(doc, NIF.beginIndex, _int(0))
    yield q(doc, NIF.endIndex, _int(len(document.text)))
    if document.url:
        yield q(doc, SCHEMA.url, Literal(document.url, datatype=NamedNode(str(XSD.anyURI))))
    if document.outlet:
        yield q(doc, KG.outlet, Literal(document.outlet))
    if document.published:
        yield q(
            doc, SCHEMA.datePublished, Literal(document.published.isoformat(), datatype=XSD_DATE)
        )
        yield q(doc, KG.dateInferred, _bool(document.date_inferred))
    for sentence in extraction.sentences:
        node = NamedNode(sentence_iri(document.doc_id, sentence.index))
        yield q(node, RDF_TYPE, _n(NIF.Sentence))
        yield q(node, NIF.referenceContext, doc)
        yield q(node, NIF.beginIndex, _int(sentence.start))
        yield q(node, NIF.endIndex, _int(sentence.end))
        yield q(node, NIF.anchorOf, Literal(document.text[sentence.start : sentence.end]))
        yield q(node, KG.sentenceIndex, _int(sentence.index))
    for index, mention in enumerate(extraction.mentions):
        key = resolution.by_mention.get(MentionRef(document.doc_id, index))
        if key is None or key not in resolution.nodes:
            continue
        node = NamedNode(mention_iri(document.doc_id, mention.start, mention.end))
        yield q(node, RDF_TYPE, _n(KG.Mention))
        yield q(node, RDF_TYPE, _n(NIF.Phrase))
        yield q(node, NIF.referenceContext, doc)
        yield q(node, NIF.sentence, NamedNode(sentence_iri(document.doc_id, mention.sentence)))
        yield q(node, NIF.beginIndex, _int(mention.start))
        yield q(node, NIF.endIndex, _int(mention.end))
        yield q(node, NIF.anchorOf, Literal(document.text[mention.start : mention.end]))
        yield q(node, ITSRDF.taIdentRef, NamedNode(resolution.nodes[key].iri))
        yield q(node, KG.extractedBy, Literal(mention.rule))
        if mention.metonym:
            yield q(node, KG.isMetonym, _bool(True))


REFERENCE_DATA = f"{BASE}reference/countries"
_UNIT_CODES = {
    "km2": "KMK",
    "km": "KMT",
    "mi": "SMI",
    "mi2": "MIK",
    "m": "MTR",
    "percent": "P1",
    "t": "TNE",
}


def event_iri(doc_id: str, index: int) -> str:
    return f"{document_iri(doc_id)}#event-{index}"


def claim_iri(doc_id: str, index: int) -> str:
    return f"{document_iri(doc_id)}#claim-{index}"


def quantity_iri(doc_id: str, index: int) -> str:
    return f"{document_iri(doc_id)}#quantity-{index}"


def _date_quads(node: NamedNode, value: TimeValue, graph: NamedNode) -> Iterator[Quad]:
    yield Quad(
        node, _n(KG.date), Literal(value.value, datatype=NamedNode(str(XSD[value.xsd_type]))), graph
    )
    yield Quad(node, _n(KG.datePrecision), Literal(value.precision), graph)
    if value.note:
        yield Quad(node, _n(KG.dateNote), Literal(value.note), graph)


def fact_quads(
    document: Document, extraction: Extraction, resolution: Resolution
) -> Iterator[Quad]:
    """Events, claims, quantities and relations of one document, in its named graph."""
    facts = extraction.facts
    doc_id = document.doc_id
    out = _FactGraph(
        document, resolution, NamedNode(document_graph(doc_id)), NamedNode(document_iri(doc_id))
    )
    yield from _event_quads(out, facts.events)
    yield from _claim_quads(out, facts.claims)
    yield from _quantity_quads(out, facts.quantities)
    yield from _relation_quads(out, facts.relations)


@dataclass(frozen=True)
class _FactGraph:
    """Where one document's facts go: its named graph, its text and its resolved entities."""

    document: Document
    resolution: Resolution
    graph: NamedNode
    node: NamedNode  # the document's own node

    def quad(self, s: NamedNode, p: object, o: NamedNode | Literal) -> Quad:
        return Quad(s, _n(p), o, self.graph)

    def entity(self, arg: Arg) -> NamedNode | None:
        """The node an argument resolved to, if it resolved to one."""
        doc_id = self.document.doc_id
        node = self.resolution.nodes.get(arg_key(self.resolution, doc_id, arg) or "")
        return NamedNode(node.iri) if node is not None else None

    def anchored(self, node: NamedNode, sentence: int, start: int, end: int) -> Iterator[Quad]:
        """The sentence a fact comes from and the text it is anchored on."""
        doc_id = self.document.doc_id
        yield self.quad(node, PROV.wasDerivedFrom, NamedNode(sentence_iri(doc_id, sentence)))
        yield self.quad(node, NIF.referenceContext, self.node)
        yield self.quad(node, NIF.beginIndex, _int(start))
        yield self.quad(node, NIF.endIndex, _int(end))
        yield self.quad(node, NIF.anchorOf, Literal(self.document.text[start:end]))


def _event_quads(out: _FactGraph, events: Sequence[Event]) -> Iterator[Quad]:
    q = out.quad
    for index, event in enumerate(events):
        node = NamedNode(event_iri(out.document.doc_id, index))
        yield q(node, RDF_TYPE, _n(KG[event.event_class]))
        yield q(node, RDF_TYPE, _n(KG.Event))
        yield q(node, RDFS_LABEL, _en(f"{event.trigger} ({event.event_class})"))
        yield q(node, KG.trigger, Literal(event.trigger))
        yield q(node, KG.ploverCategory, NamedNode(f"{PLOVER}{event.plover}"))
        if event.cameo:
            yield q(node, KG.cameoCode, Literal(event.cameo))
        yield from out.anchored(node, event.sentence, event.start, event.end)
        if event.date is not None:
            yield from _date_quads(node, event.date, out.graph)
            if event.date_reported:
                yield q(node, KG.dateReported, _bool(True))
        if event.negated:
            yield q(node, KG.negated, _bool(True))
        for arg in event.args:
            target = out.entity(arg)
            if target is not None:
                yield q(node, KG[arg.role], target)


def _claim_quads(out: _FactGraph, claims: Sequence[Claim]) -> Iterator[Quad]:
    q, doc_id, text = out.quad, out.document.doc_id, out.document.text
    for index, claim in enumerate(claims):
        node = NamedNode(claim_iri(doc_id, index))
        yield q(node, RDF_TYPE, _n(KG.Claim))
        content = _claim_content(text, claims, index)
        yield q(node, RDFS_LABEL, _en(f"{claim.stance}: {content[:80]}"))
        yield q(node, KG.reportingVerb, Literal(claim.verb))
        yield q(node, KG.stance, Literal(claim.stance))
        yield q(node, KG.content, Literal(content))
        yield from out.anchored(node, claim.sentence, claim.start, claim.end)
        if claim.date is not None:
            yield from _date_quads(node, claim.date, out.graph)
        for arg in claim.claimants:
            target = out.entity(arg)
            if target is not None:
                yield q(node, KG.claimant, target)
        for number in claim.events:
            yield q(node, KG.about, NamedNode(event_iri(doc_id, number)))
        if claim.refers_to is not None:
            yield q(node, KG.refersTo, NamedNode(claim_iri(doc_id, claim.refers_to)))
        for number in claim.contests:
            yield q(node, KG.contests, NamedNode(claim_iri(doc_id, number)))
        yield q(node, KG.isContested, _bool(bool(claim.contests)))


def _claim_content(text: str, claims: Sequence[Claim], index: int) -> str:
    """What a claim says: its content, or for "disputes the claim", "denials" (anaphoric)
    the content of the claim it answers, followed back through answers to answers."""
    claim = claims[index]
    for _ in range(len(claims)):
        if not claim.anaphoric or claim.refers_to is None:
            break
        claim = claims[claim.refers_to]
    return " ".join(text[claim.content_start : claim.content_end].split())


def _quantity_quads(out: _FactGraph, quantities: Sequence[PlacedQuantity]) -> Iterator[Quad]:
    q, doc_id = out.quad, out.document.doc_id
    for index, placed in enumerate(quantities):
        node = NamedNode(quantity_iri(doc_id, index))
        quantity = placed.quantity
        yield q(node, RDF_TYPE, _n(KG.Quantity))
        yield q(node, RDFS_LABEL, _en(quantity.text))
        for prop, value in (
            (SCHEMA.value, quantity.value),
            (SCHEMA.minValue, quantity.minimum),
            (SCHEMA.maxValue, quantity.maximum),
        ):
            if value is not None:
                yield q(node, prop, Literal(_decimal(value), datatype=XSD_DECIMAL))
        if quantity.unit:
            yield q(node, SCHEMA.unitText, Literal(quantity.unit))
            if quantity.unit in _UNIT_CODES:
                yield q(node, SCHEMA.unitCode, Literal(_UNIT_CODES[quantity.unit]))
        if quantity.counted:
            yield q(node, KG.counts, Literal(quantity.counted))
        if quantity.qualifier:
            yield q(node, KG.qualifier, Literal(quantity.qualifier))
        yield from out.anchored(node, placed.sentence, quantity.start, quantity.end)
        if placed.event is not None:
            yield q(NamedNode(event_iri(doc_id, placed.event)), KG.quantity, node)
        if placed.claim is not None:
            yield q(NamedNode(claim_iri(doc_id, placed.claim)), KG.quantity, node)


def _relation_quads(out: _FactGraph, relations: Sequence[Relation]) -> Iterator[Quad]:
    """Each relation as an edge between resolved nodes, and reified with its sentence."""
    q, doc_id = out.quad, out.document.doc_id
    for relation in relations:
        subject, obj = out.entity(relation.subject), out.entity(relation.object)
        if subject is None or obj is None or subject == obj:
            continue
        predicate = _n(KG[relation_predicate(relation, out.resolution, doc_id)])
        yield q(subject, predicate, obj)
        digest = hashlib.sha1(
            f"{subject.value} {predicate.value} {obj.value} {doc_id} {relation.sentence}".encode()
        ).hexdigest()[:16]
        node = NamedNode(f"{document_iri(doc_id)}#assertion-{digest}")
        yield q(node, RDF_TYPE, _n(KG.Assertion))
        yield q(node, RDF_SUBJECT, subject)
        yield q(node, RDF_PREDICATE, predicate)
        yield q(node, RDF_OBJECT, obj)
        yield q(node, PROV.wasDerivedFrom, NamedNode(sentence_iri(doc_id, relation.sentence)))
        if relation.role:
            yield q(node, KG.role, Literal(relation.role))


def _decimal(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def entity_form(entity: Entity, nodes: Mapping[str, Node]) -> EntityForm:
    """An entity's form; ``nodes`` has the entities its edges point at."""
    lat = f"{entity.lat:.5f}" if entity.lat is not None and entity.lon is not None else None
    lon = f"{entity.lon:.5f}" if lat is not None else None
    code = entity.key.split(":", 1)[1] if entity.key.startswith("country:") else None
    head = (
        tuple(c.value for c in _classes(entity)),
        entity.label,
        entity.aliases,
        lat,
        lon,
        entity.geonameid,
        code,
    )
    source = f"{GEONAMES}{entity.geonameid}/" if entity.geonameid is not None else REFERENCE_DATA

    def evidence(value: Evidenced) -> tuple[str, ...]:
        # No sentence states it: it comes from reference data, GeoNames or the state tables.
        return tuple(mention_iri(*span) for span in value.refs) or (source,)

    edges = {}
    for role in entity.roles:
        edges[(SCHEMA.jobTitle.value, "en", role.value)] = evidence(role)
    if entity.state is not None and entity.state.value in nodes:
        predicate = KG.locatedIn if entity.kind == "place" else KG.state
        edges[(predicate.value, "iri", nodes[entity.state.value].iri)] = evidence(entity.state)
    if entity.part_of is not None and entity.part_of.value in nodes:
        edges[(KG.partOf.value, "iri", nodes[entity.part_of.value].iri)] = evidence(entity.part_of)
    return EntityForm(
        entity_iri(entity.kind, entity.slug),
        head,
        (entity.mention_count, len(entity.documents)),
        entity.documents,
        edges,
    )


def form_quads(form: EntityForm) -> Iterator[Quad]:
    node = NamedNode(form.iri)
    yield from _head_quads(node, form.head)
    yield from _count_quads(node, form.counts)
    for doc_id in form.documents:
        yield _doc_quad(node, doc_id)
    for edge, evidence in form.edges.items():
        assertion, quads = _edge_quads(node, edge)
        yield from quads
        for item in evidence:
            yield _evidence_quad(assertion, item)


def form_changes(old: EntityForm | None, new: EntityForm | None) -> tuple[list[Quad], list[Quad]]:
    """The quads to remove and to add to turn an entity's old form into its new one."""
    if old is None or new is None or old.iri != new.iri:
        return (list(form_quads(old)) if old else [], list(form_quads(new)) if new else [])
    node = NamedNode(new.iri)
    remove: list[Quad] = []
    add: list[Quad] = []
    if old.head != new.head:
        remove += _head_quads(node, old.head)
        add += _head_quads(node, new.head)
    if old.counts != new.counts:
        remove += _count_quads(node, old.counts)
        add += _count_quads(node, new.counts)
    before, after = set(old.documents), set(new.documents)
    remove += (_doc_quad(node, d) for d in before - after)
    add += (_doc_quad(node, d) for d in after - before)
    for edge in old.edges.keys() | new.edges.keys():
        assertion, quads = _edge_quads(node, edge)
        was, now = set(old.edges.get(edge, ())), set(new.edges.get(edge, ()))
        if not now:
            remove += quads
        elif not was:
            add += quads
        remove += (_evidence_quad(assertion, item) for item in was - now)
        add += (_evidence_quad(assertion, item) for item in now - was)
    return remove, add


_ENTITIES = NamedNode(str(ENTITY_GRAPH))


def _head_quads(node: NamedNode, head: tuple[Any, ...]) -> Iterator[Quad]:
    classes, label, aliases, lat, lon, geonameid, code = head
    graph = _ENTITIES
    for cls in classes:
        yield Quad(node, RDF_TYPE, NamedNode(cls), graph)
    yield Quad(node, RDFS_LABEL, _en(label), graph)
    yield Quad(node, SKOS_PREF, _en(label), graph)
    for alias in aliases:
        yield Quad(node, SKOS_ALT, _en(alias), graph)
    if lat is not None:
        yield Quad(node, GEO.lat, Literal(lat, datatype=XSD_DECIMAL), graph)
        yield Quad(node, GEO.long, Literal(lon, datatype=XSD_DECIMAL), graph)
    if geonameid is not None:
        yield Quad(node, KG.geonamesId, _int(geonameid), graph)
        yield Quad(node, SCHEMA.sameAs, NamedNode(f"{GEONAMES}{geonameid}/"), graph)
    if code is not None:
        yield Quad(node, KG.countryCode, Literal(code), graph)


def _count_quads(node: NamedNode, counts: tuple[int, int]) -> list[Quad]:
    return [
        Quad(node, KG.mentionCount, _int(counts[0]), _ENTITIES),
        Quad(node, KG.documentCount, _int(counts[1]), _ENTITIES),
    ]


def _doc_quad(node: NamedNode, doc_id: str) -> Quad:
    return Quad(node, PROV.wasDerivedFrom, NamedNode(document_iri(doc_id)), _ENTITIES)


def _edge_quads(subject: NamedNode, edge: tuple[str, str, str]) -> tuple[NamedNode, list[Quad]]:
    """An edge's triple and its reified assertion (evidence aside)."""
    predicate_iri, form, value = edge
    predicate = NamedNode(predicate_iri)
    obj: NamedNode | Literal = NamedNode(value) if form == "iri" else _en(value)
    digest = hashlib.sha1(f"{subject.value} {predicate.value} {obj}".encode()).hexdigest()[:16]
    node = NamedNode(f"{subject.value}/assertion/{digest}")
    graph = _ENTITIES
    return node, [
        Quad(subject, predicate, obj, graph),
        Quad(node, RDF_TYPE, KG.Assertion, graph),
        Quad(node, RDF_SUBJECT, subject, graph),
        Quad(node, RDF_PREDICATE, predicate, graph),
        Quad(node, RDF_OBJECT, obj, graph),
    ]


def _evidence_quad(assertion: NamedNode, item: str) -> Quad:
    return Quad(assertion, PROV.wasDerivedFrom, NamedNode(item), _ENTITIES)


def _classes(entity: Entity) -> list[NamedNode]:
    if entity.kind == "place":
        return [KG.Place] + (
            [_PLACE_CLASSES[entity.subtype]] if entity.subtype in _PLACE_CLASSES else []
        )
    return [_CLASSES[entity.kind]]


__all__ = [
    "DefaultGraph",
    "EntityForm",
    "entity_form",
    "form_changes",
    "form_quads",
    "mention_iri",
    "sentence_iri",
]
