"""The benchmark scripts' own logic (corpus modes, results file), fast and unmarked."""

from collections import Counter

from benchmarks.corpus import generate
from benchmarks.scale import _write_results
from tests.conftest import SEED


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_hub_corpus_reshuffles_the_seed_paragraphs_at_about_530_words():
    seed_paragraphs = {p.strip() for p in SEED.read_text(encoding="utf-8").splitlines()}
    articles = [text for _, text in generate(6, 530, corpus="hub")]
    orders = set()
    for text in articles:
        paragraphs = [p for p in _body(text).split("\n\n") if p.strip()]
        assert all(p.strip() in seed_paragraphs for p in paragraphs)
        assert 530 <= len(_body(text).split()) < 530 + 150
        orders.add(tuple(paragraphs))
    assert len(orders) == len(articles)  # reshuffled, not the same article six times


def test_hub_corpus_puts_the_same_hubs_in_nearly_every_article():
    articles = [_body(text) for _, text in generate(20, 530, corpus="hub")]
    counts = Counter(
        name for text in articles for name in ("Russia", "Ukraine", "Kursk") if name in text
    )
    assert all(counts[name] >= 18 for name in ("Russia", "Ukraine", "Kursk"))


def test_zipf_corpus_is_unchanged_by_the_hub_mode():
    assert list(generate(3, 300)) == list(generate(3, 300, corpus="zipf"))


def test_results_file_keeps_the_other_sections(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text(
        "# Benchmark results\n\n## Paths between hubs\n\nkept\n\n"
        "## Build and saved queries: Zipf corpus\n\nold\n",
        encoding="utf-8",
    )
    _write_results(path, "new zipf\n", "zipf")
    _write_results(path, "new hub\n", "hub")
    text = path.read_text(encoding="utf-8")
    assert "kept" in text and "new zipf" in text and "new hub" in text and "old" not in text
    assert text.index("## Paths between hubs") < text.index("## Build and saved queries: Zipf")
