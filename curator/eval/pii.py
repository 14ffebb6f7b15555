"""PII scores (docs/eval.md), on the records whose sample is still active after the recipe.

- recall: share of injected values that no longer occur anywhere in the current text (exact substring), per
  entity type and overall;
- over-redaction: over texts with no injected value, the share of their original characters the scrubber changed
  (removed or replaced; placeholder characters are not counted);
- boundary errors: on texts with injected values, original characters changed outside every true span, with the
  part of them that touches a span (a replacement that ate its neighbours);
- character precision: of all original characters changed, the share inside a true span. Real PII that the
  truth does not record (a public name in the source text) counts against it;
- finding precision, per detected entity type: the share of the detector's findings (pii_findings, or Presidio's
  results for the baseline) that overlap a true span of any type (the truth's types need not be the detector's).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from curator.eval.align import bleed, changed, in_spans
from curator.eval.common import ratio
from curator.eval.outcome import Outcome


def _tally(record: dict[str, Any], out: Outcome, acc: dict[str, Any]) -> None:
    text, truth, current = record["text"], record["pii"], out.text
    spans = [(s["start"], s["end"]) for s in truth]
    for entity, start, end in out.findings:
        row = acc["findings"][entity]
        row[0], row[1] = row[0] + any(start < e and s < end for s, e in spans), row[1] + 1
    mask, inside = changed(text, current), in_spans(len(text), spans)
    n_changed = sum(mask)
    acc["changed"] += n_changed
    acc["changed_inside"] += sum(m and i for m, i in zip(mask, inside, strict=True))
    if not truth:
        acc["clean_texts"] += 1
        acc["clean_chars"] += len(text)
        acc["clean_changed"] += n_changed
        acc["clean_texts_changed"] += n_changed > 0
        return
    outside = sum(m and not i for m, i in zip(mask, inside, strict=True))
    acc["pii_texts"] += 1
    acc["outside_chars"] += len(text) - sum(inside)
    acc["outside_changed"] += outside
    acc["texts_with_boundary_errors"] += outside > 0
    acc["adjacent_changed"] += bleed(mask, inside, spans)
    for s in truth:
        row = acc["per_type"][s["type"]]
        row[1] += 1
        if s["value"] in current:
            missed = {"id": record["id"], "type": s["type"], "value": s["value"]}
            acc["missed"].append({**missed, "kind": record["kind"]} if record.get("kind") else missed)
        else:
            row[0] += 1


def _rates(rows: dict[str, list[int]], hit: str, total: str, rate: str) -> dict[str, dict[str, Any]]:
    """{key: [hits, total]} as {key: {total: n, hit: k, rate: k / n}}, keys sorted."""
    return {key: {total: n, hit: k, rate: ratio(k, n)} for key, (k, n) in sorted(rows.items())}


def score(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    acc: dict[str, Any] = defaultdict(int)
    acc["per_type"], acc["findings"], acc["missed"] = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0]), []
    dropped = 0
    for record in records:
        out = outcomes.get(record["id"])
        if out is None or not out.active:
            dropped += 1
            continue
        _tally(record, out, acc)
    per_type, found = acc["per_type"], acc["findings"]
    values = sum(n for _, n in per_type.values())
    return {
        "texts": len(records),
        "scored": len(records) - dropped,
        "dropped_by_recipe": dropped,
        "values": values,
        "recall": ratio(sum(r for r, _ in per_type.values()), values),
        "per_type": _rates(per_type, "recalled", "values", "recall"),
        "over_redaction": ratio(acc["clean_changed"], acc["clean_chars"]),
        "clean_texts": acc["clean_texts"],
        "clean_texts_changed": acc["clean_texts_changed"],
        "char_precision": ratio(acc["changed_inside"], acc["changed"]),
        "finding_precision": ratio(sum(t for t, _ in found.values()), sum(n for _, n in found.values())),
        "per_finding_type": _rates(found, "on_truth", "findings", "precision"),
        "boundary_error_chars": acc["outside_changed"],
        "boundary_error_rate": ratio(acc["outside_changed"], acc["outside_chars"]),
        "boundary_adjacent_chars": acc["adjacent_changed"],
        "texts_with_boundary_errors": acc["texts_with_boundary_errors"],
        "pii_texts": acc["pii_texts"],
        "missed": acc["missed"],
    }
