"""`curator annotate pull`: Label Studio annotations → catalog, incrementally (polling by task updated_at).

Label Studio bumps a task's updated_at when one of its annotations is created, updated, cancelled or deleted,
so a pull lists only tasks changed since the last pull's cursor (see `next_cursor`), replaces their
annotations by what the server holds now, and marks the ones that disappeared as deleted. Upserts by
annotation id make it idempotent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.faults import fault_point
from curator.label.client import Project, check_same_server, client, get_project
from curator.label.tasks import iter_tasks, label_of
from curator.workspace import Workspace

MARGIN = timedelta(seconds=2)
# `include` also filters the nested annotation fields, so they are named too.
ANN_FIELDS = "id,annotations,updated_at,result,completed_by,was_cancelled,lead_time,created_at"
COLUMNS = (
    "project",
    "annotation_id",
    "task_id",
    "sample_id",
    "annotator",
    "annotator_id",
    "label",
    "was_cancelled",
    "deleted",
    "lead_time",
    "created_at",
    "updated_at",
    "simulated",
    "result",
    "pulled_at",
    "run_id",
)


def parse_ts(value: Any) -> datetime | None:
    """Label Studio timestamps (ISO strings or datetimes) as naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def user_emails(sdk: Any) -> dict[int, str]:
    return {u.id: u.email or u.username for u in sdk.users.list()}


