"""Corpus builds: incremental by content hash, cross-document resolution, atomic swap."""

from graph.config import load_settings
from graph.corpus import build_corpus, load_cache
from graph.store import GraphStore


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
        'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
        'SELECT ?e (COUNT(?m) AS ?n) WHERE { ?e rdfs:label "Volodymyr Zelensky"@en . '
        '?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e } GROUP BY ?e')
    assert len(rows) == 1 and rows[0]["n"] == "2"


def test_changed_document_replaces_its_old_facts(tmp_path):
    settings = load_settings(tmp_path / "data")
    a = write(tmp_path / "a.txt", "Belarusian border guards closed the crossing.")
    build_corpus(settings, [a])
    write(a, "Polish border guards closed the crossing.")
    report = build_corpus(settings, [a])
    assert report.updated == 1
    labels = {r["l"] for r in GraphStore.open(settings).select(
        "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
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


def test_saved_articles_are_named_by_content_and_refused_before_writing(tmp_path):
    import pytest

    from graph.corpus import pasted_article, save_article
    from graph.errors import InputError
    from graph.ingest import read_document

    settings = load_settings(tmp_path / "data")
    raw = pasted_article('A "title": <b>', "Kyiv said the bridge was hit.")
    first = save_article(settings, "../../etc/Bridge hit!.md", raw)
    assert first == save_article(settings, "Bridge hit!.md", raw)  # once, however named
    assert first.parent == settings.data_dir / "uploads" and first.name.startswith("bridge-hit-")
    assert read_document(first).title == 'A "title": <b>'
    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'"):
        save_article(settings, "x.pdf", b"text")
    assert [p.name for p in first.parent.iterdir()] == [first.name]
