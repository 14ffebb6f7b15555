"""Learning curves: one point per finished round of a `curator learn` loop (labels, validation and test
macro-F1, the split version and model of the point), and `curator learn --compare` side by side."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.catalog import utcnow
from curator.catalog.bulk import insert_rows
from curator.learn.loops import LearnOptions

COUNTS_SQL = """
SELECT count(DISTINCT l.sample_id),
       (SELECT count(*) FROM annotations a WHERE a.project = ? AND NOT a.deleted AND NOT a.was_cancelled)
FROM labels l WHERE l.sample_id IN (SELECT sample_id FROM ls_tasks WHERE project = ?)
"""
CURVE_COLUMNS = (
    "loop",
    "round",
    "strategy",
    "n_labels",
    "n_annotations",
    "val_macro_f1",
    "test_macro_f1",
    "holdout_macro_f1",
    "split_version",
    "model_id",
    "simulated",
)


def round_counts(con: duckdb.DuckDBPyConnection, project: str) -> dict[str, int]:
    ((n_labels, n_ann),) = con.execute(COUNTS_SQL, [project, project]).fetchall()
    return {"n_labels": int(n_labels), "n_annotations": int(n_ann)}


def record_point(
    con: duckdb.DuckDBPyConnection,
    opts: LearnOptions,
    rnd: int,
    strategy: str,
    counts: dict[str, int],
    trained: dict[str, Any],
    seconds: float,
    run_id: str,
) -> None:
    """The round's learning-curve point (the round's batch strategy: round 0's is random, it has no model yet)."""
    row = {
        "loop": opts.name,
        "round": rnd,
        "strategy": strategy,
        **counts,
        "split_name": trained["split_name"],
        "split_version": trained["split_version"],
        "model_id": trained["model_id"],
        "val_macro_f1": trained["val"],
        "test_macro_f1": trained["test"],
        "holdout_macro_f1": trained["holdout"],
        "simulated": opts.simulated,
        "seconds": round(seconds, 2),
        "run_id": run_id,
        "created_at": utcnow(),
    }
    insert_rows(con, "learning_curve", [row])


def curve(con: duckdb.DuckDBPyConnection, loop: str | None = None) -> list[dict[str, Any]]:
    """The points of one loop (all loops when None), by loop and round."""
    sql = f"SELECT {', '.join(CURVE_COLUMNS)} FROM learning_curve" + (" WHERE loop = ?" if loop else "")
    cur = con.execute(sql + " ORDER BY loop, round", [loop] if loop else [])
    return [dict(zip(CURVE_COLUMNS, r, strict=True)) for r in cur.fetchall()]


def compare(con: duckdb.DuckDBPyConnection, loops: list[str] | None = None) -> dict[str, Any]:
    """Curves side by side: one row per round, per loop its labels and test (else validation) macro-F1."""
    points = [p for p in curve(con) if not loops or p["loop"] in loops]
    names = sorted({p["loop"] for p in points})
    strategies = dict(con.execute("SELECT name, strategy FROM learn_loops").fetchall())
    rows = []
    for rnd in sorted({p["round"] for p in points}):
        row: dict[str, Any] = {"round": rnd}
        for name in names:
            hit = next((p for p in points if p["loop"] == name and p["round"] == rnd), None)
            row[f"{name} labels"] = hit["n_labels"] if hit else None
            row[f"{name} F1"] = _f1(hit)
        rows.append(row)
    return {"loops": names, "strategies": {n: strategies.get(n) for n in names}, "rows": rows}


def _f1(point: dict[str, Any] | None) -> float | None:
    """The point's holdout macro-F1, else its split's test, else validation."""
    if point is None:
        return None
    order = ("holdout_macro_f1", "test_macro_f1", "val_macro_f1")
    value = next((point[k] for k in order if point[k] is not None), None)
    return None if value is None else round(float(value), 4)
