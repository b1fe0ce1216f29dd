import itertools
import sqlite3

import pytest

from graph.model import MentionRef, Names
from graph.pipeline.index import FORMAT, CorpusIndex, EntityRow, MentionKeys, StaleIndex, Stored
from graph.pipeline.resolve import full_resolution, update
from graph.pipeline.resolve.entities import EntityTally, partials

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

    def read(doc_id):
        return extracted[doc_id][1]

    with CorpusIndex.memory() as index:
        for doc_id in order:
            update(index, [extracted[doc_id]], read=read)
        for doc_id in remove:
            update(index, removed=[doc_id], read=read)
        resolution = full_resolution(index)
        return resolution.entities, dict(resolution.by_mention)


def test_the_order_documents_come_in_does_not_change_the_resolution(extracted):
    first = resolved(extracted, "abcd")
    for order in itertools.islice(itertools.permutations("abcd"), 1, None, 5):
        assert resolved(extracted, order) == first


def test_removing_a_document_undoes_it(extracted):
    assert resolved(extracted, "dbca", remove="d") == resolved(extracted, "abc")
    assert resolved(extracted, "abcd", remove="ab") == resolved(extracted, "cd")


def test_a_tally_takes_a_partial_back_out(extracted):
    # Keyed by kind, b and d both have a partial of places.
    places = [
        partials(ex, [m.kind for m in ex.mentions])["place"]
        for doc_id, (_, ex) in extracted.items()
        if doc_id in "bd"
    ]
    both, only_d = EntityTally(), EntityTally()
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


def test_the_store_gives_back_the_rows_it_was_given():
    names = Names(
        full_names=frozenset({("zelensky", "person:volodymyr zelensky")}),
        org_names=frozenset({"organization:carnegie endowment"}),
        acronyms=frozenset({("rsf", "rapid support forces")}),
        long_forms=frozenset({("rapid support forces", "unit:rapid support forces")}),
        initials=frozenset({("rsf", "unit:rapid support forces")}),
    )
    row = EntityRow(
        key="geonames:1",
        kind="place",
        subtype="settlement",
        path="place",
        slug_base="sudzha",
        slug="sudzha-ru",
        iri="https://example.org/place/sudzha-ru",
        state="region:kursk",
        given_state="country:RU",
        part_of=None,
        settlement_division=("RU", "41"),
        region_division=None,
        implied=False,
    )
    mention = MentionKeys(
        "a", 0, "zelensky", "person:volodymyr zelensky", "person:volodymyr zelensky"
    )
    with CorpusIndex.memory() as index:
        index.put_document(Stored("a", "hash", 3, "a.txt"), names, ["country:UA"])
        index.put_mentions([mention])
        index.put_entity(row)
        index.set_tally("geonames:1", (1, ["a"]))
        index.set_meta("regions", {("RU", "41"): "region:kursk"})
        assert index.stored() == {"a": Stored("a", "hash", 3, "a.txt")}
        assert index.document_names("a") == names
        assert index.fact_keys("a") == {"country:UA"}
        assert index.full_names("zelensky") == {"person:volodymyr zelensky"}
        assert index.long_form_counts("rsf") == {"rapid support forces": 1}
        assert index.keys_by_initials("rsf") == {"unit:rapid support forces"}
        assert index.org_keys_beginning("carnegie ") == {"organization:carnegie endowment"}
        assert index.mentions_of_surname("zelensky") == [mention]
        assert index.resolved_keys("a") == {MentionRef("a", 0): "person:volodymyr zelensky"}
        assert index.entity("geonames:1") == row
        assert index.settlements_in(("RU", "41")) == {"geonames:1"}
        assert index.tally("geonames:1") == (1, ["a"])
        assert index.meta("regions") == {("RU", "41"): "region:kursk"}
        index.drop_document("a")
        assert index.stored() == {} and index.full_names("zelensky") == set()
        assert index.resolved_keys() == {} and index.fact_keys("a") == set()
        assert index.long_form_counts("rsf") == {} and index.keys_by_initials("rsf") == set()
