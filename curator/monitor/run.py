"""`curator monitor NAME`: a production source against the monitored model's training split, window by window;
every check of every window stored (monitor_windows), the run summarized (monitor_runs, runs). The result's
`reason` is the first crossed threshold, one line (None when nothing crossed): the CLI exits 1 on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.monitor.drift import Check, window_checks
from curator.monitor.embedding import EmbeddingDrift
from curator.monitor.options import MonitorOptions
from curator.monitor.record import write_monitor
from curator.monitor.reference import load_reference, monitored_model, predictor_for
from curator.monitor.window import predict_missing, production_rows, window_bounds
from curator.names import check_identifier, shown
from curator.workspace import Workspace


def monitor(ws: Workspace, opts: MonitorOptions, say: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    check_identifier(opts.name, "name")
    check_identifier(opts.source, "source")
    if opts.embedding not in ("minilm", "tfidf", "none"):
        raise CuratorError(f"--embedding {shown(opts.embedding)}: use minilm, tfidf or none")
    model_id, model_from = monitored_model(ws, opts.name, opts.model)
    predictor = predictor_for(ws, model_id)
    ref = load_reference(ws, predictor, model_from, opts.reference_sample, opts.seed)
    with connect(ws, read_only=True) as con:
        if not con.execute("SELECT name FROM sources WHERE name = ?", [opts.source]).fetchall():
            raise CuratorError(f"no source {shown(opts.source)}: ingest production texts with `--source` first")
        df = production_rows(con, opts.source, model_id, opts.since, opts.window_s)
        df, new_preds = predict_missing(con, df, predictor)
        say(f"{df.height} production samples, {0 if new_preds is None else new_preds.num_rows} newly predicted")
        windows, per_window = _judge(con, df, ref, opts, predictor.labels)
    run = Run("monitor", _config(opts, model_id), stage="monitor")
    flagged = [(w, c) for w, checks in per_window for c in checks if c.flagged]
    reason = _reason(flagged, opts.window_s)
    run_row = _run_row(run.run_id, opts, ref, df.height, len(per_window), flagged, reason)
    with writer_lock(ws, "monitor"), connect(ws) as con, transaction(con):
        fault_point("monitor.write")
        rows = [{**w, "run_id": run.run_id} for w in windows]
        write_monitor(con, run_row, rows, new_preds)
        run.record(con, status="succeeded", counts=_counts(run_row), n_in=df.height)
    return {**run_row, "windows": rows, "reference": _ref_summary(ref)}


def _judge(con: Any, df: pl.DataFrame, ref: Any, opts: MonitorOptions, labels: list[str]) -> tuple[list, list]:
    """Rows for monitor_windows and (window start, checks) per window, oldest first."""
    emb = EmbeddingDrift(ref.texts, opts)
    rows: list[dict[str, Any]] = []
    per_window: list[tuple[int, list[Check]]] = []
    for (start,), win in sorted(df.partition_by("window", as_dict=True).items()):
        checks = window_checks(win, ref, opts, labels)
        checks.append(emb.check(con, win.get_column("sample_id").to_list(), int(start)))
        per_window.append((int(start), checks))
        begin, end = window_bounds(int(start), opts.window_s)
        for c in checks:
            rows.append(
                {
                    "name": opts.name,
                    "model_id": ref.model_id,
                    "source": opts.source,
                    "window_start": begin,
                    "window_end": end,
                    "n_samples": win.height,
                    "check_name": c.check_name,
                    "statistic": c.statistic,
                    "value": c.value,
                    "threshold": c.threshold,
                    "flagged": c.flagged,
                    "details": c.details,
                }
            )
    return rows, per_window


def _reason(flagged: list[tuple[int, Check]], window_s: int) -> str | None:
    """The first crossing, and how many more: one line."""
    if not flagged:
        return None
    start, check = flagged[0]
    begin, _ = window_bounds(start, window_s)
    more = f"; {len(flagged) - 1} more crossing(s)" if len(flagged) > 1 else ""
    return f"drift in window {begin:%Y-%m-%d %H:%M}: {check.reason()}{more}"


def _run_row(run_id: str, opts: MonitorOptions, ref: Any, n: int, n_windows: int, flagged: list, reason: Any) -> dict:
    return {
        "run_id": run_id,
        "name": opts.name,
        "model_id": ref.model_id,
        "model_from": ref.model_from,
        "source": opts.source,
        "split_name": ref.split_name,
        "split_version": ref.split_version,
        "since": opts.since,
        "window_s": opts.window_s,
        "thresholds": _thresholds_json(opts),
        "n_samples": n,
        "n_windows": n_windows,
        "n_flagged": len({w for w, _ in flagged}),
        "reason": reason,
        "created_at": utcnow(),
    }


def _thresholds_json(opts: MonitorOptions) -> str:
    import json

    extra = {"low_confidence": opts.low_confidence, "min_samples": opts.min_samples, "min_labeled": opts.min_labeled}
    return json.dumps({**opts.thresholds.as_dict(), **extra})


def _config(opts: MonitorOptions, model_id: str) -> dict[str, Any]:
    keys = ("name", "source", "model", "window_s", "embedding", "embed_sample", "seed")
    return {**{k: getattr(opts, k) for k in keys}, "since": str(opts.since), "model_id": model_id}


def _counts(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("n_samples", "n_windows", "n_flagged", "model_id", "source")}


def _ref_summary(ref: Any) -> dict[str, Any]:
    return {
        "split": f"{ref.split_name}@{ref.split_version}",
        "n_train": int(len(ref.lengths)),
        "length_range": [float(x) for x in np.quantile(ref.lengths, [0.01, 0.99])] if len(ref.lengths) else None,
        "languages": dict(ref.languages),
        "prior": dict(ref.prior),
        "test_macro_f1": ref.test_macro_f1,
    }
