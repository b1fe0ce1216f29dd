"""Extraction: parsed documents -> one :class:`~graph.model.Extraction` each.

Documents go through spaCy in batches (``nlp.pipe``), cut into chunks of bounded size; each
document's chunks are then read for entity mentions (:mod:`.entities`) and for the facts
that link them: events, claims, relations and quantities (:mod:`.facts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Document, Extraction
from graph.pipeline.extract.entities import find_mentions
from graph.pipeline.extract.facts import extract_facts
from graph.pipeline.nlp import chunk_text, prepare_text

# Bump when extraction output changes, so cached extractions are redone.
EXTRACTOR_VERSION = 13


def extract_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    max_chars: int,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Parse documents in batches with ``nlp.pipe`` and yield one extraction per document.

    Documents are cut into chunks of at most ``max_chars`` characters; only one document's
    ``Doc`` objects are held at a time, so memory stays bounded on any corpus size.
    """

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for number, document in enumerate(docs):
            for offset, chunk in chunk_text(prepare_text(document.text), max_chars):
                yield chunk, (number, offset)

    docs = list(documents)
    pending: list[tuple[int, Doc]] = []
    current = 0
    piped = nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (number, offset) in piped:
        while number != current:
            yield extract(docs[current], pending)
            pending, current = [], current + 1
        pending.append((offset, doc))
    while current < len(docs):
        yield extract(docs[current], pending)
        pending, current = [], current + 1


def extract(document: Document, parsed: list[tuple[int, Doc]]) -> Extraction:
    """Sentences, mentions and facts of one document from its parsed chunks ``(offset, Doc)``."""
    sentences, mentions, acronyms, sentence_starts = find_mentions(document, parsed)
    facts = extract_facts(
        parsed, mentions, sentence_starts, document.published, date_known=not document.date_inferred
    )
    return Extraction(
        document.doc_id,
        document.content_hash,
        tuple(sentences),
        tuple(mentions),
        tuple(acronyms),
        facts,
        EXTRACTOR_VERSION,
    )
