"""`curator annotate resolve`: annotations → one label per sample, label changes as decisions, doubts queued.

Per sample only the annotations of its latest round count (a relabel round replaces the earlier votes; the
earlier ones stay in `annotations` and the earlier label in `decisions`). Cancelled (skipped) and deleted
annotations never count. A tie, agreement below --min-agreement, or a gold task resolved to another label than
its known answer writes no label and queues the sample (`relabel_queue`, reason disagreement | low_agreement |
gold_failure). A sample that resolves cleanly closes its pushed queue entries (status 'done').
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from curator.catalog import Run, connect, transaction
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.label.policies import Outcome, crowdlab, majority
from curator.label.resolve_write import write_resolution
from curator.workspace import Workspace

POLICIES = ("majority", "crowdlab")

# Valid annotations of each sample's latest round that has any.
VOTES_SQL = """
WITH valid AS (
  SELECT a.sample_id, a.annotator, a.label, a.simulated, t.round, t.kind, t.gold_label
  FROM annotations a JOIN ls_tasks t ON t.project = a.project AND t.task_id = a.task_id
  WHERE NOT a.deleted AND NOT a.was_cancelled AND a.label IS NOT NULL {project_filter}
    AND a.project NOT IN (SELECT name FROM ls_projects WHERE task_type = 'audit')  -- answers about rules, not labels
), latest AS (SELECT sample_id, max(round) AS round FROM valid GROUP BY 1)
SELECT v.sample_id, v.annotator, v.label, v.simulated, v.gold_label, v.round
FROM valid v JOIN latest l USING (sample_id, round) ORDER BY v.sample_id, v.annotator
"""


@dataclass(frozen=True, kw_only=True)
class ResolveOptions:
    policy: str = "majority"
    min_agreement: float = 0.5
    project: str | None = None


def load_votes(con: duckdb.DuckDBPyConnection, project: str | None) -> dict[str, Any]:
    flt = "AND a.project = ?" if project else ""
    rows = con.execute(VOTES_SQL.format(project_filter=flt), [project] if project else []).fetchall()
    by_annotator: dict[str, dict[str, str]] = {}
    meta: dict[str, dict[str, Any]] = {}
    for sid, annotator, label, simulated, gold, rnd in rows:
        by_annotator.setdefault(sid, {})[annotator] = label
        m = meta.setdefault(sid, {"simulated": False, "gold": gold, "round": rnd})
        m["simulated"] = m["simulated"] or bool(simulated)
    return {"by_annotator": by_annotator, "meta": meta}


def _classes(con: duckdb.DuckDBPyConnection, project: str | None, seen: set[str]) -> list[str]:
    sql = "SELECT labels FROM ls_projects" + (" WHERE name = ?" if project else "")
    declared = [lb for (js,) in con.execute(sql, [project] if project else []).fetchall() for lb in json.loads(js)]
    return list(dict.fromkeys(declared + sorted(seen)))


def outcomes(con: duckdb.DuckDBPyConnection, opts: ResolveOptions) -> tuple[list[Outcome], dict[str, Any]]:
    if opts.policy not in POLICIES:
        raise CuratorError(f"--policy {opts.policy!r}: use {', '.join(POLICIES)}")
    if not 0.0 <= opts.min_agreement <= 1.0:
        raise CuratorError(f"--min-agreement {opts.min_agreement}: must be between 0 and 1")
    data = load_votes(con, opts.project)
    by_ann = data["by_annotator"]
    if not by_ann:
        return [], data["meta"]
    if opts.policy == "majority":
        return majority({s: list(v.values()) for s, v in by_ann.items()}), data["meta"]
    classes = _classes(con, opts.project, {lb for v in by_ann.values() for lb in v.values()})
    texts = dict(
        con.execute(
            "SELECT sample_id, text FROM samples WHERE sample_id IN (SELECT unnest(?))", [list(by_ann)]
        ).fetchall()
    )
    return crowdlab(by_ann, classes, texts), data["meta"]


def classify(o: Outcome, meta: dict[str, Any], min_agreement: float) -> str | None:
    """The relabel reason for an outcome, or None when its label is accepted."""
    if o.tie or o.label is None:
        return "disagreement"
    if meta.get("gold") and o.label != meta["gold"]:
        return "gold_failure"
    if o.agreement < min_agreement:
        return "low_agreement"
    return None


def resolve(ws: Workspace, opts: ResolveOptions) -> dict[str, Any]:
    """Resolve every annotated sample; write labels, decisions and queue entries in one transaction."""
    run = Run(
        "annotate resolve",
        {"policy": opts.policy, "min_agreement": opts.min_agreement, "project": opts.project},
        stage="label",
    )
    with writer_lock(ws, "annotate resolve"), connect(ws) as con:  # votes read and labels written under one lock
        results, meta = outcomes(con, opts)
        accepted, queued = [], []
        for o in results:
            reason = classify(o, meta[o.sample_id], opts.min_agreement)
            (queued if reason else accepted).append((o, reason))
        with transaction(con):
            counts = write_resolution(con, run.run_id, opts.policy, accepted, queued, meta)
            run.record(con, status="succeeded", counts=counts, n_in=len(results), n_modified=counts["changed"])
            fault_point("resolve.before_commit")
    fault_point("resolve.after_commit")
    return {"run_id": run.run_id, "policy": opts.policy, "samples": len(results), **counts}
