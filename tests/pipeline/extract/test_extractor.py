"""graph.pipeline.extract.extractor: documents through spaCy in chunks, one extraction each."""

from __future__ import annotations

from graph.pipeline.extract.extractor import EXTRACTOR_VERSION, extract_documents
from graph.pipeline.ingest import parse_document


def document(text: str, doc_id: str):
    return parse_document(text.encode(), source=f"{doc_id}.txt", doc_id=doc_id)


def test_each_document_gets_its_own_extraction_in_order(nlp):
    docs = [
        document("Talks\n\nUkrainian forces entered Sudzha in August.", "a"),
        document("Aid arrives\n\nThe United Nations sent aid to Gaza.", "b"),
    ]
    extractions = list(extract_documents(docs, nlp, max_chars=100_000))
    assert [e.doc_id for e in extractions] == ["a", "b"]
    assert all(e.version == EXTRACTOR_VERSION for e in extractions)
    assert {m.name for m in extractions[0].mentions} >= {"Sudzha"}
    assert {m.name for m in extractions[1].mentions} >= {"Gaza"}


def test_offsets_stay_exact_when_a_document_is_parsed_in_chunks(nlp):
    paragraph = "Ukrainian forces entered Sudzha in August. Russia sent reinforcements to Kursk."
    text = "Headline\n\n" + "\n\n".join([paragraph] * 12)
    doc = document(text, "long")
    whole = next(extract_documents([doc], nlp, max_chars=100_000))
    chunked = next(extract_documents([doc], nlp, max_chars=200))
    for extraction in (whole, chunked):
        for mention in extraction.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
        for sentence in extraction.sentences:
            assert doc.text[sentence.start : sentence.end].strip()
    assert [m.name for m in chunked.mentions] == [m.name for m in whole.mentions]
