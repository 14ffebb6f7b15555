"""The Learning curves page: `curator learn` loops side by side (labels → test or validation macro-F1)."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has

NEEDS = "No learning curve yet: run `curator learn NAME --project P --strategy S …` (docs/labeling.md)."


def curves(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Every loop's points (one per round) and the loops' parameters; None before any loop finished a round."""
    if not has(con, "learning_curve", "learn_loops"):
        return None
    points = dicts(
        con,
        "SELECT c.loop, l.strategy AS loop_strategy, c.round, c.strategy, c.n_labels, c.n_annotations, "
        "c.val_macro_f1, c.test_macro_f1, c.holdout_macro_f1, "
        "coalesce(c.holdout_macro_f1, c.test_macro_f1, c.val_macro_f1) AS macro_f1, "
        "CASE WHEN c.holdout_macro_f1 IS NOT NULL THEN 'holdout ' || l.holdout WHEN c.test_macro_f1 IS NOT NULL "
        "THEN 'test' ELSE 'val' END AS f1_part, c.split_version, c.model_id, "
        "c.simulated, c.seconds FROM learning_curve c JOIN learn_loops l ON l.name = c.loop ORDER BY c.loop, c.round",
    )
    if not points:
        return None
    loops = dicts(
        con,
        "SELECT name, project, strategy, model, batch, simulated, created_at FROM learn_loops ORDER BY name",
    )
    return {"points": points, "loops": loops}
