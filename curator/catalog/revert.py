"""`curator revert RUN_ID`: undo one curation stage run's drops by recording new decisions (history stays).

Each sample the run dropped becomes active again through a `keep` decision of the run's stage (step `revert_v1`,
details `{"reverts": RUN_ID, "restores": true}`; the status rule is curator.catalog.decisions'), recorded by a new
`revert` run. A sample whose status a later decision now sets (a later run's drop or re-judge, a curator's review)
is skipped, and the report names those runs: the later decision stands. Samples the run kept need nothing.

Refused, with the reason: an unknown run, a run that is not a stage run of `curator run`, a run already reverted,
a PII run (it never drops; its scrubbed text is what every later stage, label and split used), and a dedup run
whose clusters a split built after it used (the split's leakage audit would no longer hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from curator.catalog import Run, connect, decisions, transaction
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.names import shown
from curator.workspace import Workspace

STEP = "revert_v1"
_NOT_HELD = "coalesce(json_extract_string(details, '$.review_held'), '') <> 'true'"
# every decision that sets a sample's status, latest first (the status rule of curator.catalog.decisions)
_SETS_STATUS = f"""(decision = 'drop' AND {_NOT_HELD}) OR (decision = 'keep' AND stage = 'review')
    OR json_extract_string(details, '$.restores') = 'true'"""
DROPPED = f"""
CREATE OR REPLACE TEMP TABLE rv AS
SELECT d.sample_id, d.reason, s.status, h.run_id AS holder, h.stage AS holder_stage
FROM decisions d JOIN samples s USING (sample_id)
LEFT JOIN (SELECT sample_id, run_id, stage FROM decisions WHERE {_SETS_STATUS}
           QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY created_at DESC, seq DESC) = 1) h
     USING (sample_id)
WHERE d.run_id = $run AND d.decision = 'drop' AND {_NOT_HELD.replace("details", "d.details")}
"""
ROWS = """
SELECT sample_id, $step AS step, 'keep' AS decision, 'revert of run ' || $run || ': drop undone (' || reason || ')'
       AS reason, NULL AS score, json_object('reverts', $run, 'restores', true)::VARCHAR AS details,
       row_number() OVER (ORDER BY sample_id) AS seq
FROM rv WHERE status = 'dropped' AND holder = $run
"""


@dataclass
class RevertReport:
    run_id: str  # the revert run
    reverted: str
    stage: str
    restored: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # later run (or review run) → samples it holds
    already_active: int = 0


def revert_run(ws: Workspace, run_id: str) -> RevertReport:
    """Record decisions that make the samples RUN_ID dropped active again; raises CuratorError when refused."""
    with writer_lock(ws, "revert"), connect(ws) as con:
        stage, finished = _revertible(con, run_id)
        run = Run("revert", {"reverts": run_id}, stage)
        with transaction(con):
            con.execute(DROPPED, {"run": run_id})
            n = decisions.write(con, ROWS, run_id=run.run_id, stage=stage, params={"run": run_id, "step": STEP})
            report = RevertReport(run.run_id, run_id, stage, n, _held(con, run_id), _active(con))
            counts = {
                "reverts": run_id,
                "restored": n,
                "skipped": report.skipped,
                "already_active": report.already_active,
            }
            run.record(con, status="succeeded", counts=counts, n_in=n + sum(report.skipped.values()), n_kept=n)
    return report


def _held(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    rows = con.execute(
        "SELECT holder, count(*) FROM rv WHERE status = 'dropped' AND holder IS DISTINCT FROM ? GROUP BY 1 ORDER BY 1",
        [run_id],
    ).fetchall()
    return {str(holder): int(n) for holder, n in rows}


def _active(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM rv WHERE status <> 'dropped'").fetchall()[0][0])


def _revertible(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, datetime]:
    """The run's stage and finish time, or the reason it cannot be reverted."""
    row = con.execute("SELECT command, stage, status, finished_at FROM runs WHERE run_id = ?", [run_id]).fetchall()
    if not row:
        raise CuratorError(f"revert: no run {shown(run_id)} in this workspace (`curator runs` lists them)")
    command, stage, status, finished = row[0]
    if command != "run" or not stage:
        raise CuratorError(f"revert: run {run_id} is a `{command}` run; revert undoes a stage run of `curator run`")
    if status != "succeeded":
        raise CuratorError(f"revert: run {run_id} did not succeed ({status}); it decided nothing to undo")
    by = con.execute(
        "SELECT DISTINCT run_id FROM decisions WHERE json_extract_string(details, '$.reverts') = ?", [run_id]
    ).fetchall()
    if by:
        raise CuratorError(f"revert: run {run_id} was already reverted by run {by[0][0]}")
    if stage == "pii":
        raise CuratorError(
            f"revert: run {run_id} is a PII run: it drops nothing, and its scrubbed text is what later "
            "stages, labels and splits used; revert does not un-scrub text"
        )
    if stage == "dedup":
        _refuse_split_after(con, run_id, finished)
    return stage, finished


def _refuse_split_after(con: duckdb.DuckDBPyConnection, run_id: str, finished: datetime) -> None:
    split = con.execute(
        "SELECT name, version, run_id FROM splits WHERE created_at >= ? ORDER BY created_at LIMIT 1", [finished]
    ).fetchall()
    if split:
        name, version, by = split[0]
        raise CuratorError(
            f"revert: split {name}@{version} (run {by}) was built after dedup run {run_id} and relies "
            "on its clusters (no duplicate across train/val/test); revert refused"
        )
