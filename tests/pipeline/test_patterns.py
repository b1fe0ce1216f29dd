"""The dependency shapes of data/patterns.yaml, matched by the kg_dependency_patterns component."""

from graph.pipeline.patterns import PatternMatch, relation_patterns


def test_the_component_runs_last_and_keeps_its_matches_on_the_doc(nlp):
    assert nlp.pipe_names[-1] == "kg_dependency_patterns"
    doc = nlp("Jane Miller of the Brookings Institution said so.")
    miller = next(t.i for t in doc if t.text == "Miller")
    brookings = next(t.i for t in doc if t.text == "Institution")
    assert PatternMatch("affiliation", miller, brookings) in doc._.kg_patterns


def test_every_shape_names_its_relation_and_its_two_anchors():
    for shape in relation_patterns().values():
        anchors = [node["RIGHT_ID"] for node in shape.pattern]
        assert {"subject", "object"} <= set(anchors), shape.id
        assert shape.predicate and shape.subject and shape.object
