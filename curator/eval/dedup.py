"""Near-duplicate scores (docs/eval.md). A true pair is (a record, the record its `dup_of` names).
A pair is caught when exactly one of the two stays active; a pair whose both members were dropped by a non-dedup
rule is not counted. Recall: caught / counted pairs (also per edit kind). Precision: of the samples dropped by
dedup, the share that belong to a true pair."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from curator.eval.common import ratio
from curator.eval.outcome import Outcome


def _dropped_by_dedup(out: Outcome | None) -> bool:
    return out is not None and not out.active and out.stage == "dedup"


def _dropped_elsewhere(out: Outcome | None) -> bool:
    return out is None or (not out.active and out.stage != "dedup")


def score(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    per_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # caught, counted
    members: set[str] = set()
    skipped = 0
    for record in records:
        if record.get("dup_of") is None:
            continue
        a, b = outcomes.get(record["dup_of"]), outcomes.get(record["id"])
        members.update((record["id"], record["dup_of"]))
        if _dropped_elsewhere(a) and _dropped_elsewhere(b):
            skipped += 1
            continue
        caught = sum(1 for o in (a, b) if o is not None and o.active) == 1
        row = per_edit[record.get("edit") or "unspecified"]
        row[0], row[1] = row[0] + caught, row[1] + 1
    dedup_dropped = [r["id"] for r in records if _dropped_by_dedup(outcomes.get(r["id"]))]
    true_drops = sum(1 for i in dedup_dropped if i in members)
    caught = sum(c for c, _ in per_edit.values())
    counted = sum(n for _, n in per_edit.values())
    return {
        "texts": len(records),
        "pairs": counted + skipped,
        "pairs_counted": counted,
        "pairs_not_counted": skipped,
        "pairs_caught": caught,
        "recall": ratio(caught, counted),
        "per_edit": {k: {"pairs": n, "caught": c, "recall": ratio(c, n)} for k, (c, n) in sorted(per_edit.items())},
        "dropped_by_dedup": len(dedup_dropped),
        "dropped_in_true_pairs": true_drops,
        "precision": ratio(true_drops, len(dedup_dropped)),
    }
