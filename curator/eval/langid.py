"""Language-ID accuracy (docs/eval.md): the share of texts whose stored language starts with the true
ISO 639-1 code, per language and for texts under / from 100 characters. Every record counts, dropped or not."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from curator.eval.common import ratio
from curator.eval.outcome import Outcome

SHORT = 100


def score(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_length: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confused: dict[str, int] = defaultdict(int)
    for record in records:
        out = outcomes.get(record["id"])
        stored = (out.language if out else None) or ""
        ok = stored.startswith(record["lang"])
        bucket = f"< {SHORT} chars" if len(record["text"]) < SHORT else f">= {SHORT} chars"
        for row in (per_lang[record["lang"]], per_length[bucket]):
            row[0], row[1] = row[0] + ok, row[1] + 1
        if not ok:
            confused[f"{record['lang']} -> {stored or 'none'}"] += 1
    correct = sum(c for c, _ in per_lang.values())

    def table(rows: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
        return {k: {"texts": n, "correct": c, "accuracy": ratio(c, n)} for k, (c, n) in sorted(rows.items())}

    return {
        "texts": len(records),
        "accuracy": ratio(correct, len(records)),
        "per_language": table(per_lang),
        "per_length": table(per_length),
        "confusions": dict(sorted(confused.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
