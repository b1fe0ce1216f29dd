from rdflib import RDFS
from rdflib.namespace import OWL, RDF

from graph.vocab import KG, KG_TERMS, ontology, shapes_text


def test_every_kg_term_is_defined_labelled_and_commented_in_the_ontology():
    onto = ontology()
    defined = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(KG))}
    declared = {KG[name] for name in KG_TERMS}
    assert defined == declared
    for term in defined:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_classes_refine_schema_org():
    onto = ontology()
    parents = {
        str(o) for c in onto.subjects(RDF.type, OWL.Class) for o in onto.objects(c, RDFS.subClassOf)
    }
    for schema_class in ("Person", "Place", "Organization", "Event"):
        assert f"https://schema.org/{schema_class}" in parents
    assert (KG.MilitaryUnit, RDFS.subClassOf, KG.Organization) in onto


def test_unknown_terms_are_rejected():
    import pytest

    with pytest.raises(AttributeError):
        _ = KG.notATerm


def test_shapes_parse():
    from rdflib import Graph

    assert len(Graph().parse(data=shapes_text(), format="turtle")) > 20
