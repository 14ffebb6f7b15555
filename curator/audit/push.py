"""`curator audit decisions`: a sample of each rule's decisions → a Label Studio verification project.

The project (task_type 'audit', labels right / wrong / unsure, docs/guidelines/audit_decisions.md) is created on
first use. Only scrubbed text leaves (docs/trust.md): a sampled sample the PII stage never scrubbed (a drop before
the PII stage, which the default recipe runs last) is scrubbed first with the PII stage's own scrubber and
configuration, recorded as decisions (curator.stages.pii.unscrubbed, step `audit_scrub`). Task data is exactly
curator.catalog.outbound.AUDIT_TASK_FIELDS. Each task is recorded in `ls_tasks` (kind 'audit', so `annotate pull`
and `simulate` work as on any project) and in `audit_items` (which decision it asks about), so a decision is
never audited twice unless `again`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from curator.audit.plain import task_data
from curator.audit.sample import SampleOptions, select
from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.catalog.outbound import AUDIT_TASK_FIELDS
from curator.errors import CuratorError
from curator.label.client import Project, check_same_server, client, get_project, sdk_error
from curator.label.push import record_tasks, rows_table
from curator.label.tasks import import_batches
from curator.names import check_identifier
from curator.workspace import Workspace

LABELS = ["right", "wrong", "unsure"]
TASK_TYPE = "audit"
GUIDELINES = Path(__file__).resolve().parents[2] / "docs" / "guidelines" / "audit_decisions.md"
BATCH = 1000


@dataclass(frozen=True, kw_only=True)
class AuditOptions:
    project: str
    sample: SampleOptions = field(default_factory=SampleOptions)
    overlap: int = 1  # auditors per overlapped task (agreement needs >= 2)
    overlap_fraction: float = 0.0


def ensure_project(ws: Workspace, opts: AuditOptions) -> Project:
    """The audit project, created in Label Studio on first use; a project of another type is refused."""
    from curator.label.project import InitOptions, init_project

    check_identifier(opts.project, "project name")
    init_project(
        ws,
        InitOptions(
            opts.project,
            labels=LABELS,
            guidelines=GUIDELINES,
            overlap=opts.overlap,
            overlap_fraction=opts.overlap_fraction,
            task_type=TASK_TYPE,
        ),
    )
    with connect(ws, read_only=True) as con:
        project = get_project(con, opts.project)
    if project.task_type != TASK_TYPE:
        raise CuratorError(f"project {opts.project!r} is a {project.task_type} project, not an audit project")
    return project


def scrub_first(ws: Workspace, items: list[dict[str, Any]]) -> int:
    """Scrub (in the catalog, as decisions) the sampled texts the PII stage never saw; returns how many."""
    from curator.stages.pii.unscrubbed import scrub_unscrubbed, scrubber_params

    ids = sorted({i["sample_id"] for i in items} | {i["other_sample_id"] for i in items if i["other_sample_id"]})
    with connect(ws, read_only=True) as con:
        todo = con.execute(
            "SELECT count(*) FROM samples WHERE NOT pii_scrubbed AND sample_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchone()[0]
    if not todo:
        return 0
    run = Run("audit scrub", {"samples": todo}, stage="pii")
    with connect(ws) as con, transaction(con):
        counts = scrub_unscrubbed(con, run, scrubber_params(con), only=ids, at="audit")
        run.record(con, status="succeeded", counts=counts, n_in=counts["scrubbed_at_purge"])
    return int(todo)


def texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """sample_id → current text, of scrubbed samples only (anything else never leaves)."""
    return dict(
        con.execute(
            "SELECT sample_id, text FROM samples WHERE pii_scrubbed AND sample_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    )


def build_tasks(con: duckdb.DuckDBPyConnection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items with their task payload; an item whose text (or kept text) is not scrubbed is left out."""
    ids = sorted({i["sample_id"] for i in items} | {i["other_sample_id"] for i in items if i["other_sample_id"]})
    known = texts(con, ids)
    out = []
    for item in items:
        other = item["other_sample_id"]
        if item["sample_id"] not in known or (other and other not in known):
            continue
        data = task_data(item, known[item["sample_id"]], known[other] if other else None)
        if tuple(data) != AUDIT_TASK_FIELDS:  # the outbound allow-list, nothing else (a bug, not bad input)
            raise CuratorError(f"audit task fields {sorted(data)} are not the allow-list {list(AUDIT_TASK_FIELDS)}")
        out.append({**item, "data": data, "text_hash": _md5(con, data["text"])})
    return out


