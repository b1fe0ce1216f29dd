"""Score every annotated article and print one Markdown table: ``python -m tests.report``.

Rows are grouped by split: the seed, the fixtures the rules were written against, the
fixtures held out from them, and the blind-annotated ``unseen/`` articles (development and
held-out). Each row gives entity recall, type accuracy, relation recall, event recall and
claim recall; each split gets its mean. ``--misses`` also lists what was missed, but never
for a held-out split: its misses must not steer the rules.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import DATA, SEED
from tests.scoring import FactScore, Score, load_gold, score, score_facts

UNSEEN = DATA / "unseen"
# split name -> (article paths, gold folder, gold facts folder, held out?)
SPLITS: dict[str, tuple[list[Path], Path, Path, bool]] = {
    "seed": ([SEED], DATA / "gold", DATA / "gold_facts", False),
    "fixtures": (sorted((DATA / "articles").iterdir()), DATA / "gold", DATA / "gold_facts", False),
    "fixtures, held out": (
        sorted((DATA / "heldout").iterdir()),
        DATA / "gold",
        DATA / "gold_facts",
        True,
    ),
    "unseen, dev": (
        sorted((UNSEEN / "dev").iterdir()),
        UNSEEN / "gold",
        UNSEEN / "gold_facts",
        False,
    ),
    "unseen, held out": (
        sorted((UNSEEN / "heldout").iterdir()),
        UNSEEN / "gold",
        UNSEEN / "gold_facts",
        True,
    ),
}
COLUMNS = ("entities", "types", "relations", "events", "claims")


def scores(path: Path, gold_dir: Path, facts_dir: Path) -> tuple[Score, FactScore]:
    """One article read, extracted and resolved as the build does, then scored."""
    from graph.pipeline.extract.extractor import extract_documents
    from graph.pipeline.ingest import read_document
    from graph.pipeline.nlp import load_pipeline
    from graph.pipeline.resolve import resolve_entities

    document = read_document(path)
    extraction = next(extract_documents([document], load_pipeline(), max_chars=100_000))
    resolution = resolve_entities([extraction])
    gold = load_gold(gold_dir / f"{path.stem}.json")
    # Nodes without a mention are implied (a state behind a demonym), not extracted.
    found = [e for e in resolution.entities if e.mention_count]
    facts = json.loads((facts_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
    return score(found, gold), score_facts(document, extraction, resolution, facts, gold)


def figures(entities: Score, facts: FactScore) -> tuple[float, ...]:
    return (
        entities.recall,
        entities.type_accuracy,
        facts.relation_recall,
        facts.event_recall,
        facts.claim_recall,
    )


def table(show_misses: bool) -> Iterator[str]:
    yield "| split | article | " + " | ".join(COLUMNS) + " |"
    yield "|---|---|" + "---|" * len(COLUMNS)
    misses: list[str] = []
    for split, (paths, gold_dir, facts_dir, held_out) in SPLITS.items():
        rows = []
        for path in paths:
            entities, facts = scores(path, gold_dir, facts_dir)
            rows.append(figures(entities, facts))
            yield f"| {split} | {path.stem} | " + " | ".join(f"{v:.2f}" for v in rows[-1]) + " |"
            if show_misses and not held_out:
                misses += [f"## {path.stem}", *entities.missed, *facts.missed_relations]
                misses += [*facts.missed_events, *facts.missed_claims]
        means = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
        yield (
            f"| **{split}** | mean of {len(rows)} | " + " | ".join(f"{v:.2f}" for v in means) + " |"
        )
    yield from misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the misses (dev splits)")
    for line in table(parser.parse_args().misses):
        print(line)


if __name__ == "__main__":
    main()
