"""What the second opinion finds on a PII truth set, alone and after the recipe's scrubber.

    .venv/bin/python -m curator.stages.pii.second_opinion.evaluate --truth data/eval/test/pii.jsonl [--home WS]

Figures (no value is ever printed):
- `raw`: on the original texts, the share of injected values a flag overlaps, per type (its own recall, a measure
  of its independence from the scrubber), and flags per 1,000 clean texts.
- `after_scrub`: the recipe runs on the set exactly as `curator eval pii` runs it (curator.eval.outcome.run_on);
  on the active texts, of the injected values still in the scrubbed text (what the scrubber missed), how many a
  flag overlaps; and flags per 1,000 scrubbed clean texts (false flags: nothing injected is there).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from curator.stages.pii.second_opinion.detect import Flag, detect


def _covered(flags: list[Flag], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in flags)


def raw_figures(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall of the second opinion on the original texts, per type, and its flags on clean texts."""
    per_type: dict[str, list[int]] = {}
    clean = clean_flags = clean_flagged = 0
    rules: Counter[str] = Counter()
    for rec in records:
        flags = detect(rec["text"])
        if not rec["pii"]:
            clean += 1
            clean_flags += len(flags)
            clean_flagged += bool(flags)
            rules.update(r for f in flags for r in f.rules)
        for value in rec["pii"]:
            row = per_type.setdefault(value["type"], [0, 0])
            row[0] += 1
            row[1] += _covered(flags, value["start"], value["end"])
    return {
        "values": sum(r[0] for r in per_type.values()),
        "flagged": sum(r[1] for r in per_type.values()),
        "recall": _ratio(sum(r[1] for r in per_type.values()), sum(r[0] for r in per_type.values())),
        "per_type": {t: {"values": n, "flagged": k, "recall": _ratio(k, n)} for t, (n, k) in sorted(per_type.items())},
        "clean_texts": clean,
        "clean_texts_flagged": clean_flagged,
        "flags_per_1000_clean": round(1000 * clean_flags / clean, 1) if clean else 0.0,
        "clean_flags_by_rule": dict(rules.most_common()),
    }


def after_scrub(records: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    """`texts`: the current (scrubbed) text of each active record. Missed values flagged; false flags on clean."""
    missed = missed_flagged = clean = clean_flags = clean_flagged = 0
    by_type: dict[str, list[int]] = {}
    for rec in records:
        if rec["id"] not in texts:
            continue
        text = texts[rec["id"]]
        flags = detect(text)
        if not rec["pii"]:
            clean += 1
            clean_flags += len(flags)
            clean_flagged += bool(flags)
        for value in rec["pii"]:
            at = text.find(value["value"])
            if at < 0:
                continue
            row = by_type.setdefault(value["type"], [0, 0])
            hit = _covered(flags, at, at + len(value["value"]))
            missed, missed_flagged = missed + 1, missed_flagged + hit
            row[0], row[1] = row[0] + 1, row[1] + hit
    return {
        "active_texts": len(texts),
        "missed_values": missed,
        "missed_values_flagged": missed_flagged,
        "per_type": {t: {"missed": n, "flagged": k} for t, (n, k) in sorted(by_type.items())},
        "clean_texts": clean,
        "clean_texts_flagged": clean_flagged,
        "false_flags_per_1000_clean": round(1000 * clean_flags / clean, 1) if clean else 0.0,
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def scrubbed_texts(home: Path, records: list[dict[str, Any]], workers: int = 2) -> dict[str, str]:
    """Run the default recipe on the records in a scratch folder of workspace `home`; the active records' texts."""
    from curator.engine import load_recipe
    from curator.eval.outcome import run_on
    from curator.workspace import open_workspace

    ws = open_workspace(home)
    recipe = load_recipe(None)
    outcomes = run_on(ws, records, recipe, [s.stage for s in recipe.stages], workers)
    return {key: out.text for key, out in outcomes.items() if out.active}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--home", type=Path, help="a workspace (curator init) for the recipe run; omit: raw only")
    args = parser.parse_args(argv)
    from curator.eval import truth

    records = truth.load(args.truth, "pii")
    report: dict[str, Any] = {"truth": str(args.truth), "texts": len(records), "raw": raw_figures(records)}
    if args.home:
        report["after_scrub"] = after_scrub(records, scrubbed_texts(args.home, records))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
