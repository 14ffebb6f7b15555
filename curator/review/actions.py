"""Curator overrides: keep / drop / send to relabel / set label, for one sample or many.

One action is one `review` run, in one transaction: a `reviews` row and a `decisions` row (stage 'review') per
sample, the derived `samples.status` updated (drop → dropped, keep → active), and for set_label the resolved
label in `labels` (method 'review'), for relabel a `relabel_queue` row (reason 'review'). Rows go in as one
registered Arrow table, never a loop of single-row INSERTs.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from curator.catalog import Run, connect, decisions, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.review.db import dicts, has
from curator.workspace import Workspace

ACTIONS = {"keep": "keep", "drop": "drop", "relabel": "flag", "set_label": "label"}  # action -> decision
STEP_VERSION = "v1"


@dataclass(frozen=True)
class ActionResult:
    run_id: str
    action: str
    n: int
    reason: str
    label: str | None = None
    queued: bool = False  # relabel: whether a relabel_queue row was written


def decision_reason(action: str, note: str | None, label: str | None = None) -> str:
    """The decision's reason: `review <action>` plus the curator's note, e.g. 'review drop: off-topic spam'."""
    head = f"review {action}" + (f" → {label}" if action == "set_label" and label else "")
    return f"{head}: {note.strip()}" if note and note.strip() else head


def _validate(con: duckdb.DuckDBPyConnection, sample_ids: list[str], action: str, label: str | None) -> None:
    if action not in ACTIONS:
        raise CuratorError(f"action {action!r}: use {', '.join(ACTIONS)}")
    if not sample_ids:
        raise CuratorError("no samples selected")
    if action == "set_label" and not (label and label.strip()):
        raise CuratorError("set_label needs a label")
    missing = con.execute(
        "SELECT i.sample_id FROM review_ids i ANTI JOIN samples s USING (sample_id) ORDER BY i.seq LIMIT 1"
    ).fetchone()
    if missing:
        raise CuratorError(f"no sample {missing[0]!r} in the catalog")


def _prev_label_expr(con: duckdb.DuckDBPyConnection) -> str:
    if has(con, "labels"):
        return "coalesce((SELECT l.label FROM labels l WHERE l.sample_id = s.sample_id), s.label)"
    return "s.label"


def _write_reviews(con: duckdb.DuckDBPyConnection, run: Run, action: str, params: list[object]) -> None:
    con.execute(
        "INSERT INTO reviews SELECT ? || '-' || i.seq, ?, i.sample_id, ?, ?, ?, ?, s.status, "
        f"{_prev_label_expr(con)}, ? FROM review_ids i JOIN samples s USING (sample_id)",
        [run.run_id, run.run_id, action, *params],
    )


DECISION_ROWS = """
SELECT r.sample_id, $step AS step, $decision AS decision, $reason AS reason, NULL AS score,
       json_object('review_id', r.review_id, 'note', r.note, 'reviewer', r.reviewer, 'label', r.label,
                   'previous_status', r.previous_status, 'previous_label', r.previous_label) AS details, i.seq
FROM reviews r JOIN review_ids i ON r.review_id = r.run_id || '-' || i.seq WHERE r.run_id = $run_id
"""


def _write_decisions(con: duckdb.DuckDBPyConnection, run: Run, action: str, reason: str, now: datetime) -> None:
    """One `review` decision per sample; a keep or drop sets the sample's status (catalog.decisions' rule)."""
    step = f"review_{action}_{STEP_VERSION}"
    params = {"step": step, "decision": ACTIONS[action], "reason": reason, "run_id": run.run_id}
    decisions.write(con, DECISION_ROWS, run_id=run.run_id, stage="review", params=params, now=now)


def _apply_effects(con: duckdb.DuckDBPyConnection, run: Run, action: str, reason: str, label: str | None) -> bool:
    """The action's effect on labels and the relabel queue (status follows its decision); returns whether a
    relabel_queue row was written."""
    now = utcnow()
    if action == "set_label" and has(con, "labels"):
        con.execute("DELETE FROM labels WHERE sample_id IN (SELECT sample_id FROM review_ids)")
        con.execute(
            "INSERT INTO labels (sample_id, label, method, run_id, resolved_at) "
            "SELECT sample_id, ?, 'review', ?, ? FROM review_ids",
            [label, run.run_id, now],
        )
    elif action == "relabel" and has(con, "relabel_queue"):
        con.execute(
            "INSERT INTO relabel_queue (sample_id, reason, priority, details, status, created_at, run_id) "
            "SELECT sample_id, 'review', 1.0, json_object('note', ?, 'review_id', ? || '-' || seq), 'pending', ?, ? "
            "FROM review_ids",
            [reason, run.run_id, now, run.run_id],
        )
        return True
    return False


def apply_action(
    ws: Workspace,
    sample_ids: list[str],
    action: str,
    note: str | None = None,
    *,
    label: str | None = None,
    reviewer: str | None = None,
) -> ActionResult:
    """Record one curator override for these samples, in one transaction with its `runs` row."""
    ids = list(dict.fromkeys(sample_ids))  # de-duplicated, order kept
    label = label.strip() if label else None
    reviewer = reviewer or getpass.getuser()
    reason = decision_reason(action, note, label)
    config = {"action": action, "note": note, "label": label, "reviewer": reviewer, "n": len(ids)}
    run = Run("review", config, stage="review")
    with writer_lock(ws, f"review {action}"), connect(ws, quiet=True) as con, transaction(con):
        con.register("review_ids", pa.table({"sample_id": pa.array(ids, pa.string()), "seq": range(len(ids))}))
        _validate(con, ids, action, label)
        now = utcnow()
        _write_reviews(con, run, action, [label if action == "set_label" else None, note, reviewer, now])
        _write_decisions(con, run, action, reason, now)
        queued = _apply_effects(con, run, action, reason, label)
        n = len(ids)
        run.record(
            con,
            status="succeeded",
            counts={"action": action, "reviews": n, "relabel_queued": n if queued else 0},
            n_in=n,
            n_kept=n if action == "keep" else 0,
            n_dropped=n if action == "drop" else 0,
            n_modified=n if action == "set_label" else 0,
        )
        con.unregister("review_ids")
    return ActionResult(run.run_id, action, len(ids), reason, label, queued)


def recent_reviews(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, object]]:
    """The latest overrides, newest first."""
    if not has(con, "reviews"):
        return []
    return dicts(
        con,
        (
            "SELECT created_at, sample_id, action, label, note, reviewer, previous_status, run_id "
            "FROM reviews ORDER BY created_at DESC, review_id DESC LIMIT ?"
        ),
        [limit],
    )
