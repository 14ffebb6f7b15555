"""`curator annotate push`: scrubbed, active, not-yet-labeled samples → Label Studio tasks, in batches.

Idempotent: a sample already mapped to a task of the project is never sent again; if Label Studio holds more
tasks than the catalog knows (a push that crashed after the import), the mapping is recovered first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.label.client import Project, check_same_server, client, get_project, sdk_error
from curator.label.tasks import choice_result, import_batches, recover_mapping
from curator.workspace import Workspace

BATCH = 5000


@dataclass(frozen=True, kw_only=True)
class PushOptions:
    project: str | None = None
    limit: int | None = None
    gold_fraction: float = 0.0
    predictions: str | None = None  # model folder, model_id or 'latest'
    skip_outside_labels: bool = False  # leave out samples whose label is not one of the project's (default: send)
    # active learning (curator.learn): choose `limit` samples by a strategy on a model's predictions
    strategy: str | None = None  # random | least_confident | margin | entropy | diverse
    model: str | None = None  # model folder, model_id or 'latest' whose predictions are scored
    seed: int = 0
    embedding: str = "minilm"  # diverse: minilm | tfidf
    relabel: str = "none"  # none | activelab: ActiveLab may give part of the batch to one more annotation
    loop: tuple[str, int] | None = None  # the `curator learn` loop and round pushing


# Eligible: downstream rule (active AND pii_scrubbed), not labeled yet, not already a task of this project.
# The trusted label (gold answer) is a curator's review label when there is one, else the source label.
ELIGIBLE_SQL = """
SELECT s.sample_id, s.text, md5(s.text) AS text_hash, coalesce(r.label, s.label) AS trusted_label
FROM samples s
LEFT JOIN (SELECT sample_id, arg_max(label, created_at) AS label FROM reviews WHERE action = 'set_label'
           GROUP BY 1) r USING (sample_id)
WHERE s.status = 'active' AND s.pii_scrubbed
  AND s.sample_id NOT IN (SELECT sample_id FROM labels)
  AND s.sample_id NOT IN (SELECT sample_id FROM ls_tasks WHERE project = ?)
"""
# a label outside the project's label set: the task is sent as a normal one (never gold), or left out
OUTSIDE = "e.trusted_label IS NOT NULL AND e.trusted_label NOT IN (SELECT unnest(?::VARCHAR[]))"


def outside_labels(con: duckdb.DuckDBPyConnection, project: Project) -> dict[str, int]:
    """Eligible samples whose label (review or source) is not one of the project's labels, by label."""
    sql = f"SELECT e.trusted_label, count(*) FROM ({ELIGIBLE_SQL}) e WHERE {OUTSIDE} GROUP BY 1 ORDER BY 2 DESC, 1"
    return dict(con.execute(sql, [project.name, project.labels]).fetchall())


def eligible_rows(con: duckdb.DuckDBPyConnection, project: Project, opts: PushOptions) -> list[tuple]:
    """(sample_id, text, text_hash, trusted_label) of the eligible samples; --limit applies unless a strategy
    chooses among all of them."""
    skip, limit = opts.skip_outside_labels, None if opts.strategy else opts.limit
    sql = (
        f"SELECT * FROM ({ELIGIBLE_SQL}) e {f'WHERE NOT ({OUTSIDE})' if skip else ''} "
        "ORDER BY hash(e.sample_id), e.sample_id" + (f" LIMIT {int(limit)}" if limit else "")
    )
    return con.execute(sql, [project.name, *([project.labels] if skip else [])]).fetchall()


def select_samples(
    con: duckdb.DuckDBPyConnection, project: Project, opts: PushOptions, rows: list[tuple] | None = None
) -> list[dict[str, Any]]:
    """The samples to send (`rows`, else the eligible ones), with kind (normal|gold), gold label and per-task
    overlap decided here."""
    rows = eligible_rows(con, project, opts) if rows is None else rows
    allowed = set(project.labels)
    trusted = [i for i, r in enumerate(rows) if r[3] in allowed]
    n_gold = min(len(trusted), round(opts.gold_fraction * len(rows)))
    gold_idx = set(trusted[:n_gold])
    n_overlap = round(project.overlap_fraction * len(rows))
    out = []
    for i, (sid, text, thash, trusted_label) in enumerate(rows):
        gold = i in gold_idx
        overlapped = gold or i < n_overlap or project.overlap_fraction >= 1.0
        out.append(
            {
                "sample_id": sid,
                "text": text,
                "text_hash": thash,
                "kind": "gold" if gold else "normal",
                "gold_label": trusted_label if gold else None,
                "label": trusted_label,
                "overlap": project.overlap if overlapped else 1,
            }
        )
    return out


def add_predictions(ws: Workspace, items: list[dict[str, Any]], model: str) -> None:
    """Pre-annotations from a trained model (curator.train.predict, imported lazily): a folder, model_id or latest."""
    try:
        from curator.train.predict import load_predictor, resolve_model
    except ImportError as exc:
        raise CuratorError("--predictions needs curator.train.predict (the training area), not installed") from exc
    predictor = load_predictor(resolve_model(ws, model))
    preds = predictor.predict([it["text"] for it in items])
    for it, (label, score) in zip(items, preds, strict=True):
        it["predicted_label"], it["model_id"] = label, predictor.model_id
        result = [choice_result(label)]
        it["prediction"] = {"model_version": predictor.model_id, "score": float(score), "result": result}


