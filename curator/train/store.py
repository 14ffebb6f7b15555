"""Catalog writes of the training area: models, metrics, predictions, trials (bulk, through Arrow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.catalog.scratch import SUFFIX, is_dead
from curator.deploy.files import files_digest
from curator.faults import fault_point
from curator.workspace import Workspace


def model_row(card: dict[str, Any], path: str, run_id: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The `models` row for a saved model card."""
    split, score = card["split"], card["val_macro_f1"]  # None: the split had no validation part
    return {
        "model_id": card["model_id"],
        "kind": card["kind"],
        "base_model": card.get("base_model"),
        "split_name": split["name"],
        "split_version": split["version"],
        "path": path,
        "labels": json.dumps(card["labels"]),
        "config": json.dumps(card["config"], default=str),
        "val_macro_f1": None if score is None else float(score),
        "files_sha256": files_digest(Path(path)),  # checked again by `curator models promote`
        "run_id": run_id,
        "created_at": utcnow(),
        **extra,
    }


def record_models(
    ws: Workspace,
    run: Run,
    rows: list[dict[str, Any]],
    trials: list[dict[str, Any]] | None = None,
    counts: dict[str, Any] | None = None,
) -> None:
    """models rows (+ search trials) and the run's row, in one transaction."""
    with writer_lock(ws, "train"), connect(ws) as con, transaction(con):
        sweep_dead_models(con, ws)
        con.execute("DELETE FROM models WHERE model_id IN (SELECT unnest(?))", [[r["model_id"] for r in rows]])
        insert_rows(con, "models", rows)
        insert_rows(con, "training_trials", trials or [])
        n = sum(int(r.get("n_train") or 0) for r in rows)
        run.record(con, status="succeeded", counts=counts, n_in=n)
        fault_point("train.before_commit")


def sweep_dead_models(con: duckdb.DuckDBPyConnection, ws: Workspace) -> list[str]:
    """Remove model folders of trains killed before their row was committed: claimed by a dead process and not
    registered. Runs under the writer lock, so a folder registered meanwhile is seen as registered."""
    registered = {Path(p).name for (p,) in con.execute("SELECT path FROM models").fetchall()}
    removed = []
    for owner in sorted(ws.models_dir.glob("*" + SUFFIX)) if ws.models_dir.is_dir() else []:
        folder = owner.with_name(owner.name.removesuffix(SUFFIX))
        if folder.name not in registered and is_dead(folder):
            shutil.rmtree(folder, ignore_errors=True)
            owner.unlink(missing_ok=True)
            removed.append(folder.name)
    return removed


def record_failure(ws: Workspace, run: Run, error: str) -> None:
    with writer_lock(ws, "train"), connect(ws) as con, transaction(con):
        run.record(con, status="failed", error=error[:2000])
