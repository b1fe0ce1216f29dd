"""Entity extraction scored against hand annotations: the seed and four other conflicts."""

from pathlib import Path

import pytest

from graph.pipeline.extract.extractor import extract_documents
from graph.pipeline.ingest import read_document
from graph.pipeline.resolve import resolve_entities
from tests.conftest import DATA, SEED
from tests.scoring import load_gold, score

# Held-out articles live in their own folder so that builds of the article folder (other
# suites count its documents) stay as they were.
ARTICLES = sorted([*(DATA / "articles").iterdir(), *(DATA / "heldout").iterdir()])


def parsed(nlp, path: Path):
    """An article read and extracted, as the build does."""
    document = read_document(path)
    return document, next(extract_documents([document], nlp, max_chars=100_000))


def scored(nlp, path: Path):
    _, extraction = parsed(nlp, path)
    # Nodes without a mention are implied (a state behind a demonym), not extracted.
    predicted = [e for e in resolve_entities([extraction]).entities if e.mention_count]
    return score(predicted, load_gold(DATA / "gold" / f"{path.stem}.json"))


def test_seed_recall_precision_and_types(nlp):
    result = scored(nlp, SEED)
    assert result.recall >= 0.95, result.missed
    assert result.type_accuracy >= 0.95, result.mistyped
    assert result.precision >= 0.9, result.junk


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_unseen_style_articles_generalize(nlp, path):
    result = scored(nlp, path)
    assert result.recall >= 0.85, result.missed
    assert result.type_accuracy >= 0.85, result.mistyped
    assert result.precision >= 0.85, result.junk


def test_no_junk_nodes_anywhere(nlp):
    for path in [SEED, *ARTICLES]:
        _, extraction = parsed(nlp, path)
        for entity in resolve_entities([extraction]).entities:
            assert any(ch.isupper() for ch in entity.label), entity.label
            assert entity.label.lower() not in {"he", "she", "they", "it", "we", "officials"}


def scored_facts(nlp, path: Path):
    import json

    from tests.scoring import score_facts

    document, extraction = parsed(nlp, path)
    resolution = resolve_entities([extraction])
    gold = json.loads((DATA / "gold_facts" / f"{path.stem}.json").read_text(encoding="utf-8"))
    return score_facts(
        document, extraction, resolution, gold, load_gold(DATA / "gold" / f"{path.stem}.json")
    )


def test_seed_relations_events_quantities_and_claims(nlp):
    result = scored_facts(nlp, SEED)
    assert result.relation_recall >= 0.93, result.missed_relations
    assert result.event_recall >= 0.9, result.missed_events
    assert result.dated_events >= 0.9, result.missed_events
    assert result.quantity_recall >= 0.9, result.missed_quantities
    assert result.claim_recall >= 0.8, result.missed_claims
    assert result.contested_recall >= 0.75, result.missed_claims


# Floors just under the measured level (relation, event, quantity, claim recall), to catch
# regressions. Mali and Red Sea are held out: annotated before the extractor ran on them,
# and no rule was tuned on their strings. The target for relation recall is 0.6.
FLOORS = {
    "israel_hezbollah_south_lebanon": (0.72, 0.68, 0.95, 0.8),
    "mali_tinzaouaten_ambush": (0.55, 0.9, 0.95, 0.65),
    "nagorno_karabakh_offensive": (0.65, 0.6, 0.75, 0.9),
    "pokrovsk_offensive": (0.72, 0.75, 0.8, 0.8),
    "red_sea_houthi_tanker": (0.8, 0.85, 0.7, 0.82),
    "sudan_el_fasher": (0.75, 0.45, 0.95, 0.82),
}


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_unseen_style_articles_facts(nlp, path):
    relations, events, quantities, claims = FLOORS[path.stem]
    result = scored_facts(nlp, path)
    assert result.relation_recall >= relations, result.missed_relations
    assert result.event_recall >= events, result.missed_events
    assert result.quantity_recall >= quantities, result.missed_quantities
    assert result.claim_recall >= claims, result.missed_claims


def test_unseen_style_articles_mean_relation_recall_meets_the_target(nlp):
    recalls = [scored_facts(nlp, path).relation_recall for path in ARTICLES]
    assert sum(recalls) / len(recalls) >= 0.68, recalls
