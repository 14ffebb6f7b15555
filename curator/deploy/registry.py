"""Reads of the model registry: models of a task name with their scores, the model serving a name, one model's
card, metrics and promotion history. A task name is the split name its models were trained on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from curator.errors import CuratorError
from curator.names import check_identifier, shown
from curator.train.card import CARD, read_model_card
from curator.workspace import Workspace

# Headline scores per model: global test/val metrics (label NULL).
SCORES = (
    "SELECT model_id, "
    "max(value) FILTER (part = 'test' AND metric = 'macro_f1') AS test_macro_f1, "
    "max(value) FILTER (part = 'test' AND metric = 'accuracy') AS test_accuracy "
    "FROM metrics WHERE label IS NULL GROUP BY model_id"
)
# The newest promote/retire row per model and per name.
LAST_BY_MODEL = "SELECT model_id, arg_max(action, created_at) AS last_action FROM model_promotions GROUP BY model_id"


def serving(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The model serving `name`: its newest promotion whose model was not retired since."""
    row = con.execute(
        "SELECT p.model_id FROM model_promotions p WHERE p.name = ? AND p.action = 'promote' AND NOT EXISTS ("
        "SELECT 1 FROM model_promotions r WHERE r.model_id = p.model_id AND r.action = 'retire' "
        "AND r.created_at >= p.created_at) ORDER BY p.created_at DESC LIMIT 1",
        [name],
    ).fetchone()
    return row[0] if row else None


def list_models(con: duckdb.DuckDBPyConnection, name: str | None = None) -> list[dict[str, Any]]:
    """Models (of one task name, or all) with test scores, reload check, digest state and registry status."""
    where, params = ("WHERE m.split_name = ?", [name]) if name else ("", [])
    rows = con.execute(
        "SELECT m.model_id, m.split_name AS name, m.kind, m.split_version, m.created_at, m.verified, "
        "m.val_macro_f1, s.test_macro_f1, s.test_accuracy, m.files_sha256 IS NOT NULL AS hashed, "
        f"coalesce(l.last_action, '') AS last_action FROM models m LEFT JOIN ({SCORES}) s USING (model_id) "
        f"LEFT JOIN ({LAST_BY_MODEL}) l USING (model_id) {where} ORDER BY m.split_name, m.created_at DESC",
        params,
    ).fetchall()
    cols = [d[0] for d in con.description]
    out = [dict(zip(cols, r, strict=True)) for r in rows]
    served = {n: serving(con, n) for n in {r["name"] for r in out}}
    for r in out:
        retired = r.pop("last_action") == "retire"
        r["status"] = "serving" if served[r["name"]] == r["model_id"] else "retired" if retired else ""
    return out


def model_row(con: duckdb.DuckDBPyConnection, model_id: str) -> dict[str, Any]:
    """One `models` row with its test scores; a one-line error when there is none."""
    rows = list_models_by_id(con, model_id)
    if not rows:
        raise CuratorError(f"no model {shown(model_id)}: see `curator models list`")
    return rows[0]


def list_models_by_id(con: duckdb.DuckDBPyConnection, model_id: str) -> list[dict[str, Any]]:
    row = con.execute("SELECT split_name FROM models WHERE model_id = ?", [model_id]).fetchone()
    return [r for r in list_models(con, row[0]) if r["model_id"] == model_id] if row else []


def promotions(con: duckdb.DuckDBPyConnection, name: str | None = None, model_id: str | None = None) -> list[dict]:
    """Promotion history, newest first (of a name, a model, or all)."""
    cond, params = [], []
    for col, val in (("name", name), ("model_id", model_id)):
        if val:
            cond.append(f"{col} = ?")
            params.append(val)
    where = f"WHERE {' AND '.join(cond)}" if cond else ""
    cur = con.execute(
        "SELECT created_at, name, action, model_id, previous_model, by_user, reason, CAST(metrics AS VARCHAR) AS "
        f"metrics FROM model_promotions {where} ORDER BY created_at DESC",
        params,
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def model_folder(ws: Workspace, model_id: str) -> Path:
    """The registered model's folder; an error when it or its card is missing."""
    path = ws.models_dir / check_identifier(model_id, "model_id")
    if not (path / CARD).is_file():
        raise CuratorError(f"model {shown(model_id)}: its folder {path} is missing or has no {CARD}")
    return path


def show(con: duckdb.DuckDBPyConnection, ws: Workspace, model_id: str) -> dict[str, Any]:
    """`curator models show`: row, card, global metrics per part, promotions."""
    row = model_row(con, model_id)
    metrics = con.execute(
        "SELECT part, metric, value FROM metrics WHERE model_id = ? AND label IS NULL AND metric <> 'confusion' "
        "ORDER BY part, metric",
        [model_id],
    ).fetchall()
    card = read_model_card(model_folder(ws, model_id))
    return {
        **row,
        "card": {k: v for k, v in card.items() if k != "config"},
        "config": card.get("config"),
        "metrics": [{"part": p, "metric": m, "value": v} for p, m, v in metrics],
        "promotions": promotions(con, model_id=model_id),
    }


def metrics_json(row: dict[str, Any]) -> str:
    return json.dumps({k: row.get(k) for k in ("test_macro_f1", "test_accuracy", "val_macro_f1")})
