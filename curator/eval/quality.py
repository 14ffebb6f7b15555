"""Quality scores (docs/eval.md): clean drop rate (clean texts dropped by any non-dedup rule) and junk
catch rate (junk texts so dropped), overall, per junk kind, and per rule (step and kind of reason)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from curator.eval.common import ratio, rule_of
from curator.eval.outcome import Outcome


def first_non_dedup_drop(out: Outcome | None) -> tuple[str, str, str] | None:
    if out is None or out.active:
        return None
    return next((d for d in out.drops if d[0] != "dedup"), None)


def score(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    counts = {"clean": [0, 0], "junk": [0, 0]}  # dropped, total
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_rule: dict[str, dict[str, int]] = defaultdict(lambda: {"clean_dropped": 0, "junk_caught": 0})
    for record in records:
        drop = first_non_dedup_drop(outcomes.get(record["id"]))
        cls = record["class"]
        counts[cls][0] += drop is not None
        counts[cls][1] += 1
        if cls == "junk":
            row = per_kind[record.get("junk_kind") or "unspecified"]
            row[0], row[1] = row[0] + (drop is not None), row[1] + 1
        if drop is not None:
            per_rule[rule_of(drop[1], drop[2])]["clean_dropped" if cls == "clean" else "junk_caught"] += 1
    kinds = per_kind.items()
    return {
        "texts": len(records),
        "clean_texts": counts["clean"][1],
        "clean_dropped": counts["clean"][0],
        "clean_drop_rate": ratio(*counts["clean"]),
        "junk_texts": counts["junk"][1],
        "junk_caught": counts["junk"][0],
        "junk_catch_rate": ratio(*counts["junk"]),
        "per_junk_kind": {k: {"texts": n, "caught": c, "catch_rate": ratio(c, n)} for k, (c, n) in sorted(kinds)},
        "per_rule": dict(sorted(per_rule.items())),
    }
