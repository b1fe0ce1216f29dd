"""Corpus builds: incremental by content hash, cross-document resolution, atomic swap."""

import pytest

from graph.config import load_settings
from graph.errors import InputError
from graph.pipeline.corpus import (
    build_corpus,
    load_cache,
    pasted_article,
    remove_documents,
    save_article,
)
from graph.pipeline.ingest import read_document
from graph.store.lifecycle import GraphStore
from tests.conftest import ROOT


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_adding_a_document_parses_only_it_and_resolves_across_documents(tmp_path):
    settings = load_settings(tmp_path / "data")
    a = write(tmp_path / "a.txt", "President Volodymyr Zelensky visited Kharkiv.")
    b = write(tmp_path / "b.txt", "Zelensky said Ukrainian troops held the line.")
    first = build_corpus(settings, [a])
    second = build_corpus(settings, [a, b])
    assert (first.added, second.added, second.unchanged) == (1, 1, 1)
    rows = GraphStore.open(settings).select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        'SELECT ?e (COUNT(?m) AS ?n) WHERE { ?e rdfs:label "Volodymyr Zelensky"@en . '
        "?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e } GROUP BY ?e"
    )
    assert len(rows) == 1 and rows[0]["n"] == "2"


def test_changed_document_replaces_its_old_facts(tmp_path):
    settings = load_settings(tmp_path / "data")
    a = write(tmp_path / "a.txt", "Belarusian border guards closed the crossing.")
    build_corpus(settings, [a])
    write(a, "Polish border guards closed the crossing.")
    report = build_corpus(settings, [a])
    assert report.updated == 1
    labels = {
        r["l"]
        for r in GraphStore.open(settings).select(
            "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        )
    }
    assert "Polish border guard" in labels and "Belarusian border guard" not in labels
    assert len(load_cache(settings)) == 1


def test_failed_build_keeps_the_previous_store(tmp_path):
    settings = load_settings(tmp_path / "data")
    good = write(tmp_path / "a.txt", "Israeli forces advanced.")
    build_corpus(settings, [good])
    before = settings.current_file.read_text()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    try:
        build_corpus(settings, [good, bad])
    except Exception as exc:
        assert "binary" in str(exc)
    assert settings.current_file.read_text() == before
    assert GraphStore.open(settings).stats().documents == 1


def graph_of(settings):
    return set(GraphStore.open(settings).quads())


def full_build(tmp_path, name, paths):
    settings = load_settings(tmp_path / name)
    build_corpus(settings, paths)
    return graph_of(settings)


def test_incremental_builds_equal_a_full_build(tmp_path):
    # b names the person a knows by surname only, so a's mention changes entity too.
    a = write(tmp_path / "a.txt", "Zelensky said Ukrainian troops held the line near Kupiansk.")
    b = write(tmp_path / "b.txt", "President Volodymyr Zelensky visited Kharkiv on Monday.")
    settings = load_settings(tmp_path / "data")
    build_corpus(settings, [a])
    report = build_corpus(settings, [b])
    assert report.incremental and report.added == 1
    assert graph_of(settings) == full_build(tmp_path, "full", [a, b])

    write(b, "President Volodymyr Zelensky visited Sumy on Monday.")
    assert build_corpus(settings, [b]).updated == 1
    assert graph_of(settings) == full_build(tmp_path, "changed", [a, b])


def test_a_build_killed_before_the_index_commits_leaves_no_cache_newer_than_it(
    tmp_path, monkeypatch
):
    from graph.pipeline import corpus

    a = write(tmp_path / "a.txt", "Zelensky said Ukrainian troops held the line near Kupiansk.")
    b = write(tmp_path / "b.txt", "President Volodymyr Zelensky visited Kharkiv on Monday.")
    settings = load_settings(tmp_path / "data")
    build_corpus(settings, [a, b])
    write(b, "President Volodymyr Zelensky visited Sumy on Monday.")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(corpus, "_commit", killed)
        with pytest.raises(KeyboardInterrupt):
            build_corpus(settings, [b])
    # The cache still holds what the index knows: Kharkiv, not Sumy.
    assert "Kharkiv" in load_cache(settings)["b"][0].text
    # The next build drops the uncommitted extraction, sees b changed and redoes it.
    assert build_corpus(settings, [b]).updated == 1
    assert "Sumy" in load_cache(settings)["b"][0].text
    assert not list(settings.cache_dir.glob("*.pending"))
    assert graph_of(settings) == full_build(tmp_path, "full", [a, b])


def test_merges_across_documents_follow_adds_and_removals(tmp_path):
    # c's acronym joins b's long name; d's longer name takes a's short one; removing d
    # gives a its own entity back. Each state equals a full build of the same documents.
    a = write(tmp_path / "a.txt", "Officials of the Carnegie Endowment visited Odesa.")
    b = write(tmp_path / "b.txt", "The Rapid Support Forces shelled El Fasher on Sunday.")
    c = write(tmp_path / "c.txt", "The RSF denied the attack, the group said.")
    d = write(
        tmp_path / "d.txt",
        "Analysts at the Carnegie Endowment for International Peace said Russia would press on.",
    )
    settings = load_settings(tmp_path / "data")
    for path in [c, a, d, b]:
        build_corpus(settings, [path])
    assert graph_of(settings) == full_build(tmp_path, "all", [a, b, c, d])
    remove_documents(settings, ["d"])
    assert graph_of(settings) == full_build(tmp_path, "without-d", [a, b, c])


ARTICLES = [*sorted((ROOT / "tests" / "data" / "articles").iterdir()), ROOT / "seeds"]


def test_articles_added_one_by_one_equal_a_full_build(tmp_path):
    settings = load_settings(tmp_path / "data")
    for path in reversed(ARTICLES):
        assert build_corpus(settings, [path]).incremental or path == ARTICLES[-1]
    assert graph_of(settings) == full_build(tmp_path, "full", ARTICLES)
    remove_documents(settings, [str(ARTICLES[0]), str(ARTICLES[2])])
    assert graph_of(settings) == full_build(tmp_path, "rest", ARTICLES[1:2] + ARTICLES[3:])


def test_removing_a_document_leaves_the_graph_of_the_others(tmp_path):
    a = write(tmp_path / "a.txt", "Israeli forces advanced near Khan Younis, the army said.")
    b = write(tmp_path / "b.txt", "Hamas fighters attacked Israeli forces near Rafah.")
    settings = load_settings(tmp_path / "data")
    build_corpus(settings, [a, b])
    report = remove_documents(settings, ["b"])
    assert (report.removed, report.documents) == (1, 1)
    assert graph_of(settings) == full_build(tmp_path, "alone", [a])
    assert set(load_cache(settings)) == {"a"}
    with pytest.raises(InputError, match="no document 'b'"):
        remove_documents(settings, ["b"])
    with pytest.raises(InputError, match="did you mean a"):
        remove_documents(settings, ["aa"])
    remove_documents(settings, [str(a)])  # by file, as well as by id
    assert GraphStore.open(settings).stats().documents == 0


def test_lost_state_falls_back_to_a_full_write(tmp_path):
    a = write(tmp_path / "a.txt", "Russian forces shelled Kharkiv overnight.")
    b = write(tmp_path / "b.txt", "Ukrainian drones struck a refinery in Ryazan.")
    settings = load_settings(tmp_path / "data")
    build_corpus(settings, [a])
    (settings.data_dir / "corpus.sqlite").write_bytes(b"garbage")
    report = build_corpus(settings, [b])
    assert not report.incremental and report.added == 1
    assert graph_of(settings) == full_build(tmp_path, "full", [a, b])


def test_saved_articles_are_named_by_content_and_refused_before_writing(tmp_path):

    settings = load_settings(tmp_path / "data")
    raw = pasted_article('A "title": <b>', "Kyiv said the bridge was hit.")
    first = save_article(settings, "../../etc/Bridge hit!.md", raw)
    assert first == save_article(settings, "Bridge hit!.md", raw)  # once, however named
    assert first.parent == settings.data_dir / "uploads" and first.name.startswith("bridge-hit-")
    assert read_document(first).title == 'A "title": <b>'
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'"):
        save_article(settings, "x.pdf", b"text")
    assert [p.name for p in first.parent.iterdir()] == [first.name]
