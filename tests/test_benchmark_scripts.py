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


def test_load_script_sends_saved_queries_as_a_sparql_client_would():
    from benchmarks.serve_load import _plain_variables
    from graph import read_query

    text = '#+ summary: x\nSELECT * WHERE { VALUES ?_a_iri { <x:y> } ?s ?p ?_a_iri . "?_no" }'
    plain = _plain_variables(text)
    assert plain.startswith("SELECT") and "?param_a_iri" in plain and '"?_no"' in plain
    assert read_query(plain).parameters == ()  # nothing left for the endpoint to refuse


def test_load_report_counts_errors_timeouts_and_percentiles():
    import argparse

    from benchmarks.serve_load import Tally, percentile, report

    tally = Tally()
    for ms in range(1, 101):
        tally.add("timeline", ms / 1000)
    tally.add("timeline", 12.0, "HTTP 503")
    args = argparse.Namespace(clients=2, seconds=1.0, timeout=10.0, server="kg")
    text = report(tally, 2.0, args, "python benchmarks/serve_load.py --quick")
    assert "| requests answered or failed | 101 |" in text
    assert "| errors | 1 (1%) |" in text
    assert "| requests answered over 1 s after the 10 s timeout (client's clock) | 1 |" in text
    assert "timeline: HTTP 503 × 1" in text
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 3.0
