"""`curator annotate relabel`: the pending relabel queue goes back to Label Studio as NEW tasks.

A new task carries no annotations, and the project hides annotation history and others' work, so the new
annotator never sees the earlier labels. The task is recorded with kind 'relabel' and round = previous + 1
(a gold sample keeps its known answer); queue entries become 'pushed', and after the next pull and resolve
the sample's label comes from the new round (the earlier label stays in `decisions`).
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from curator.catalog import Run, connect, decisions, transaction
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.label.client import check_same_server, client, get_project, sdk_error
from curator.label.push import BATCH, record_tasks, rows_table, task_payload
from curator.label.tasks import import_batches
from curator.workspace import Workspace

# Pending entries of samples that are still eligible downstream (active, scrubbed). A sample the project never had
# (e.g. flagged by a model before anyone labeled it) goes out too, as relabel round 1.
PENDING_SQL = """
SELECT s.sample_id, s.text, md5(s.text) AS text_hash, coalesce(max(t.round), 0) + 1 AS round,
       any_value(t.gold_label) AS gold, string_agg(DISTINCT q.reason, ',') AS reasons
FROM relabel_queue q JOIN samples s USING (sample_id)
LEFT JOIN ls_tasks t ON t.sample_id = s.sample_id AND t.project = ?
WHERE q.status = 'pending' AND s.status = 'active' AND s.pii_scrubbed
GROUP BY s.sample_id, s.text ORDER BY max(q.priority) DESC, s.sample_id
"""


def _decisions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "sample_id": it["sample_id"],
            "step": "relabel_v1",
            "decision": "flag",
            "reason": "relabel_pushed",
            "details": json.dumps({"queue_reasons": it["reasons"], "round": it["round"], "task_id": it["task_id"]}),
            "seq": i,
        }
        for i, it in enumerate(items)
    ]


def relabel(ws: Workspace, project_name: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Push pending queue entries as fresh tasks; returns counts."""
    with connect(ws, read_only=True) as con:
        project = get_project(con, project_name)
        rows = con.execute(PENDING_SQL + (f" LIMIT {int(limit)}" if limit else ""), [project.name]).fetchall()
    check_same_server(ws, project)
    items = [
        {
            "sample_id": sid,
            "text": text,
            "text_hash": th,
            "round": rnd,
            "gold_label": gold,
            "reasons": reasons,
            "kind": "relabel",
            "overlap": max(project.overlap, 1),
        }
        for sid, text, th, rnd, gold, reasons in rows
    ]
    run = Run("annotate relabel", {"project": project.name, "limit": limit}, stage="label")
    try:
        task_ids = import_batches(client(ws), project.ls_project_id, [task_payload(i) for i in items], BATCH)
    except CuratorError:
        raise
    except Exception as exc:
        raise sdk_error(exc, "relabel import") from exc
    for it, tid in zip(items, task_ids, strict=True):
        it["task_id"] = tid
    with writer_lock(ws, "annotate relabel"), connect(ws) as con, transaction(con):
        for rnd in sorted({it["round"] for it in items}):
            group = [it for it in items if it["round"] == rnd]
            record_tasks(con, _table(group, project.name, run.run_id, rnd))
        if items:
            decisions.write(con, _decisions(items), run_id=run.run_id, stage="label")
            ids = [it["sample_id"] for it in items]
            con.execute(
                "UPDATE relabel_queue SET status = 'pushed' WHERE status = 'pending' AND sample_id IN "
                "(SELECT unnest(?))",
                [ids],
            )
        run.record(con, status="succeeded", counts={"pushed": len(items)}, n_in=len(items))
    return {"project": project.name, "run_id": run.run_id, "pushed": len(items)}


def _table(items: list[dict[str, Any]], project: str, run_id: str, rnd: int) -> pa.Table:
    return rows_table(items, [it["task_id"] for it in items], project, run_id, rnd)
