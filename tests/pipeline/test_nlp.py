from graph.pipeline.nlp import chunk_text, prepare_text


def test_chunks_cover_the_text_in_order_within_the_limit():
    text = ("Para one is here.\n\n" * 50) + ("x" * 300) + " tail"
    chunks = list(chunk_text(text, 120))
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 120 for _, c in chunks)
    assert all(text[o : o + len(c)] == c for o, c in chunks)


def test_prepare_text_keeps_offsets():
    text = "Russia’s forces and Ukraine‘s"
    assert len(prepare_text(text)) == len(text) and "’" not in prepare_text(text)


def test_pipeline_has_rules_after_ner(nlp):
    names = nlp.pipe_names
    assert names.index("kg_entity_rules") > names.index("ner")
    doc = nlp(prepare_text("North Korean troops arrived."))
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("North Korean troops", "MILITARY_UNIT", "forces")
    ]


def test_named_formation_with_a_lower_case_noun_is_a_unit(nlp):
    doc = nlp(prepare_text("Viktor Trehubov, spokesman for the Khortytsia group of forces, spoke."))
    assert ("Khortytsia group of forces", "formation") in {(e.text, e.kb_id_) for e in doc.ents}
