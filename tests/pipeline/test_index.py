import itertools
import sqlite3

import pytest

from graph.pipeline.index import FORMAT, CorpusIndex, StaleIndex
from graph.pipeline.resolve import Fold, fact_keys, partials

TEXTS = {
    "a": "Zelensky said Ukrainian troops held the line near Kupiansk.",
    "b": "President Volodymyr Zelensky visited Kharkiv. The Rapid Support Forces (RSF) "
    "shelled El Fasher.",
    "c": "The RSF denied it. Officials of the Carnegie Endowment visited Odesa.",
    "d": "Analysts at the Carnegie Endowment for International Peace said Russia would "
    "press on. Russian forces shelled Kharkiv.",
}


@pytest.fixture(scope="module")
def extracted(extract_text):
    return {doc_id: extract_text(text, doc_id=doc_id) for doc_id, text in TEXTS.items()}


def resolved(extracted, order, remove=()):
    """Entities and mention keys after adding documents in this order, one batch each."""
    with CorpusIndex.memory() as index:
        for doc_id in order:
            document, ex = extracted[doc_id]
            batch = index.begin()
            batch.add(document, ex, fact_keys([ex]))
            batch.finish()
        for doc_id in remove:
            batch = index.begin()
            batch.remove(doc_id)
            batch.finish()
        resolution = index.resolution(full=True)
        return resolution.entities, dict(resolution.by_mention)


def test_the_order_documents_come_in_does_not_change_the_resolution(extracted):
    first = resolved(extracted, "abcd")
    for order in itertools.islice(itertools.permutations("abcd"), 1, None, 5):
        assert resolved(extracted, order) == first


def test_removing_a_document_undoes_it(extracted):
    assert resolved(extracted, "dbca", remove="d") == resolved(extracted, "abc")
    assert resolved(extracted, "abcd", remove="ab") == resolved(extracted, "cd")


def test_a_fold_takes_a_partial_back_out(extracted):
    # Keyed by kind, b and d both have a partial of places.
    places = [
        partials(ex, [m.kind for m in ex.mentions])["place"]
        for doc_id, (_, ex) in extracted.items()
        if doc_id in "bd"
    ]
    both, only_d = Fold(), Fold()
    for part in places:
        both.add(part)
    only_d.add(places[1])
    both.remove(places[0])
    assert both.data() == only_d.data() and both.documents == ["d"]


def test_an_index_of_another_format_or_garbage_is_stale(tmp_path):
    path = tmp_path / "corpus.sqlite"
    CorpusIndex.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value='0' WHERE name='format'")
    with pytest.raises(StaleIndex, match=f"not {FORMAT}"):
        CorpusIndex.open(path)
    path.write_bytes(b"not a database")
    with pytest.raises(StaleIndex):
        CorpusIndex.open(path)