def annotation_rows(tasks: list[Any], mapping: dict[int, str], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per annotation of the tasks the catalog knows (others in the project are ignored)."""
    rows = []
    for task in tasks:
        sample_id = mapping.get(task.id)
        for ann in task.annotations or []:
            if sample_id is None:
                continue
            uid = ann.get("completed_by")
            email = ctx["emails"].get(uid, str(uid))
            rows.append(
                {
                    "project": ctx["project"],
                    "annotation_id": ann["id"],
                    "task_id": task.id,
                    "sample_id": sample_id,
                    "annotator": email,
                    "annotator_id": uid,
                    "was_cancelled": bool(ann.get("was_cancelled")),
                    "label": None if ann.get("was_cancelled") else label_of(ann.get("result")),
                    "deleted": False,
                    "lead_time": ann.get("lead_time"),
                    "created_at": parse_ts(ann.get("created_at")),
                    "updated_at": parse_ts(ann.get("updated_at")),
                    "simulated": email in ctx["simulated"],
                    "result": json.dumps(ann.get("result") or []),
                    "pulled_at": ctx["now"],
                    "run_id": ctx["run_id"],
                }
            )
    return rows


def _arrow(rows: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema(
        [
            ("project", pa.string()),
            ("annotation_id", pa.int64()),
            ("task_id", pa.int64()),
            ("sample_id", pa.string()),
            ("annotator", pa.string()),
            ("annotator_id", pa.int64()),
            ("label", pa.string()),
            ("was_cancelled", pa.bool_()),
            ("deleted", pa.bool_()),
            ("lead_time", pa.float64()),
            ("created_at", pa.timestamp("us")),
            ("updated_at", pa.timestamp("us")),
            ("simulated", pa.bool_()),
            ("result", pa.string()),
            ("pulled_at", pa.timestamp("us")),
            ("run_id", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def store(
    con: duckdb.DuckDBPyConnection, project: str, rows: list[dict[str, Any]], task_ids: list[int], run_id: str
) -> dict[str, int]:
    """Upsert changed annotations, mark vanished ones deleted; returns counts."""
    con.register("pulled", _arrow(rows))
    con.register("pulled_tasks", pa.table({"task_id": pa.array(task_ids, pa.int64())}))
    try:
        counts = dict(
            zip(
                ("new", "updated", "cancelled"),
                con.execute(
                    "SELECT count(*) FILTER (a.annotation_id IS NULL), "
                    "count(*) FILTER (a.annotation_id IS NOT NULL AND (a.updated_at IS DISTINCT FROM p.updated_at "
                    "  OR a.deleted OR a.was_cancelled <> p.was_cancelled)), count(*) FILTER (p.was_cancelled) "
                    "FROM pulled p LEFT JOIN annotations a "
                    "ON a.project = p.project AND a.annotation_id = p.annotation_id"
                ).fetchone(),
                strict=True,
            )
        )
        con.execute(
            "INSERT OR REPLACE INTO annotations BY NAME SELECT p.* FROM pulled p LEFT JOIN annotations a "
            "ON a.project = p.project AND a.annotation_id = p.annotation_id WHERE a.annotation_id IS NULL "
            "OR a.updated_at IS DISTINCT FROM p.updated_at OR a.deleted OR a.was_cancelled <> p.was_cancelled"
        )
        deleted = con.execute(
            "UPDATE annotations SET deleted = true, pulled_at = ?, run_id = ? WHERE project = ? AND NOT deleted "
            "AND task_id IN (SELECT task_id FROM pulled_tasks) "
            "AND annotation_id NOT IN (SELECT annotation_id FROM pulled) RETURNING annotation_id",
            [utcnow(), run_id, project],
        ).fetchall()
    finally:
        con.unregister("pulled")
        con.unregister("pulled_tasks")
    return {**{k: int(v) for k, v in counts.items()}, "deleted": len(deleted)}


def next_cursor(started: datetime, newest: datetime) -> datetime:
    """The next pull lists tasks updated after this: what this pull surely saw.

    A change stamped shortly before the read started may commit after it, so the last MARGIN before the start
    is read again; and never beyond the newest change seen (server clock), so clock skew cannot skip changes.
    """
    return min(started - MARGIN, newest)


def _context(ws: Workspace, project: Project) -> tuple[dict[int, str], datetime | None, set[str]]:
    with connect(ws, read_only=True) as con:
        mapping = dict(
            con.execute("SELECT task_id, sample_id FROM ls_tasks WHERE project = ?", [project.name]).fetchall()
        )
        cursor = con.execute("SELECT last_pull_at FROM ls_projects WHERE name = ?", [project.name]).fetchone()[0]
        simulated = {r[0] for r in con.execute("SELECT email FROM ls_users WHERE simulated").fetchall()}
    return mapping, cursor, simulated


def pull(ws: Workspace, project_name: str | None = None, full: bool = False) -> dict[str, Any]:
    """Fetch what changed since the last pull (everything with full=True) and store it."""
    with connect(ws, read_only=True) as con:
        project = get_project(con, project_name)
    check_same_server(ws, project)
    sdk = client(ws)
    mapping, cursor, simulated = _context(ws, project)
    since = None if full else cursor
    started = utcnow()
    run = Run("annotate pull", {"project": project.name, "since": str(since) if since else None}, stage="label")
    tasks = list(iter_tasks(sdk, project.ls_project_id, ANN_FIELDS, since))
    ctx = {
        "project": project.name,
        "emails": user_emails(sdk),
        "simulated": simulated,
        "now": utcnow(),
        "run_id": run.run_id,
    }
    rows = annotation_rows(tasks, mapping, ctx)
    newest = max((parse_ts(t.updated_at) for t in tasks), default=None)
    fault_point("pull.before_write")
    with writer_lock(ws, "annotate pull"), connect(ws) as con, transaction(con):
        counts = store(con, project.name, rows, [t.id for t in tasks if t.id in mapping], run.run_id)
        if newest:  # next pull: changes after what this read surely saw (see next_cursor)
            con.execute(
                "UPDATE ls_projects SET last_pull_at = ? WHERE name = ?", [next_cursor(started, newest), project.name]
            )
        counts |= {"tasks_changed": len(tasks), "annotations_seen": len(rows)}
        run.record(con, status="succeeded", counts=counts, n_in=len(rows))
        fault_point("pull.before_commit")
    fault_point("pull.after_commit")
    return {"project": project.name, "run_id": run.run_id, **counts}
