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

from graph.model import Entity
from graph.reference import fold, strip_possessive

TYPES = {
    "person": "Person",
    "place": "Place",
    "organization": "Organization",
    "military_unit": "MilitaryUnit",
}


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float
    type_accuracy: float
    missed: tuple[str, ...]
    junk: tuple[str, ...]
    mistyped: tuple[str, ...]


def _strings(value: object) -> list[str]:
    """A gold list of names (``aliases``), typed."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


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
        names = _names(str(entry["label"]), _strings(entry.get("aliases", [])))
        hits = [e for n, e in pred_names if n & names]
        if not hits:
            missed.append(str(entry["label"]))
            continue
        best = max(hits, key=lambda e: e.mention_count)
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
        missed=tuple(missed),
        junk=junk,
        mistyped=tuple(mistyped),
    )


# --- Facts: relations, events, quantities, claims ---------------------------------------

SYMMETRIC = {"metWith", "foughtAgainst"}


@dataclass(frozen=True)
class FactScore:
    relation_recall: float  # directly or through one event/claim node
    relation_recall_strict: float  # the same predicate between the same entities
    relation_precision: float  # predicted relations that the gold has, strictly
    dated_events: float  # gold events with a date: found with that date and a participant
    event_recall: float
    quantity_recall: float
    claim_recall: float  # claimant and stance right
    contested_recall: float  # contested gold claims found contested
    missed_relations: tuple[str, ...]
    wrong_relations: tuple[str, ...]
    missed_events: tuple[str, ...]
    missed_quantities: tuple[str, ...]
    missed_claims: tuple[str, ...]


def _gold_of(predicted: list[Entity], gold: list[dict[str, object]]) -> dict[str, str]:
    """Predicted entity key -> gold label, by shared names."""
    out: dict[str, str] = {}
    gold_names = [
        (_names(str(g["label"]), _strings(g.get("aliases", []))), str(g["label"])) for g in gold
    ]
    for entity in predicted:
        names = _names(entity.label, entity.aliases)
        for candidates, label in gold_names:
            if names & candidates:
                out[entity.key] = label
                break
    return out


def _sentence_text(document, extraction, index: int) -> str:
    sentence = extraction.sentences[index]
    return document.text[sentence.start : sentence.end]


def _contains(text: str, evidence: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()

    return norm(evidence) in norm(text)


def score_facts(
    document, extraction, resolution, gold_facts: dict, gold_entities: list
) -> FactScore:
    from graph.pipeline.resolve import arg_key

    entities = list(resolution.entities)
    label = _gold_of(entities, gold_entities)
    doc_id = document.doc_id
    facts = extraction.facts

    def lab(arg) -> str | None:
        key = arg_key(resolution, doc_id, arg)
        return label.get(key) if key else None

    # Relations: stated ones, and the entity-level edges (state, part of, located in).
    from graph.pipeline.resolve import relation_predicate

    strict: set[tuple[str | None, str, str | None]] = set()
    predicted_edges: list[tuple[str, str, str]] = []
    for relation in facts.relations:
        predicate = relation_predicate(relation, resolution, doc_id)
        edge = (lab(relation.subject), predicate, lab(relation.object))
        strict.add(edge)
        predicted_edges.append((str(edge[0]), edge[1], str(edge[2])))
    for entity in entities:
        for value, predicate in (
            (entity.state, "locatedIn" if entity.kind == "place" else "state"),
            (entity.part_of, "partOf"),
        ):
            if value is not None:
                edge = (label.get(entity.key), predicate, label.get(value.value))
                strict.add(edge)
                if entity.mention_count:
                    predicted_edges.append((str(edge[0]), predicate, str(edge[2])))
    linked: set[frozenset[str]] = set()
    for event in facts.events:
        names = {n for a in event.args if (n := lab(a))}
        linked.update(frozenset((a, b)) for a in names for b in names if a != b)
    for claim in facts.claims:
        claimants = {n for a in claim.claimants if (n := lab(a))}
        for number in claim.events:
            names = {n for a in facts.events[number].args if (n := lab(a))}
            linked.update(frozenset((a, b)) for a in claimants for b in names if a != b)

    # Containment chains count: a town in a region in a country is in the country, and a
    # brigade of a state's armed forces belongs to the state.
    for _ in range(3):
        for a, p1, b in list(strict):
            for c, p2, d in list(strict):
                if (
                    b == c
                    and b is not None
                    and p2 in ("locatedIn", "partOf", "state")
                    and p1 in ("locatedIn", "partOf")
                ):
                    strict.add((a, p1 if p2 != "state" else "state", d))

    def has(s, p, o) -> bool:
        return (s, p, o) in strict or (p in SYMMETRIC and (o, p, s) in strict)

    gold_relations = gold_facts.get("relations", [])
    missed, strict_hits, lenient_hits = [], 0, 0
    for rel in gold_relations:
        s, p, o = rel["subject"], rel["predicate"], rel["object"]
        if has(s, p, o):
            strict_hits += 1
            lenient_hits += 1
        elif frozenset((s, o)) in linked:
            lenient_hits += 1
        else:
            missed.append(f"{s} {p} {o}")
    gold_set = {(r["subject"], r["predicate"], r["object"]) for r in gold_relations}
    predicted_edges = list(dict.fromkeys(predicted_edges))
    wrong = [
        f"{s} {p} {o}"
        for s, p, o in predicted_edges
        if (s, p, o) not in gold_set and not (p in SYMMETRIC and (o, p, s) in gold_set)
    ]

    # Events: same sentence and class (or PLOVER category); dates at the right precision.
    def sentence_of(event) -> str:
        return _sentence_text(document, extraction, event.sentence)

    gold_events = gold_facts.get("events", [])
    found_events, dated_total, dated_right, missed_events = 0, 0, 0, []
    for gold in gold_events:
        candidates = [
            e
            for e in facts.events
            if _contains(sentence_of(e), gold["evidence"])
            and (e.event_class == gold["class"] or e.plover == gold["plover"])
        ]
        if gold.get("trigger"):
            exact = [
                e
                for e in candidates
                if _contains(document.text[e.start : e.end + 20], gold["trigger"].split()[0])
            ]
            candidates = exact or candidates
        if candidates:
            found_events += 1
        else:
            missed_events.append(f"{gold['class']} '{gold.get('trigger')}'")
        if gold.get("date"):
            dated_total += 1
            participants = {
                str(gold[r]) for r in ("actor", "target", "place") if gold.get(r) is not None
            }
            for event in candidates:
                args = {lab(a) for a in event.args}
                if (
                    event.date
                    and event.date.value == gold["date"]
                    and event.date.precision == gold["precision"]
                    and (not participants or args & participants)
                ):
                    dated_right += 1
                    break
            else:
                missed_events.append(
                    f"date {gold['date']} of {gold['class']} '{gold.get('trigger')}'"
                )

    # Quantities: the same number in the same phrase.
    gold_quantities = gold_facts.get("quantities", [])
    missed_quantities = []
    for gold in gold_quantities:
        ok = False
        for placed in facts.quantities:
            q = placed.quantity
            values = {"value": q.value, "min": q.minimum, "max": q.maximum}
            overlaps = _contains(gold["text"], q.text.split()[0]) or _contains(q.text, gold["text"])
            if overlaps and all(
                gold.get(k) is None or (values[k] is not None and abs(values[k] - gold[k]) < 1e-3)
                for k in values
            ):
                ok = True
                break
        if not ok:
            missed_quantities.append(gold["text"])

    # Claims: same sentence, stance and claimant.
    gold_claims = gold_facts.get("claims", [])
    claim_hits, contested_total, contested_hits, missed_claims = 0, 0, 0, []
    for gold in gold_claims:
        match = None
        for claim in facts.claims:
            if not _contains(
                _sentence_text(document, extraction, claim.sentence), gold["evidence"]
            ):
                continue
            said_by = {lab(a) for a in claim.claimants}
            if claim.stance == gold["stance"] and (
                gold["claimant"] in said_by or (gold["claimant"] is None and not claim.claimants)
            ):
                match = claim
                break
        if match is None:
            missed_claims.append(f"{gold['claimant']} {gold['stance']} ({gold['verb']})")
        else:
            claim_hits += 1
        if gold.get("contested"):
            contested_total += 1
            if match is not None and match.contests:
                contested_hits += 1

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return FactScore(
        relation_recall=ratio(lenient_hits, len(gold_relations)),
        relation_recall_strict=ratio(strict_hits, len(gold_relations)),
        relation_precision=ratio(len(predicted_edges) - len(wrong), len(predicted_edges)),
        dated_events=ratio(dated_right, dated_total),
        event_recall=ratio(found_events, len(gold_events)),
        quantity_recall=ratio(len(gold_quantities) - len(missed_quantities), len(gold_quantities)),
        claim_recall=ratio(claim_hits, len(gold_claims)),
        contested_recall=ratio(contested_hits, contested_total),
        missed_relations=tuple(missed),
        wrong_relations=tuple(wrong),
        missed_events=tuple(missed_events),
        missed_quantities=tuple(missed_quantities),
        missed_claims=tuple(missed_claims),
    )
