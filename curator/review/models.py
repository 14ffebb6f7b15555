"""The Models page: metrics per split version, per-class scores, confusion matrix, suspected label issues."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has

NEEDS = "No model yet: run `curator train SPLIT` (after `curator build-split NAME`)."


def available(con: duckdb.DuckDBPyConnection) -> bool:
    return has(con, "models", "metrics")


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Models and metrics per split version; None before any model was trained."""
    if not available(con):
        return None
    models = list_models(con)
    return {"models": models, "metrics": metrics_by_split(con), **registry(con)} if models else None


def registry(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The model serving each task name and the promotion history (curator models promote|retire), newest first."""
    if not has(con, "model_promotions"):
        return {"serving": [], "promotions": []}
    from curator.deploy.registry import promotions, serving

    names = [n for (n,) in con.execute("SELECT DISTINCT name FROM model_promotions ORDER BY 1").fetchall()]
    return {
        "serving": [{"name": n, "model_id": serving(con, n)} for n in names],
        "promotions": promotions(con),
    }


def model_view(con: duckdb.DuckDBPyConnection, model_id: str, part: str = "test") -> dict[str, Any]:
    """One model's per-class scores, confusion cells and suspected label issues, on one connection."""
    return {
        "per_class": per_class(con, model_id, part),
        "confusion": confusion(con, model_id, part),
        "issues": label_issues(con, model_id),
    }


def list_models(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Models with their split version and headline test metrics, newest first."""
    return dicts(
        con,
        (
            "SELECT m.model_id, m.kind, m.split_name, m.split_version, m.created_at, "
            "round(m.val_macro_f1, 4) AS val_f1, "
            "round(max(x.value) FILTER (x.part = 'test' AND x.metric = 'accuracy' AND x.label IS NULL), 4) "
            "AS test_acc, "
            "round(max(x.value) FILTER (x.part = 'test' AND x.metric = 'macro_f1' AND x.label IS NULL), 4) AS test_f1, "
            "m.n_train, round(m.train_seconds, 1) AS train_s, m.verified FROM models m "
            "LEFT JOIN metrics x USING (model_id) GROUP BY ALL ORDER BY m.created_at DESC"
        ),
    )


def metrics_by_split(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Global metrics (label NULL) per split version, model and part: the comparison across versions."""
    return dicts(
        con,
        (
            "SELECT split_name, split_version, model_id, part, metric, round(value, 4) AS value FROM metrics "
            "WHERE label IS NULL AND metric <> 'confusion' ORDER BY split_name, split_version, model_id, part, metric"
        ),
    )


def per_class(con: duckdb.DuckDBPyConnection, model_id: str, part: str = "test") -> list[dict[str, Any]]:
    return dicts(
        con,
        (
            "SELECT label, round(max(value) FILTER (metric = 'precision'), 4) AS precision, "
            "round(max(value) FILTER (metric = 'recall'), 4) AS recall, "
            "round(max(value) FILTER (metric = 'f1'), 4) AS f1, "
            "max(value) FILTER (metric = 'support') AS support FROM metrics "
            "WHERE model_id = ? AND part = ? AND label IS NOT NULL AND metric <> 'confusion' GROUP BY 1 ORDER BY 1"
        ),
        [model_id, part],
    )


def confusion(con: duckdb.DuckDBPyConnection, model_id: str, part: str = "test") -> list[dict[str, Any]]:
    """Confusion cells: true label, predicted label, count."""
    return dicts(
        con,
        (
            "SELECT label, predicted, value AS n FROM metrics WHERE model_id = ? AND part = ? AND metric = 'confusion' "
            "ORDER BY 1, 2"
        ),
        [model_id, part],
    )


def label_issues(con: duckdb.DuckDBPyConnection, model_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Suspected label issues: the training area's `model_disagrees` queue rows, else confident wrong predictions."""
    if (
        has(con, "relabel_queue")
        and con.execute("SELECT 1 FROM relabel_queue WHERE reason = 'model_disagrees' LIMIT 1").fetchone()
    ):
        return dicts(
            con,
            (
                "SELECT q.sample_id, q.priority, q.status AS queue_status, s.status, "
                "CAST(q.details AS VARCHAR) AS details "
                "FROM relabel_queue q JOIN samples s USING (sample_id) WHERE q.reason = 'model_disagrees' "
                "ORDER BY q.priority DESC NULLS LAST LIMIT ?"
            ),
            [limit],
        )
    if not has(con, "predictions"):
        return []
    where, params = ("AND p.model_id = ?", [model_id]) if model_id else ("", [])
    return dicts(
        con,
        (
            "SELECT p.sample_id, p.model_id, p.part, p.label, p.predicted, round(p.score, 4) AS score, s.status "
            f"FROM predictions p JOIN samples s USING (sample_id) WHERE p.predicted <> p.label {where} "
            "ORDER BY p.score DESC LIMIT ?"
        ),
        [*params, limit],
    )
