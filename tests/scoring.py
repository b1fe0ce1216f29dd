"""Score resolved entities against a hand-made gold annotation (tests/data/gold/*.json).

A gold entity is found when a predicted entity shares a name with it (canonical label or any
alias, compared case- and diacritic-insensitively, without possessives or a leading "the").
Recall = found / gold; precision = predicted entities matching some gold entity / predicted;
type accuracy = matched pairs whose type agrees / matched pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from graph.reference import fold, strip_possessive
from graph.resolve import Entity

TYPES = {"person": "Person", "place": "Place", "organization": "Organization",
         "military_unit": "MilitaryUnit"}


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float
    type_accuracy: float
    missed: tuple[str, ...]
    junk: tuple[str, ...]
    mistyped: tuple[str, ...]


def _names(label: str, aliases: list[str] | tuple[str, ...]) -> set[str]:
    out = set()
    for name in (label, *aliases):
        key = fold(strip_possessive(name))
        out.add(key.removeprefix("the "))
    return out


def load_gold(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["entities"])


def score(predicted: list[Entity], gold: list[dict[str, object]]) -> Score:
    pred_names = [(_names(e.label, e.aliases), e) for e in predicted]
    matched_pred: set[str] = set()
    missed, mistyped = [], []
    right_type = pairs = 0
    for entry in gold:
        names = _names(str(entry["label"]), list(entry.get("aliases", [])))  # type: ignore[arg-type]
        hits = [e for n, e in pred_names if n & names]
        if not hits:
            missed.append(str(entry["label"]))
            continue
        best = max(hits, key=lambda e: len(e.mentions))
        matched_pred.update(e.key for e in hits)
        pairs += 1
        if TYPES[best.kind] == entry["type"]:
            right_type += 1
        else:
            mistyped.append(f"{entry['label']}: {TYPES[best.kind]} != {entry['type']}")
    junk = tuple(sorted(e.label for e in predicted if e.key not in matched_pred))
    return Score(
        recall=pairs / len(gold) if gold else 1.0,
        precision=len(matched_pred) / len(predicted) if predicted else 1.0,
        type_accuracy=right_type / pairs if pairs else 1.0,
        missed=tuple(missed), junk=junk, mistyped=tuple(mistyped))
