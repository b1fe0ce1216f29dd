"""graph.pipeline.extract.facts: one document's events, claims, relations and quantities."""

from __future__ import annotations


def test_one_sentence_yields_each_kind_of_fact_tied_to_its_sentence(extract_text):
    _, extraction = extract_text(
        "Headline\n\nUkraine's military said on Tuesday that its forces had captured 12 "
        "Russian soldiers near Sudzha.\n"
    )
    facts = extraction.facts
    assert facts.events and facts.claims and facts.quantities
    sentences = {s.index for s in extraction.sentences}
    for item in (*facts.events, *facts.claims, *facts.relations):
        assert item.sentence in sentences
    assert any(q.quantity.value == 12 for q in facts.quantities)


def test_a_text_without_entities_has_no_facts(extract_text):
    _, extraction = extract_text("Note\n\nthe weather was mild and nothing happened.\n")
    assert not extraction.facts.relations and not extraction.facts.claims
