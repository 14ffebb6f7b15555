"""Writing a resolution: labels upserted, label changes and flags as decisions, the relabel queue updated."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import decisions, utcnow
from curator.catalog.bulk import insert_rows
from curator.label.policies import Outcome

LABEL_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("label", pa.string()),
        ("method", pa.string()),
        ("agreement", pa.float64()),
        ("votes", pa.string()),
        ("n_annotations", pa.int32()),
        ("simulated", pa.bool_()),
        ("run_id", pa.string()),
        ("resolved_at", pa.timestamp("us")),
    ]
)
QUEUE_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("reason", pa.string()),
        ("priority", pa.float64()),
        ("details", pa.string()),
        ("status", pa.string()),
        ("created_at", pa.timestamp("us")),
        ("run_id", pa.string()),
    ]
)


def _close_answered_rounds(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> int:
    """Pushed queue entries whose relabel round (the sample's latest task round) has been answered become 'done'."""
    voted = pa.table({"sample_id": list(meta), "round": [m["round"] for m in meta.values()]})
    con.register("voted_rounds", voted)
    try:
        rows = con.execute(
            "UPDATE relabel_queue SET status = 'done' WHERE status = 'pushed' AND sample_id IN ("
            " SELECT v.sample_id FROM voted_rounds v JOIN (SELECT sample_id, max(round) AS r FROM ls_tasks GROUP BY 1)"
            " t USING (sample_id) WHERE v.round = t.r AND v.round > 0) RETURNING sample_id"
        ).fetchall()
    finally:
        con.unregister("voted_rounds")
    return len(rows)


def _labels(ctx: dict[str, Any], accepted: list[tuple[Outcome, None]], previous: dict[str, str]) -> tuple[list, list]:
    """Label rows for accepted outcomes, and a `label` decision for each new or changed label."""
    rows, decisions = [], []
    for o, _ in accepted:
        if o.sample_id in ctx["reviewed"]:  # a curator's set-label wins over annotator votes
            continue
        rows.append(
            {
                "sample_id": o.sample_id,
                "label": o.label,
                "method": ctx["policy"],
                "agreement": o.agreement,
                "votes": json.dumps(o.votes),
                "n_annotations": o.n,
                "run_id": ctx["run_id"],
                "resolved_at": ctx["now"],
                "simulated": ctx["meta"][o.sample_id]["simulated"],
            }
        )
        old = previous.get(o.sample_id)
        if old != o.label:
            details = {
                "label": o.label,
                "previous": old,
                "votes": o.votes,
                "method": ctx["policy"],
                "n": o.n,
                **o.extra,
            }
            decisions.append((o.sample_id, "label", "resolved" if old is None else "relabeled", o.agreement, details))
    return rows, decisions


def _queue(ctx: dict[str, Any], queued: list[tuple[Outcome, str]], open_: set[str]) -> tuple[list, list]:
    """Queue rows (skipping samples with an open entry), and a `flag` decision for each."""
    rows, decisions = [], []
    for o, reason in queued:
        if o.sample_id in open_:
            continue
        m = ctx["meta"][o.sample_id]
        details = {
            "votes": o.votes,
            "agreement": o.agreement,
            "label": o.label,
            "gold": m["gold"],
            "round": m["round"],
            "method": ctx["policy"],
        }
        prio = 2.0 if reason == "gold_failure" else 1.0 + (1.0 - o.agreement)
        rows.append(
            {
                "sample_id": o.sample_id,
                "reason": reason,
                "priority": prio,
                "details": json.dumps(details),
                "status": "pending",
                "created_at": ctx["now"],
                "run_id": ctx["run_id"],
            }
        )
        decisions.append((o.sample_id, "flag", reason, o.agreement, details))
    return rows, decisions


def write_resolution(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    policy: str,
    accepted: list[tuple[Outcome, None]],
    queued: list[tuple[Outcome, str]],
    meta: dict[str, Any],
) -> dict[str, int]:
    """Apply one resolve run inside the caller's transaction; returns counts."""
    reviewed = {r[0] for r in con.execute("SELECT sample_id FROM labels WHERE method = 'review'").fetchall()}
    ctx = {"now": utcnow(), "policy": policy, "run_id": run_id, "meta": meta, "reviewed": reviewed}
    previous = dict(con.execute("SELECT sample_id, label FROM labels").fetchall())
    label_rows, label_decisions = _labels(ctx, accepted, previous)
    done = _close_answered_rounds(con, meta)
    open_ = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT sample_id FROM relabel_queue WHERE status IN ('pending', 'pushed')"
        ).fetchall()
    }
    queue_rows, flag_decisions = _queue(ctx, queued, open_)
    decision_rows = [
        {
            "sample_id": sid,
            "step": f"{policy}_v1",
            "decision": dec,
            "reason": reason,
            "score": score,
            "details": json.dumps(det),
            "seq": i,
        }
        for i, (sid, dec, reason, score, det) in enumerate(label_decisions + flag_decisions)
    ]
    insert_rows(con, "labels", label_rows, LABEL_SCHEMA, "INSERT OR REPLACE")
    decisions.write(con, decision_rows, run_id=run_id, stage="label", now=ctx["now"])
    insert_rows(con, "relabel_queue", queue_rows, QUEUE_SCHEMA)
    return {
        "labeled": len(label_rows),
        "changed": len(label_decisions),
        "queued": len(queue_rows),
        "queue_skipped_open": len(queued) - len(queue_rows),
        "queue_done": done,
    }
