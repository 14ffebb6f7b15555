"""The Monitoring page: `curator monitor` runs and, per monitored name, each check's series over its windows (the
newest run's figure per window), with the thresholds and what crossed them; promotion comparisons."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has

NEEDS = "No monitoring run yet: run `curator monitor NAME --source production` (docs/monitor.md)."


def monitoring(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """Runs (newest first), the series of every name and check, and compare-and-promote decisions; None before
    any monitor run."""
    if not has(con, "monitor_runs", "monitor_windows"):
        return None
    runs = dicts(
        con,
        "SELECT created_at, name, model_id, model_from, source, n_samples, n_windows, n_flagged, reason, run_id "
        "FROM monitor_runs ORDER BY created_at DESC",
    )
    if not runs:
        return None
    series = dicts(
        con,
        "SELECT name, check_name, strftime(window_start, '%Y-%m-%d %H:%M') AS window_start, "
        "arg_max(value, created_at) AS value, arg_max(threshold, created_at) AS threshold, "
        "arg_max(flagged, created_at) AS flagged, arg_max(n_samples, created_at) AS n_samples, "
        "arg_max(statistic, created_at) AS statistic, arg_max(model_id, created_at) AS model_id "
        "FROM monitor_windows GROUP BY name, check_name, window_start ORDER BY name, check_name, window_start",
    )
    comparisons = dicts(
        con,
        "SELECT created_at, name, old_model_id, new_model_id, split_name || '@' || split_version AS split, "
        "old_macro_f1, new_macro_f1, n_test, promoted, reason FROM monitor_comparisons ORDER BY created_at DESC",
    )
    return {"runs": runs, "series": series, "comparisons": comparisons}
