"""Import a stage run's result shards into the catalog: ONE transaction, with its `runs` row.

Only samples that are still pending at import time are written (active — or dropped by this stage under another
key, for a stage that re-judges — and `Stage.pending()` still true: for most stages, no decision carrying the stage
key); a re-judged sample that now passes gets a `keep` that restores it (details `restores`,
curator.catalog.decisions). So importing the same folder twice, or a folder exported before
another run decided some of its samples, never writes anything twice. Decisions and the status they imply go
through curator.catalog.decisions; then the stage writes its other rows (`Stage.import_rows`: language, scrubbed
text and raw originals, findings, clusters), inside the same transaction.

A curator's review decision is never overturned: status is read inside the import's transaction (under the
workspace writer lock), so a sample dropped in review after the export is skipped, and a sample whose status a
curator set in review (`status_stage = 'review'`, e.g. kept after the export started) keeps it: the stage's verdict
is still recorded as a decision, marked `"review_held": true` when it was a drop that did not apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from curator.catalog import Run, decisions, transaction, utcnow
from curator.catalog.sql import execute_named
from curator.faults import fault_point
from curator.stages import base
from curator.stages.base import Stage

RESULTS = """
CREATE OR REPLACE TEMP TABLE res AS
SELECT r.*, {held} AND r.decision = 'drop' AS held, s.status = 'dropped' AND r.decision <> 'drop' AS restores
FROM read_parquet($results) r JOIN samples s USING (sample_id)
WHERE {judged} AND {pending}
"""
# the rows of curator.catalog.decisions.write; the status rule (drops, review held) is applied there
ROWS = """
SELECT sample_id, step, decision,
       CASE WHEN restores THEN 're-judged by ' || $stage || ' with new params: passes (' || reason || ')'
            ELSE reason END AS reason, score,
       json_merge_patch(coalesce(details, '{}')::JSON,
                        CASE WHEN held THEN json_object('key', $key, 'review_held', true)
                             WHEN restores THEN json_object('key', $key, 'restores', true)
                             ELSE json_object('key', $key) END)::VARCHAR AS details,
       row_number() OVER (ORDER BY sample_id) AS seq
FROM res ORDER BY sample_id
"""


def import_results(con: duckdb.DuckDBPyConnection, run: Run, run_dir: Path, stage: Stage, key: str) -> dict[str, Any]:
    """Write decisions, status, the stage's own rows, and the runs row; returns counts."""
    now = utcnow()
    params = {
        "run_id": run.run_id,
        "stage": stage.name,
        "key": key,
        "now": now,
        "results": str(run_dir / "results" / "*.parquet"),
    }
    with transaction(con):
        # status re-read inside the transaction
        judged = base.judged(getattr(stage, "rejudges", False))
        sql = RESULTS.format(held=decisions.review_held("s"), pending=stage.pending(), judged=judged)
        execute_named(con, sql, params)
        decisions.write(
            con, ROWS, run_id=run.run_id, stage=stage.name, params={"key": key, "stage": stage.name}, now=now
        )
        stage.import_rows(con, run_dir, params)
        counts = _counts(con)
        run.record(
            con,
            status="succeeded",
            counts=counts,
            n_in=counts["in"],
            n_kept=counts["kept"],
            n_dropped=counts["dropped"],
            n_modified=counts["modified"],
        )
        fault_point(f"run.{stage.name}.before_commit")
    return counts


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    by = dict(con.execute("SELECT decision, count(*) FROM res WHERE NOT held GROUP BY 1").fetchall())
    held = con.execute("SELECT count(*) FROM res WHERE held").fetchall()[0][0]
    reasons = con.execute(
        "SELECT step, count(*) FROM res WHERE decision = 'drop' AND NOT held GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return {
        "in": sum(by.values()) + held,
        "kept": by.get("keep", 0) + by.get("modify", 0) + held,
        "dropped": by.get("drop", 0),
        "modified": by.get("modify", 0),
        "held_by_review": held,
        "restored": con.execute("SELECT count(*) FROM res WHERE restores").fetchall()[0][0],
        "dropped_by_step": dict(reasons),
    }
