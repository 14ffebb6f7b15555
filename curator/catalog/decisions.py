"""The one writer of `decisions`, and the one place a sample's status is derived from them.

Every area records what it decided about samples here (ingest, the engine's stage imports, purge-raw, review,
labeling, training): one call per run (or per part of a run), set-based, inside the caller's transaction.

    from curator.catalog import decisions

    # SQL: a SELECT yielding the columns of ROW_COLUMNS by name (alias them), with named $parameters
    decisions.write(con, "SELECT sample_id, 'ingest_v1' AS step, 'keep' AS decision, ... FROM read_parquet($glob)",
                    run_id=run.run_id, stage="ingest", params={"glob": glob}, now=now)
    # rows from Python: a pyarrow Table or a list of dicts with the ROW_COLUMNS (missing keys are NULL)
    decisions.write(con, [{"sample_id": sid, "step": "majority_v1", "decision": "label", ...}],
                    run_id=run.run_id, stage="label")

`write` supplies `run_id`, `stage` and `created_at` (`now`, default `utcnow()`), then derives the status of the
samples it decided about (`derive_status`). Rows never go in as a Python loop of INSERTs.

The status rule (docs/architecture.md, Conventions) lives only in `derive_status`: within a run the latest (by
`seq`) `drop`, or `keep` by a review, decides; a drop sets `status = 'dropped'`, `status_stage` = its stage,
`status_reason` = its reason; a review keep sets the sample back to `active` (stage 'review'), and so does a
decision (not a drop) whose details say `"restores": true` (a re-judge that now passes, kept or flagged; a
`curator revert`). Review decisions
win: a drop by any other stage does not change a sample whose status a review set (`review_held`), and other
decisions (keep by a stage, modify, flag, label) never change the status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog.runs import utcnow
from curator.catalog.sql import execute_named

ROW_COLUMNS = ("sample_id", "step", "decision", "reason", "score", "details", "seq")
ROW_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("step", pa.string()),
        ("decision", pa.string()),
        ("reason", pa.string()),
        ("score", pa.float64()),
        ("details", pa.string()),  # JSON text
        ("seq", pa.int64()),
    ]
)
DECISIONS = ("keep", "drop", "modify", "flag", "label")
REVIEW = "review"

INSERT = """
INSERT INTO decisions (run_id, sample_id, stage, step, decision, reason, score, details, created_at, seq)
SELECT {run}, sample_id, {stage}, step, decision, reason, score::DOUBLE, details::JSON, {now}, seq
FROM ({rows})
"""
STATUS = """
UPDATE samples SET status = CASE WHEN d.decision = 'drop' THEN 'dropped' ELSE 'active' END,
                   status_stage = d.stage, status_reason = d.reason
FROM (
    SELECT sample_id, stage, decision, reason FROM decisions
    WHERE run_id = $run_id AND (decision = 'drop' OR (decision = 'keep' AND stage = 'review') OR {restores})
    QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY seq DESC) = 1
) d
WHERE samples.sample_id = d.sample_id AND (d.stage = 'review' OR NOT {held})
"""


def review_held(alias: str = "samples") -> str:
    """SQL: true when the sample's status was set by a review, so a later stage's drop does not apply to it."""
    return f"coalesce({alias}.status_stage, '') = '{REVIEW}'"


def write(
    con: duckdb.DuckDBPyConnection,
    rows: str | pa.Table | list[dict[str, Any]],
    *,
    run_id: str,
    stage: str,
    params: dict[str, Any] | list[Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Append one run's decisions (SQL SELECT, Arrow table or dicts with ROW_COLUMNS) and derive the status of
    their samples; returns how many rows were written. Runs in the caller's transaction. A SELECT's parameters
    are named (`$name`, a dict) or positional (`?`, a list)."""
    if isinstance(rows, str):
        n = _insert(con, rows, params, (run_id, stage, now or utcnow()))
    else:
        table = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(rows, schema=ROW_SCHEMA)
        if table.num_rows == 0:
            return 0
        con.register("_curator_decisions", table)
        try:
            n = _insert(con, "SELECT * FROM _curator_decisions", None, (run_id, stage, now or utcnow()))
        finally:
            con.unregister("_curator_decisions")
    if n:
        derive_status(con, run_id)
    return n


def _insert(
    con: duckdb.DuckDBPyConnection, rows: str, params: dict[str, Any] | list[Any] | None, fixed: tuple[Any, ...]
) -> int:
    if isinstance(params, list):
        sql = INSERT.format(run="?", stage="?", now="?", rows=rows)
        return int(con.execute(sql, [*fixed, *params]).fetchall()[0][0])
    sql = INSERT.format(run="$_run_id", stage="$_stage", now="$_now", rows=rows)
    named = {**(params or {}), **dict(zip(("_run_id", "_stage", "_now"), fixed, strict=True))}
    return int(execute_named(con, sql, named).fetchall()[0][0])


def derive_status(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Apply the status rule to the samples this run decided about; returns how many samples it set."""
    sql = STATUS.format(held=review_held(), restores="json_extract_string(details, '$.restores') = 'true'")
    return int(con.execute(sql, {"run_id": run_id}).fetchall()[0][0])
