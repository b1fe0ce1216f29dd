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


def test_human_label_reads_the_ontology_labels():
    from graph.vocab import human_header, human_label

    assert human_label("MilitaryUnit") == "military unit"
    assert human_label("AidDecision") == "aid decision"
    assert human_label("kg:commanderOf") == "commander of"
    assert human_label(str(KG.documentCount)) == "document count"
    assert human_label("kg:state") == "belongs to state"
    assert human_header("Place") == human_header("place") == "Place"
    assert human_header("MilitaryUnit") == "Military unit"


def test_human_label_names_columns_and_other_vocabularies():
    from graph.vocab import human_header, human_label

    assert human_label("rdfs:label") == "name"
    assert human_label("http://www.w3.org/2004/02/skos/core#altLabel") == "alias"
    assert human_label("otherLabel") == "other label"
    assert human_label("date_precision") == "date precision"
    assert human_header("url") == "URL"
    assert human_header("geonamesId") == "GeoNames id"


def test_every_ontology_term_has_a_human_label_without_camel_case():
    import re

    from graph.vocab import human_label

    for name in KG_TERMS:
        label = human_label(name).replace("GeoNames", "")
        assert not re.search(r"[a-z][A-Z]", label), name
