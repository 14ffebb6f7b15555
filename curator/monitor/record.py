"""What a monitor run writes, in one transaction: its `runs` row, a `monitor_runs` row, one `monitor_windows` row per
(window, check), and the predictions it made on production samples (so the next run predicts only new ones)."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import utcnow
from curator.catalog.bulk import insert_rows

WINDOW_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("name", pa.string()),
        ("model_id", pa.string()),
        ("source", pa.string()),
        ("window_start", pa.timestamp("us")),
        ("window_end", pa.timestamp("us")),
        ("n_samples", pa.int64()),
        ("check_name", pa.string()),
        ("statistic", pa.string()),
        ("value", pa.float64()),
        ("threshold", pa.float64()),
        ("flagged", pa.bool_()),
        ("details", pa.string()),
        ("created_at", pa.timestamp("us")),
    ]
)


def write_monitor(
    con: duckdb.DuckDBPyConnection, run_row: dict[str, Any], windows: list[dict[str, Any]], predictions: Any
) -> None:
    """Insert the run's rows (call inside a transaction holding the writer lock)."""
    insert_rows(con, "monitor_runs", [run_row])
    now = utcnow()
    rows = [{**w, "details": json.dumps(w["details"], default=str), "created_at": now} for w in windows]
    insert_rows(con, "monitor_windows", rows, schema=WINDOW_SCHEMA)
    if predictions is not None and predictions.num_rows:
        run_ids = pa.array([run_row["run_id"]] * predictions.num_rows)
        table = predictions.set_column(0, "run_id", run_ids)
        con.register("_monitor_predictions", table)
        try:
            con.execute("INSERT INTO predictions BY NAME SELECT * FROM _monitor_predictions")
        finally:
            con.unregister("_monitor_predictions")


def series(con: duckdb.DuckDBPyConnection, name: str, check: str | None = None) -> list[dict[str, Any]]:
    """The stored series of a monitored name: per window and check, the newest run's figures (review page)."""
    where, params = ("AND check_name = ?", [name, check]) if check else ("", [name])
    cur = con.execute(
        "SELECT window_start, check_name, arg_max(value, created_at) AS value, arg_max(threshold, created_at) "
        "AS threshold, arg_max(flagged, created_at) AS flagged, arg_max(n_samples, created_at) AS n_samples, "
        "arg_max(model_id, created_at) AS model_id, arg_max(run_id, created_at) AS run_id "
        f"FROM monitor_windows WHERE name = ? {where} GROUP BY window_start, check_name "
        "ORDER BY window_start, check_name",
        params,
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def runs(con: duckdb.DuckDBPyConnection, name: str | None = None) -> list[dict[str, Any]]:
    """monitor_runs rows, newest first."""
    where, params = ("WHERE name = ?", [name]) if name else ("", [])
    cur = con.execute(
        "SELECT created_at, name, model_id, model_from, source, n_samples, n_windows, n_flagged, reason, run_id "
        f"FROM monitor_runs {where} ORDER BY created_at DESC",
        params,
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
