"""`curator models promote|retire`: which model serves a task name, recorded with who, when, why and the scores.

Default pick: the best test macro-F1 among the name's models whose reload check passed (`verified`), not retired
(ties: validation macro-F1, then the newest). A model is promoted only if its folder still hashes to the digest
`train` recorded (curator.deploy.files); a model trained before digests were recorded needs `--trust-files`, which
records the current digest (and says so in the promotion row).
"""

from __future__ import annotations

import getpass
import os
import uuid
from typing import Any

import duckdb

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.deploy.files import files_digest
from curator.deploy.registry import list_models, metrics_json, model_folder, model_row, serving
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.names import check_identifier, shown
from curator.workspace import Workspace


def who(by: str | None) -> str:
    """--by, else $USER, else the login name."""
    return by or os.environ.get("USER") or getpass.getuser()


def pick_best(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The default model to promote among a name's models (see the module doc)."""
    ok = [r for r in rows if r["verified"] and r["status"] != "retired" and r["test_macro_f1"] is not None]
    if not ok:
        why = "none passed its reload check, has test metrics (run `curator evaluate MODEL`) and is not retired"
        raise CuratorError(f"no model of {name!r} can be promoted: {why}; or name one: models promote {name} MODEL_ID")
    return max(ok, key=lambda r: (r["test_macro_f1"], r["val_macro_f1"] or -1.0, r["created_at"]))


def pick_named(con: duckdb.DuckDBPyConnection, name: str, model_id: str) -> dict[str, Any]:
    row = model_row(con, check_identifier(model_id, "model_id"))
    if row["name"] != name:
        raise CuratorError(f"model {model_id} was trained on split {row['name']!r}, not {name!r}")
    if not row["verified"]:
        raise CuratorError(f"model {model_id} did not pass its reload check: it cannot be promoted")
    return row


def check_files(con: duckdb.DuckDBPyConnection, ws: Workspace, model_id: str, trust_files: bool) -> tuple[str, bool]:
    """The model folder's digest, checked against the one train recorded; (digest, recorded_now)."""
    folder = model_folder(ws, model_id)
    digest = files_digest(folder)
    (recorded,) = con.execute("SELECT files_sha256 FROM models WHERE model_id = ?", [model_id]).fetchone()
    if recorded is None:
        if not trust_files:
            raise CuratorError(
                f"model {model_id} has no recorded file digest (trained before digests were kept): check its folder "
                f"{folder}, then promote with --trust-files to record the current one"
            )
        con.execute("UPDATE models SET files_sha256 = ? WHERE model_id = ?", [digest, model_id])
        return digest, True
    if recorded != digest:
        raise CuratorError(
            f"model {model_id}: its files no longer match what train recorded (sha256 {digest[:12]}…, recorded "
            f"{recorded[:12]}…): refusing to promote it; retrain, or restore {folder}"
        )
    return digest, False


def promote(
    ws: Workspace,
    name: str,
    model_id: str | None = None,
    by: str | None = None,
    reason: str | None = None,
    trust_files: bool = False,
) -> dict[str, Any]:
    """Mark a model as the one serving `name`; returns what was recorded."""
    check_identifier(name, "task name")
    run = Run("models promote", {"name": name, "model_id": model_id, "reason": reason})
    with writer_lock(ws, "models promote"), connect(ws) as con, transaction(con):
        rows = list_models(con, name)
        if not rows:
            raise CuratorError(f"no model trained on split {name!r}: see `curator models list`")
        row = pick_named(con, name, model_id) if model_id else pick_best(rows, name)
        digest, trusted = check_files(con, ws, row["model_id"], trust_files)
        previous = serving(con, name)
        if previous == row["model_id"]:
            return {"name": name, "model_id": previous, "changed": False, "previous_model": previous}
        record = {
            "promotion_id": uuid.uuid4().hex,
            "name": name,
            "model_id": row["model_id"],
            "action": "promote",
            "previous_model": previous,
            "by_user": who(by),
            "reason": reason if not trusted else f"{reason or ''} [files digest recorded now: --trust-files]".strip(),
            "metrics": metrics_json(row),
            "files_sha256": digest,
            "run_id": run.run_id,
            "created_at": utcnow(),
        }
        insert(con, record)
        run.record(con, status="succeeded", counts={"model_id": row["model_id"], "previous_model": previous})
        fault_point("models.before_commit")
    return {**record, "changed": True, "metrics": metrics_json(row)}


def retire(ws: Workspace, model_id: str, by: str | None = None, reason: str | None = None) -> dict[str, Any]:
    """Take a model out of service (recorded); a retired model is never the default pick."""
    check_identifier(model_id, "model_id")
    run = Run("models retire", {"model_id": model_id, "reason": reason})
    with writer_lock(ws, "models retire"), connect(ws) as con, transaction(con):
        row = model_row(con, model_id)
        if row["status"] == "retired":
            raise CuratorError(f"model {shown(model_id)} is already retired")
        record = {
            "promotion_id": uuid.uuid4().hex,
            "name": row["name"],
            "model_id": model_id,
            "action": "retire",
            "previous_model": serving(con, row["name"]),
            "by_user": who(by),
            "reason": reason,
            "metrics": metrics_json(row),
            "files_sha256": None,
            "run_id": run.run_id,
            "created_at": utcnow(),
        }
        insert(con, record)
        run.record(con, status="succeeded", counts={"model_id": model_id})
    return {**record, "was_serving": record["previous_model"] == model_id}


def insert(con: duckdb.DuckDBPyConnection, record: dict[str, Any]) -> None:
    cols = list(record)
    con.execute(
        f"INSERT INTO model_promotions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [record[c] for c in cols],
    )
