"""Figures per kind of text: every scorer's metrics again on the records of each `kind` (prose, conversational,
technical, …). A truth file without `kind` gets no per-kind figures; records without it in a file that has it
are counted under `unspecified`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from curator.eval.outcome import Outcome

UNSPECIFIED = "unspecified"
Scorer = Callable[[list[dict[str, Any]], dict[str, Outcome]], dict[str, Any]]


def groups(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Records by kind, kinds sorted; {} when no record names its kind."""
    if not any(r.get("kind") for r in records):
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        out.setdefault(record.get("kind") or UNSPECIFIED, []).append(record)
    return dict(sorted(out.items()))


def per_kind(score: Scorer, records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    """{kind: the scorer's metrics on that kind's records} (values left in the text stay in the overall list)."""
    out = {}
    for kind, subset in groups(records).items():
        metrics = score(subset, outcomes)
        metrics.pop("missed", None)
        out[kind] = metrics
    return out
