"""Ingest throughput and memory (target ≥ 20,000 rows/s on 2 cores), and catalog read latencies.

Baseline: DuckDB's own `read_json` straight into a table — no validation, no ids, no decisions, no rejects:
the ceiling of what a bulk load can do on this machine, measured on the same file in the same run.
"""

from __future__ import annotations

import json
import time

import duckdb

from curator.catalog import connect, queries
from curator.ingest import IngestOptions, ingest


def _explain_latency(ws, n_samples: int) -> float:
    with connect(ws, read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT sample_id FROM samples USING SAMPLE 20 ROWS").fetchall()]
    t0 = time.perf_counter()
    for sid in ids:
        with connect(ws, read_only=True) as con:
            json.dumps(queries.explain(con, sid), default=str)
    return (time.perf_counter() - t0) / max(len(ids), 1)


def run(ctx) -> None:
    ws = ctx.workspace()
    report = ctx.measure(
        "ingest (jsonl → catalog)", ctx.n, lambda: ingest(ws, [ctx.corpus_path], IngestOptions("bench"))
    )
    assert report.read == ctx.n, report
    base = ctx.tmp / "baseline.duckdb"

    def duckdb_read_json() -> None:
        con = duckdb.connect(str(base))
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_json('{ctx.corpus_path}', format='newline_delimited')")
        con.close()

    ctx.measure("duckdb read_json (no validation)", ctx.n, duckdb_read_json, baseline_of="ingest (jsonl → catalog)")
    ctx.measure("re-ingest (nothing new)", ctx.n, lambda: ingest(ws, [ctx.corpus_path], IngestOptions("bench")))

    def status() -> None:
        with connect(ws, read_only=True) as con:
            queries.status(con)

    ctx.measure("curator status", 1, status)
    per = _explain_latency(ws, ctx.n)
    ctx.results.append(
        {
            "step": "curator explain (mean of 20)",
            "items": 1,
            "seconds": round(per, 4),
            "items_per_s": round(1 / per, 1),
            "peak_rss_mb": None,
            "baseline_of": None,
        }
    )
    size = ws.catalog_path.stat().st_size
    ctx.results.append(
        {
            "step": "catalog bytes per sample",
            "items": ctx.n,
            "seconds": 0.0,
            "items_per_s": round(size / ctx.n, 1),
            "peak_rss_mb": None,
            "baseline_of": None,
        }
    )
