"""Documents: the articles with their front matter, and an article's text with its mentions.

Takes the query engine and gives :class:`DocumentInfo` rows (newest first) and
:class:`Passage` texts whose entity mentions are :class:`Span`\\ s; :func:`segments` cuts a
passage into the plain and marked pieces a page draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.errors import InputError
from graph.explore.rows import DocumentInfo, Passage, Span, as_int, entity_type, local_name
from graph.explore.sparql import select
from graph.store.engine import QueryEngine


def documents(engine: QueryEngine) -> list[DocumentInfo]:
    """Every article, newest first."""
    found: dict[str, DocumentInfo] = {}
    for row in select(engine, "documents"):
        iri = row["doc"]
        found.setdefault(
            iri,
            DocumentInfo(
                iri=iri,
                doc_id=row.get("id") or local_name(iri),
                title=_title(row) or local_name(iri),
                published=row.get("published", ""),
                date_inferred=row.get("inferred") == "true",
                outlet=row.get("outlet", ""),
                url=row.get("url", ""),
            ),
        )
    return sorted(found.values(), key=lambda d: (d.published, d.doc_id), reverse=True)


def _title(row: dict[str, str]) -> str:
    """The headline; the first sentence in full when the headline is that sentence cut
    off (an article without front matter), its first line when that is shorter."""
    title, first = row.get("title", ""), " ".join(row.get("first", "").split())
    if title.endswith("…") and first.startswith(title[:-1].rstrip()):
        return first
    return title or row.get("id", "")


def document_passage(engine: QueryEngine, doc_iri: str) -> Passage:
    """An article's text with every entity mention as a span."""
    rows = select(engine, "document-text", {"doc": [doc_iri]})
    if not rows:
        raise InputError(f"no document {doc_iri!r} in the graph")
    classes: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in select(engine, "document-mentions", {"doc": [doc_iri]}):
        key = (as_int(row["begin"]), as_int(row["end"]), row["entity"])
        classes[key].add(row["class"])
        labels[row["entity"]] = row.get("label") or local_name(row["entity"])
    spans = []
    for (begin, end, entity), names in classes.items():
        kind, subtype = entity_type(names)
        spans.append(Span(begin, end, entity, labels[entity], kind, subtype))
    return Passage("", rows[0]["text"], tuple(sorted(spans, key=lambda s: (s.begin, -s.end))))


def segments(text: str, spans: Iterable[Span]) -> list[tuple[str, Span | None]]:
    """The text cut into plain and marked pieces; overlapping or out-of-range spans are
    skipped (the first, longest one wins)."""
    pieces: list[tuple[str, Span | None]] = []
    at = 0
    for span in sorted(spans, key=lambda s: (s.begin, -s.end)):
        if span.begin < at or span.end <= span.begin or span.end > len(text):
            continue
        if span.begin > at:
            pieces.append((text[at : span.begin], None))
        pieces.append((text[span.begin : span.end], span))
        at = span.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
