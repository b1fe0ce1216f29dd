from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.config import load_settings
from graph.store.lifecycle import GraphStore
from graph.store.validate import to_rdflib, validate_graph
from graph.vocab import KG


def test_built_seed_graph_conforms(built_data_dir):
    report = validate_graph(to_rdflib(GraphStore.open(load_settings(built_data_dir))))
    assert report.conforms, report.text


def test_person_with_two_labels_and_no_mention_is_reported(built_data_dir):
    graph = to_rdflib(GraphStore.open(load_settings(built_data_dir)))
    bad = URIRef("https://w3id.org/newskg/id/person/nobody")
    graph.add((bad, RDF.type, KG.Person))
    graph.add((bad, RDFS.label, Literal("A", lang="en")))
    graph.add((bad, RDFS.label, Literal("B", lang="en")))
    report = validate_graph(graph)
    assert not report.conforms and report.violations >= 2
