"""graph.explore.documents: articles, their text with mentions marked, and its pieces."""

from __future__ import annotations

from graph.explore.documents import document_passage, documents, segments
from graph.explore.rows import Span


def test_segments_skip_overlapping_and_out_of_range_spans():
    spans = [
        Span(0, 5, "a", "A", "Person"),
        Span(3, 8, "b", "B", "Place"),
        Span(6, 99, "c", "C", "Place"),
    ]
    assert segments("Alice met", spans) == [("Alice", spans[0]), (" met", None)]


def test_documents_have_their_front_matter(engine):
    (seed,) = documents(engine)
    assert seed.published == "2025-04-19" and seed.date_inferred and seed.title


def test_document_passage_marks_mentions_at_their_offsets(engine):
    (seed,) = documents(engine)
    passage = document_passage(engine, seed.iri)
    kursk = [s for s in passage.spans if s.label == "Kursk region"]
    assert kursk and all(passage.text[s.begin : s.end].startswith("Kursk") for s in kursk)


def test_an_article_without_front_matter_is_titled_by_its_whole_first_sentence(engine):
    from graph.explore.documents import documents

    (seed,) = [d for d in documents(engine) if "Kursk" in d.title]
    assert not seed.title.endswith("…")
    assert seed.title.endswith("reclaimed the contested border territory.")