def task_payload(item: dict[str, Any]) -> dict[str, Any]:
    task: dict[str, Any] = {"data": {"text": item["text"], "sample_id": item["sample_id"]}}
    if "prediction" in item:
        task["predictions"] = [item["prediction"]]
    return task


def rows_table(items: list[dict[str, Any]], task_ids: list[int], project: str, run_id: str, rnd: int) -> pa.Table:
    now = utcnow()
    return pa.table(
        {
            "project": [project] * len(items),
            "task_id": task_ids,
            "sample_id": [i["sample_id"] for i in items],
            "kind": [i["kind"] for i in items],
            "gold_label": [i.get("gold_label") for i in items],
            "overlap": [i["overlap"] for i in items],
            "round": [i.get("round", rnd) for i in items],
            "text_hash": [i["text_hash"] for i in items],
            "predicted_label": [i.get("predicted_label") for i in items],
            "model_id": [i.get("model_id") for i in items],
            "pushed_at": [now] * len(items),
            "run_id": [run_id] * len(items),
        }
    )


def record_tasks(con: duckdb.DuckDBPyConnection, table: pa.Table) -> None:
    con.register("new_ls_tasks", table)
    try:
        con.execute("INSERT INTO ls_tasks BY NAME SELECT * FROM new_ls_tasks")
    finally:
        con.unregister("new_ls_tasks")


# chooses the items to send from a read-only catalog connection, and returns an object that records the choice in
# push's transaction (`.write(con, run_id, project, items)`, `.counts()`): curator.learn.batch.strategy_items
Chooser = Callable[[Workspace, duckdb.DuckDBPyConnection, Project, PushOptions], tuple[list[dict[str, Any]], Any]]


def push(ws: Workspace, opts: PushOptions, choose: Chooser | None = None) -> dict[str, Any]:
    """Send the eligible samples (or those `choose` picks: a --strategy batch, see curator.learn.batch.push_strategy);
    returns counts (sent, gold, overlapped, skipped as already pushed)."""
    if opts.strategy and choose is None:
        raise CuratorError("--strategy: push through curator.learn.batch.push_strategy")
    if not 0.0 <= opts.gold_fraction <= 1.0:
        raise CuratorError(f"--gold-fraction {opts.gold_fraction}: must be between 0 and 1")
    with connect(ws, read_only=True) as con:
        project = get_project(con, opts.project)
    if project.task_type == "audit":
        raise CuratorError(f"project {project.name!r} audits decisions: send them with `curator audit decisions`")
    check_same_server(ws, project)
    sdk = client(ws)
    recovered = recover_mapping(ws, sdk, project)
    with connect(ws, read_only=True) as con:
        items, chosen = choose(ws, con, project, opts) if choose else (select_samples(con, project, opts), None)
        outside = _outside(con, project, opts, [i for i in items if i["kind"] != "more"])
    if opts.predictions and items:
        add_predictions(ws, items, str(opts.predictions))
    run = Run("annotate push", _config(project, opts), stage="label")
    task_ids = _import(sdk, project, items)
    counts = {
        "sent": len(items),
        "gold": sum(i["kind"] == "gold" for i in items),
        "overlapped": sum(i["overlap"] > 1 for i in items),
        "recovered": recovered,
        "outside_labels": sum(outside.values()),
        "outside_action": "left out (--skip-outside-labels)" if opts.skip_outside_labels else "sent (never as gold)",
        **(chosen.counts() if chosen else {}),
    }
    for it, tid in zip(items, task_ids, strict=True):
        it["task_id"] = tid
    with writer_lock(ws, "annotate push"), connect(ws) as con, transaction(con):
        if items:
            record_tasks(con, rows_table(items, task_ids, project.name, run.run_id, 0))
        if chosen and items:
            chosen.write(con, run.run_id, project.name, items)
        run.record(con, status="succeeded", counts=counts, n_in=len(items))
    return {"project": project.name, "run_id": run.run_id, **counts, "outside_by_label": outside}


def _config(project: Project, opts: PushOptions) -> dict[str, Any]:
    """The push run's recorded config."""
    return {
        "project": project.name,
        "limit": opts.limit,
        "gold_fraction": opts.gold_fraction,
        "predictions": str(opts.predictions) if opts.predictions else None,
        "skip_outside_labels": opts.skip_outside_labels,
        **({"strategy": opts.strategy, "model": opts.model, "relabel": opts.relabel} if opts.strategy else {}),
    }


def _import(sdk: Any, project: Project, items: list[dict[str, Any]]) -> list[int]:
    try:
        return import_batches(sdk, project.ls_project_id, [task_payload(i) for i in items], BATCH)
    except CuratorError:
        raise
    except Exception as exc:
        raise sdk_error(exc, "task import") from exc


def _outside(con: duckdb.DuckDBPyConnection, project: Project, opts: PushOptions, items: list[dict]) -> dict[str, int]:
    """Labels outside the project's label set, by label (most first): among the samples sent, or with
    --skip-outside-labels among the eligible samples left out (they stay eligible for a later push)."""
    if opts.skip_outside_labels:
        return outside_labels(con, project)
    allowed = set(project.labels)
    found = Counter(i["label"] for i in items if i["label"] is not None and i["label"] not in allowed)
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
