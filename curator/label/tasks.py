"""Task helpers shared by push, pull and relabel: batched import, listing, mapping recovery, choice results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pyarrow as pa

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.label.client import Project
from curator.workspace import Workspace

FROM_NAME, TO_NAME = "label", "text"
LIST_PAGE = 1000


def choice_result(label: str) -> dict[str, Any]:
    """A Label Studio `result` item choosing `label` in the text classification config."""
    return {"from_name": FROM_NAME, "to_name": TO_NAME, "type": "choices", "value": {"choices": [label]}}


def label_of(result: list[dict[str, Any]] | None) -> str | None:
    """The chosen label of an annotation result (first choice of the `label` control), None if empty."""
    for item in result or []:
        if item.get("from_name") == FROM_NAME and item.get("type") == "choices":
            choices = item.get("value", {}).get("choices") or []
            return choices[0] if choices else None
    return None


def import_batches(sdk: Any, ls_project_id: int, tasks: list[dict[str, Any]], batch: int) -> list[int]:
    """Import tasks in batches; returns the new task ids in input order."""
    ids: list[int] = []
    for start in range(0, len(tasks), batch):
        chunk = tasks[start : start + batch]
        resp = sdk.projects.import_tasks(ls_project_id, request=chunk, return_task_ids=True)
        got = list(resp.task_ids or [])
        if len(got) != len(chunk):
            raise CuratorError(f"Label Studio imported {len(got)} of {len(chunk)} tasks; run push again to recover")
        ids.extend(int(t) for t in got)
    return ids


def updated_since_query(since: datetime | None) -> str | None:
    """Data-manager filter: tasks whose updated_at is after `since` (annotations bump it)."""
    if since is None:
        return None
    item = {
        "filter": "filter:tasks:updated_at",
        "operator": "greater",
        "type": "Datetime",
        "value": since.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    return json.dumps({"filters": {"conjunction": "and", "items": [item]}})


def iter_tasks(sdk: Any, ls_project_id: int, include: str, since: datetime | None = None) -> Iterator[Any]:
    """All tasks of a project (only the `include` fields), optionally only those changed since `since`."""
    pager = sdk.tasks.list(
        project=ls_project_id, page_size=LIST_PAGE, fields="all", include=include, query=updated_since_query(since)
    )
    yield from pager


def recover_mapping(ws: Workspace, sdk: Any, project: Project) -> int:
    """Map tasks that Label Studio holds but the catalog does not (a push interrupted after import)."""
    remote = sdk.projects.get(project.ls_project_id).task_number or 0
    with connect(ws, read_only=True) as con:
        known = con.execute("SELECT count(*) FROM ls_tasks WHERE project = ?", [project.name]).fetchone()[0]
        known_ids = {
            r[0] for r in con.execute("SELECT task_id FROM ls_tasks WHERE project = ?", [project.name]).fetchall()
        }
    if remote <= known:
        return 0
    found = [t for t in iter_tasks(sdk, project.ls_project_id, "id,data") if t.id not in known_ids]
    found = [t for t in found if isinstance(t.data, dict) and t.data.get("sample_id")]
    run = Run("annotate push", {"project": project.name, "recover": True}, stage="label")
    now = utcnow()
    table = pa.table(
        {
            "project": [project.name] * len(found),
            "task_id": [t.id for t in found],
            "sample_id": [t.data["sample_id"] for t in found],
            "kind": ["normal"] * len(found),
            "gold_label": pa.nulls(len(found), pa.string()),
            "overlap": [1] * len(found),
            "round": [0] * len(found),
            "text_hash": [""] * len(found),
            "predicted_label": pa.nulls(len(found), pa.string()),
            "model_id": pa.nulls(len(found), pa.string()),
            "pushed_at": [now] * len(found),
            "run_id": [run.run_id] * len(found),
        }
    )
    with writer_lock(ws, "annotate push"), connect(ws) as con, transaction(con):
        con.register("recovered_tasks", table)
        con.execute("INSERT INTO ls_tasks BY NAME SELECT * FROM recovered_tasks")
        con.unregister("recovered_tasks")
        run.record(con, status="succeeded", counts={"recovered": len(found)})
    return len(found)
