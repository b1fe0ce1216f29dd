"""graph.explore.subnetwork: the part of the network a filter keeps, and its quads."""

from __future__ import annotations

import networkx as nx
from pyoxigraph import NamedNode

from graph.explore.entities import search_entities
from graph.explore.network import entity_graph
from graph.explore.paths import path_hops
from graph.explore.subnetwork import (
    NetworkFilter,
    entity_documents,
    filter_network,
    filtered_network,
    subgraph_quads,
)
from tests.explore.conftest import GERASIMOV


def test_filter_network_keeps_kinds_and_relations():
    g = nx.MultiDiGraph()
    g.add_node("p", label="Pat", type="Person", subtype="", aliases=("P",), mentions=1)
    g.add_node("c", label="Chad", type="Place", subtype="Country", aliases=(), mentions=3)
    g.add_node("o", label="Org", type="Organization", subtype="", aliases=(), mentions=2)
    g.add_edge("p", "c", key="s", kind="relation", label="state")
    g.add_edge("p", "o", key="m", kind="relation", label="member of")
    assert set(filter_network(g, kinds=["Person", "Country"])) == {"p", "c"}
    assert filter_network(g, relations=["state"]).number_of_edges() == 1
    assert search_entities(g, "p") == ["p"]
    (hop,) = path_hops(g, ["c", "p"])
    assert (hop.source, hop.relation, hop.target) == ("p", "state", "c")


KG = "https://w3id.org/newskg/ontology#"


GENERAL_STAFF = "https://w3id.org/newskg/id/unit/russian-general-staff"


def _subgraph(engine, store, chosen: NetworkFilter):
    g = entity_graph(engine)
    sub = filtered_network(g, chosen, entity_documents(engine))
    return g, sub, subgraph_quads(store, g, sub)


def test_subgraph_quads_keep_only_relations_inside_the_filter(engine, store):
    g, sub, quads = _subgraph(engine, store, NetworkFilter(kinds=("Person",)))
    entities = {q.subject.value for q in quads if q.subject.value in g}
    assert entities == set(sub) and GERASIMOV in entities
    assert not [
        q
        for q in quads
        if q.object.value in g and q.object.value not in sub and q.subject.value in sub
    ]  # no link out to a unit or a place


def test_subgraph_quads_carry_each_relation_with_its_assertion_evidence_and_labels(engine, store):
    _, _, quads = _subgraph(engine, store, NetworkFilter(kinds=("Person", "MilitaryUnit")))
    chief_of = NamedNode(KG + "chiefOf")
    assert (GERASIMOV, GENERAL_STAFF) in {
        (q.subject.value, q.object.value) for q in quads if q.predicate == chief_of
    }
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assertions = {
        q.subject
        for q in quads
        if q.predicate == NamedNode(rdf + "predicate") and q.object == chief_of
    }
    sources = {
        q.object
        for q in quads
        if q.subject in assertions and q.predicate.value.endswith("wasDerivedFrom")
    }
    anchor = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
    evidence = [
        q.object.value for q in quads if q.subject in sources and q.predicate.value == anchor
    ]
    assert any("Gerasimov" in text for text in evidence)
    assert any(q.subject == chief_of and q.predicate.value.endswith("#label") for q in quads)
    # Graph names are kept, so TriG can keep the documents' graphs apart.
    assert len({q.graph_name for q in quads}) > 2


def test_subgraph_quads_export_as_parsable_turtle(engine, store):
    import io

    import rdflib

    _, _, quads = _subgraph(engine, store, NetworkFilter(focus=GERASIMOV, depth=1))
    out = io.BytesIO()
    store.export("turtle", out, quads)
    parsed = rdflib.Graph().parse(data=out.getvalue(), format="turtle")
    assert len(parsed) == len({q.triple for q in quads})
