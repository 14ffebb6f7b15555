"""Label Studio's ML backend protocol on `curator serve`: predictions in Label Studio's format, and the webhook
that counts new annotations (past `--retrain-after N` a retrain starts in the background, never a promotion).

Label Studio calls `GET /health`, `POST /setup` ({project, schema, …}), `POST /predict` ({tasks, label_config,
project, params}) and, through the webhook it creates when a backend is connected, `POST /webhook` ({action, …}).
Past `--retrain-after N` new annotations the webhook records a retrain request and starts it in the background
(curator.deploy.retrain, one at a time per name); the retrain never promotes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from curator.catalog import connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.deploy.protocol import ApiError, Limits, check_texts
from curator.workspace import Workspace

COUNTED = {"ANNOTATION_CREATED", "ANNOTATIONS_CREATED"}


@dataclass(frozen=True)
class Target:
    """Where a classification goes in a labeling config: <Choices name=from_name toName=to_name> and its text."""

    from_name: str
    to_name: str
    text_key: str
    choices: frozenset[str]


def target(label_config: Any) -> Target:
    """The first <Choices> of a labeling config and the task field its <Text> reads ("$text" → "text")."""
    if not isinstance(label_config, str) or not label_config.strip():
        raise ApiError(422, "'label_config' must be the project's labeling config (XML)")
    try:
        root = ET.fromstring(label_config)
    except ET.ParseError as exc:
        raise ApiError(422, f"'label_config' is not XML ({exc})") from None
    choices = root.find(".//Choices")
    if choices is None or not choices.get("name") or not choices.get("toName"):
        raise ApiError(422, "'label_config' has no <Choices name=… toName=…>: only classification is served")
    to_name = choices.get("toName", "")
    text = next((t for t in root.iter() if t.get("name") == to_name and t.get("value")), None)
    key = (text.get("value", "$text") if text is not None else "$text").lstrip("$")
    values = frozenset(c.get("value", "") for c in choices.iter("Choice"))
    return Target(choices.get("name", ""), to_name, key, values)


def task_texts(tasks: Any, key: str, limits: Limits) -> list[str]:
    if not isinstance(tasks, list):
        raise ApiError(422, f"'tasks' must be a list of tasks, got {type(tasks).__name__}")
    texts = []
    for i, task in enumerate(tasks):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or key not in data:
            raise ApiError(422, f"tasks[{i}] has no data.{key}")
        texts.append(data[key])
    return check_texts(texts, limits, field="tasks[].data." + key)


def ls_results(tgt: Target, preds: list[tuple[str, float]], model_version: str) -> dict[str, Any]:
    """{"results": [...]} with one prediction per task; a label the project's choices lack gets an empty result."""
    out = []
    for label, score in preds:
        region = {"from_name": tgt.from_name, "to_name": tgt.to_name, "type": "choices", "value": {"choices": [label]}}
        ok = not tgt.choices or label in tgt.choices
        out.append({"result": [region] if ok else [], "score": round(score, 6), "model_version": model_version})
    return {"results": out}


def annotation_count(payload: dict[str, Any]) -> int:
    ann = payload.get("annotation", payload.get("annotations"))
    return len(ann) if isinstance(ann, list) else 1


def project_id(payload: dict[str, Any]) -> int | None:
    project = payload.get("project")
    value = project.get("id") if isinstance(project, dict) else project
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_request(con: Any, name: str) -> str | None:
    """The retrain of NAME still running: its row says running and its process lives (or it is starting, < 60 s)."""
    rows = con.execute(
        "SELECT request_id, pid, updated_at > ? FROM retrain_requests WHERE name = ? AND status = 'running'",
        [utcnow() - timedelta(seconds=60), name],
    ).fetchall()
    return next((rid for rid, pid, fresh in rows if alive(pid) or (pid is None and fresh)), None)


_children: list[subprocess.Popen] = []  # polled on each start so that finished ones are reaped


def start_retrain(ws: Workspace, name: str, request_id: str) -> None:
    """`python -m curator.deploy.retrain` detached, its output in reports/retrain/NAME-REQUEST.log (0600)."""
    from curator.deploy.retrain import set_status

    _children[:] = [p for p in _children if p.poll() is None]
    log_path = ws.reports_dir / "retrain" / f"{name}-{request_id}.log"
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "w") as log:
            cmd = [sys.executable, "-m", "curator.deploy.retrain", "--home", str(ws.home), name, request_id]
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
    except OSError as exc:
        set_status(ws, request_id, "failed", error=f"could not start the retrain: {exc}"[:500])
        return
    _children.append(proc)
    with writer_lock(ws, "serve webhook"), connect(ws) as con, transaction(con):
        con.execute("UPDATE retrain_requests SET pid = ? WHERE request_id = ? AND pid IS NULL", [proc.pid, request_id])


def count_webhook(ws: Workspace, name: str, model_id: str, payload: Any, threshold: int | None) -> dict[str, Any]:
    """Record an annotation webhook; past `threshold` new annotations since the last request, a retrain request
    started in the background, unless one of NAME is still running (then the count keeps going)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("action"), str):
        raise ApiError(422, "webhook body must be a JSON object with an 'action'")
    action = payload["action"]
    if action not in COUNTED:
        return {"action": action, "counted": 0}
    n, project, now = annotation_count(payload), project_id(payload), utcnow()
    started = busy = None
    with writer_lock(ws, "serve webhook"), connect(ws) as con, transaction(con):
        con.execute(
            "INSERT INTO serve_annotation_events VALUES (?, ?, ?, ?, ?, ?)", [now, name, model_id, project, action, n]
        )
        (since,) = con.execute(
            "SELECT coalesce(sum(n_annotations), 0) FROM serve_annotation_events WHERE name = ? AND received_at > "
            "coalesce((SELECT max(created_at) FROM retrain_requests WHERE name = ?), TIMESTAMP '1970-01-01')",
            [name, name],
        ).fetchone()
        if threshold is not None and since >= threshold:
            busy = running_request(con, name)
            if busy is None:
                started = uuid.uuid4().hex
                con.execute(
                    "INSERT INTO retrain_requests (request_id, name, model_id, project_id, n_annotations, threshold, "
                    "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
                    [started, name, model_id, project, int(since), threshold, now, now],
                )
    if started:
        start_retrain(ws, name, started)
    out = {"action": action, "counted": n, "since_last_retrain": int(since), "retrain_requested": bool(started)}
    return {**out, "retrain_started": started, "retrain_running": busy} if threshold is not None else out
