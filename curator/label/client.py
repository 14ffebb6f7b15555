"""The label_studio_sdk client, and the catalog's record of curator-managed projects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from curator.errors import CuratorError
from curator.label.server import credentials
from curator.workspace import Workspace

SDK_TIMEOUT_S = 300


def client(ws: Workspace) -> Any:
    """A LabelStudio SDK client for this workspace's server (or LABEL_STUDIO_URL/API_KEY)."""
    from label_studio_sdk import LabelStudio

    url, key = credentials(ws)
    return LabelStudio(base_url=url, api_key=key, timeout=SDK_TIMEOUT_S)


@dataclass(frozen=True)
class Project:
    """A curator-managed Label Studio project, as recorded in ls_projects."""

    name: str
    ls_project_id: int
    url: str
    task_type: str
    labels: list[str]
    overlap: int
    overlap_fraction: float


def get_project(con: duckdb.DuckDBPyConnection, name: str | None) -> Project:
    """The named project, or the only/most recent one when no name is given (an audit project of `curator audit
    decisions` only by name: a bare `annotate push` never sends samples to it)."""
    sql = "SELECT name, ls_project_id, url, task_type, labels, overlap, overlap_fraction FROM ls_projects"
    latest = " WHERE task_type <> 'audit' ORDER BY created_at DESC"
    rows = con.execute(sql + " WHERE name = ?", [name]) if name else con.execute(sql + latest)
    row = rows.fetchone()
    if row is None:
        hint = f"no project {name!r}" if name else "no Label Studio project yet"
        raise CuratorError(f"{hint}: run `curator annotate init --project NAME --labels a,b,c` first")
    return Project(row[0], int(row[1]), row[2], row[3], json.loads(row[4]), int(row[5]), float(row[6]))


def check_same_server(ws: Workspace, project: Project) -> None:
    url, _ = credentials(ws)
    if url.rstrip("/") != project.url.rstrip("/"):
        raise CuratorError(f"project {project.name!r} lives on {project.url}, but the current server is {url}")


def sdk_error(exc: Exception, what: str) -> CuratorError:
    """A one-line error for an SDK/HTTP failure."""
    status = getattr(exc, "status_code", None)
    body = str(getattr(exc, "body", "") or exc).replace("\n", " ")[:200]
    return CuratorError(f"Label Studio {what} failed" + (f" (HTTP {status})" if status else "") + f": {body}")