def _md5(con: duckdb.DuckDBPyConnection, text: str) -> str:
    return str(con.execute("SELECT md5(?)", [text]).fetchone()[0])


def audit_rows(items: list[dict[str, Any]], task_ids: list[int], project: str, run_id: str) -> pa.Table:
    now = utcnow()
    cols = ("sample_id", "stage", "step", "kind", "reason_class", "reason", "score", "other_sample_id", "text_hash")
    table = {c: [i.get(c) for i in items] for c in cols}
    return pa.table(
        {
            "project": [project] * len(items),
            "task_id": pa.array(task_ids, pa.int64()),
            **{c: pa.array(v, pa.float64() if c == "score" else pa.string()) for c, v in table.items()},
            "decision_run": [i["run_id"] for i in items],
            "decision_seq": pa.array([i["seq"] for i in items], pa.int64()),
            "threshold": pa.array([i.get("threshold") for i in items], pa.float64()),
            "pushed_at": [now] * len(items),
            "run_id": [run_id] * len(items),
        }
    )


def audit_decisions(ws: Workspace, opts: AuditOptions) -> dict[str, Any]:
    """Sample, scrub what must be, push the tasks, record them; returns counts per rule."""
    if opts.sample.per_rule < 0 or opts.sample.near < 0:
        raise CuratorError("--per-rule and --near must be >= 0")
    project = ensure_project(ws, opts)
    check_same_server(ws, project)
    run = Run("audit decisions", {"project": project.name, **opts.sample.__dict__, "stages": list(opts.sample.stages)})
    with writer_lock(ws, "audit decisions"):
        with connect(ws, read_only=True) as con:
            items = select(con, opts.sample)
        scrubbed = scrub_first(ws, items)
        with connect(ws, read_only=True) as con:
            tasks = build_tasks(con, items)
        try:
            ids = import_batches(client(ws), project.ls_project_id, [{"data": t["data"]} for t in tasks], BATCH)
        except CuratorError:
            raise
        except Exception as exc:
            raise sdk_error(exc, "audit task import") from exc
        counts = _counts(tasks, len(items), scrubbed)
        with connect(ws) as con, transaction(con):
            _record(con, project, tasks, ids, run)
            run.record(con, status="succeeded", counts=counts, n_in=len(tasks))
    return {"project": project.name, "run_id": run.run_id, **counts}


def _record(
    con: duckdb.DuckDBPyConnection, project: Project, tasks: list[dict[str, Any]], ids: list[int], run: Run
) -> None:
    if not tasks:
        return
    overlapped = round(project.overlap_fraction * len(tasks))
    ls_items = [
        {**t, "kind": TASK_TYPE, "overlap": project.overlap if i < overlapped else 1} for i, t in enumerate(tasks)
    ]
    record_tasks(con, rows_table(ls_items, ids, project.name, run.run_id, 0))
    con.register("new_audit_items", audit_rows(tasks, ids, project.name, run.run_id))
    try:
        con.execute("INSERT INTO audit_items BY NAME SELECT * FROM new_audit_items")
    finally:
        con.unregister("new_audit_items")


def _counts(tasks: list[dict[str, Any]], selected: int, scrubbed: int) -> dict[str, Any]:
    by_rule: dict[str, dict[str, int]] = {}
    for t in tasks:
        by_rule.setdefault(t["step"], {"drop": 0, "near": 0, "modify": 0})[t["kind"]] += 1
    return {
        "sent": len(tasks),
        "selected": selected,
        "left_out_unscrubbed": selected - len(tasks),
        "scrubbed_first": scrubbed,
        "by_rule": by_rule,
    }
