"""`curator audit apply`: restore the samples auditors judged wrongly dropped, as review decisions.

A sample is restored when its audited drop's verdict is `wrong` and that drop still stands (the sample is dropped
by the same rule). The restore is a curator review `keep` (curator.review.actions: a `reviews` row and a `review`
decision, reason naming the rule and the audit), so the sample is active again and no stage re-judges it: a
review's status is held against every later stage drop (curator.catalog.decisions), the same rule version
included. Near-threshold keeps judged wrong and PII scrubs judged wrong are reported, not acted on.
"""

from __future__ import annotations

from typing import Any

from curator.audit.verdicts import verdicts
from curator.catalog import connect
from curator.catalog.lock import writer_lock
from curator.review.actions import apply_action
from curator.workspace import Workspace

STILL_DROPPED = (
    "SELECT sample_id FROM samples WHERE status = 'dropped' AND starts_with(status_reason, ? || ':') "
    "AND sample_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY sample_id"
)


def plan(ws: Workspace) -> dict[str, Any]:
    """Per rule: the samples to restore now, and the wrong verdicts that are not acted on."""
    with connect(ws, read_only=True) as con:
        found = verdicts(con)
        wrong: dict[str, list[str]] = {}
        for v in found:
            if v.verdict == "wrong" and v.kind == "drop":
                wrong.setdefault(v.step, []).append(v.sample_id)
        restore = {
            step: [r[0] for r in con.execute(STILL_DROPPED, [step, ids]).fetchall()] for step, ids in wrong.items()
        }
    not_acted = sorted({(v.step, v.kind) for v in found if v.verdict == "wrong" and v.kind != "drop"})
    return {"restore": {k: v for k, v in restore.items() if v}, "not_acted": not_acted}


def apply(ws: Workspace, reviewer: str = "audit") -> dict[str, Any]:
    """Restore every sample whose audited drop was judged wrong; one review run per rule."""
    with writer_lock(ws, "audit apply"):
        todo = plan(ws)
        runs = []
        for step, ids in sorted(todo["restore"].items()):
            note = f"audit: auditors judged the {step} drop wrong"
            result = apply_action(ws, ids, "keep", note, reviewer=reviewer)
            runs.append({"rule": step, "restored": result.n, "run_id": result.run_id})
    return {
        "restored": sum(r["restored"] for r in runs),
        "by_rule": runs,
        "not_acted": [{"rule": s, "kind": k} for s, k in todo["not_acted"]],
    }
