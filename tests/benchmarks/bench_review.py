"""Review app: render time of every page (Streamlit AppTest, a real script run) on a large catalog.

Target (issue 7): each page renders in < 2 s with 1M samples. Reported, not asserted.
- corpus: the harness's ctx.n records, ingested, then given decisions, clusters, labels, a split and a model by SQL.
- scale: BENCH_REVIEW_SCALE samples (default 1,000,000; 0 skips) inserted with SQL (`range(n)`), ~230-char texts,
  8% dropped (quality / dedup), 10% in duplicate clusters, 30% labelled, 5% with 3 annotations, a split of every
  active labelled sample, a model with 10,000 predictions.
- baseline: what the pages avoid — loading the samples table into pandas and filtering / paging there.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from curator.catalog import connect, transaction
from curator.ingest import IngestOptions, ingest

SCALE = int(os.environ.get("BENCH_REVIEW_SCALE", "1000000"))
APP = str(Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py")
VIEWS = ("overview", "samples", "duplicates", "qa", "splits", "models")
LABELS = ["billing", "shipping", "technical", "account", "returns"]


def _synthetic_samples(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute(
        "INSERT INTO samples (sample_id, source, source_key, text, text_hash, label, created_at, n_chars, language, "
        "status, status_stage, status_reason, pii_scrubbed, dup_cluster, ingested_at) "
        "SELECT 's' || lpad(printf('%x', i), 16, '0'), 'bench', 'k' || i, t, md5(t), ($1)[1 + i % 5], "
        "TIMESTAMP '2024-01-01' + to_seconds(i * 7), length(t), 'en', "
        "CASE WHEN i % 25 IN (1, 2, 3) THEN 'dropped' ELSE 'active' END, "
        "CASE WHEN i % 25 IN (1, 2) THEN 'quality' WHEN i % 25 = 3 THEN 'dedup' END, "
        "CASE WHEN i % 25 IN (1, 2) THEN 'too_short' WHEN i % 25 = 3 THEN 'near_duplicate' END, true, "
        "CASE WHEN i % 10 = 0 THEN 'near:c' || (i // 30) END, now() "
        "FROM (SELECT i, 'ticket ' || i || ' my <EMAIL_ADDRESS> order refund ' || repeat(md5(i::VARCHAR) || ' ', 6) "
        "AS t FROM range(?) r(i))",
        [LABELS, n],
    )


def _curate(con: duckdb.DuckDBPyConnection) -> None:
    """Decisions, clusters, labels, annotations and a relabel queue for whatever samples the catalog holds."""
    con.execute("UPDATE samples SET pii_scrubbed = true, label = coalesce(label, 'billing')")
    con.execute(
        "INSERT INTO runs (run_id, command, stage, started_at, status) VALUES ('b-q', 'run', 'quality', now(), "
        "'succeeded'), ('b-d', 'run', 'dedup', now(), 'succeeded'), ('b-l', 'annotate pull', 'label', now(), "
        "'succeeded')"
    )
    con.execute("CREATE TEMP TABLE ix AS SELECT sample_id, row_number() OVER (ORDER BY sample_id) AS i FROM samples")
    con.execute(
        "INSERT INTO decisions SELECT CASE WHEN i % 25 = 3 THEN 'b-d' ELSE 'b-q' END, sample_id, "
        "CASE WHEN i % 25 = 3 THEN 'dedup' ELSE 'quality' END, 'bench_v1', 'drop', "
        "CASE WHEN i % 25 = 3 THEN 'near_duplicate' ELSE 'too_short' END, 0.1, '{}', now(), i FROM ix "
        "WHERE i % 25 IN (1, 2, 3)"
    )
    con.execute(
        "INSERT INTO dup_clusters SELECT 'near:c' || (i // 30), sample_id, 'near', i % 30 = 0, 'b-d' FROM ix "
        "WHERE i % 10 = 0 ON CONFLICT DO NOTHING"
    )
    con.execute(
        "INSERT INTO labels (sample_id, label, method, run_id, resolved_at) SELECT s.sample_id, s.label, 'majority', "
        "'b-l', now() FROM samples s JOIN ix USING (sample_id) WHERE ix.i % 10 < 3"
    )
    con.execute(
        "INSERT INTO annotations (project, annotation_id, task_id, sample_id, annotator, label, was_cancelled, "
        "deleted, simulated, pulled_at, run_id) SELECT 'b', i * 3 + a, i, sample_id, 'ann' || a || '@x', "
        "($1)[1 + (i + CASE WHEN a = 2 AND i % 7 = 0 THEN 1 ELSE 0 END) % 5], false, false, true, now(), 'b-l' "
        "FROM ix, range(3) r(a) WHERE i % 20 = 0",
        [LABELS],
    )
    con.execute(
        "INSERT INTO relabel_queue SELECT sample_id, 'disagreement', 0.5, '{}', 'pending', now(), 'b-l' FROM ix "
        "WHERE i % 100 = 0"
    )


def _split_and_model(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "INSERT INTO split_members SELECT 'bench', v, sample_id, CASE WHEN (i + k) % 10 < 8 THEN 'train' "
        "WHEN (i + k) % 10 = 8 THEN 'val' ELSE 'test' END, label FROM (SELECT s.sample_id, s.label, ix.i "
        "FROM samples s JOIN ix USING (sample_id) WHERE s.status = 'active'), (VALUES ('v1', 0), ('v2', 1)) t(v, k) "
        "WHERE i % 10 < 3"
    )
    con.execute(
        "INSERT INTO splits (name, version, created_at, run_id, mode, label_source, n_members, path) "
        "SELECT 'bench', version, now(), 'b-s', 'stratified', 'resolved', count(*), 'splits/bench/' || version "
        "FROM split_members GROUP BY version"
    )
    con.execute(
        "INSERT INTO models (model_id, kind, split_name, split_version, path, run_id, created_at) "
        "VALUES ('m1', 'minilm', 'bench', 'v2', 'models/m1', 'b-t', now())"
    )
    con.execute(
        "INSERT INTO metrics SELECT 'b-t', 'm1', 'bench', 'v2', 'test', 'confusion', a, b, "
        "CASE WHEN a = b THEN 1000 ELSE 100 END, now() "
        "FROM unnest($1) x(a), unnest($1) y(b)",
        [LABELS],
    )
    con.execute(
        "INSERT INTO predictions SELECT 'b-t', 'm1', sample_id, 'test', label, CASE WHEN i % 13 = 0 THEN 'returns' "
        "ELSE label END, 0.5 + (i % 50) / 100, now() FROM (SELECT m.sample_id, m.label, row_number() OVER () AS i "
        "FROM split_members m WHERE version = 'v2' AND part = 'test' LIMIT 10000)"
    )


def _pages(ctx, n: int, tag: str) -> None:
    """Every page rendered by AppTest (CURATOR_HOME is the bench workspace), plus a sample view and a search."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    ctx.measure(f"review: first render, overview ({tag})", n, at.run)
    for view in VIEWS:
        ctx.measure(f"review: page {view} ({tag})", n, lambda v=view: at.switch_page(f"views/{v}.py").run())
    at.switch_page("views/samples.py")
    at.query_params["sample"] = "s000000000000000a"
    ctx.measure(f"review: samples + sample view ({tag})", n, at.run)
    at.text_input(key="f_search").input("refund 99")
    ctx.measure(f"review: samples, text search ({tag})", n, at.run)
    assert not at.exception, [e.value for e in at.exception]


def _pandas_baseline(ctx, ws, n: int, tag: str) -> None:
    def load_filter_page() -> None:
        with connect(ws, read_only=True) as con:
            df = con.execute("SELECT * FROM samples").df()
        hit = df[(df.status == "dropped") & df.text.str.contains("refund")].sort_values(["source", "sample_id"])
        hit.iloc[:50]

    ctx.measure(
        f"pandas: load samples, filter, page ({tag})", n, load_filter_page, baseline_of=f"review: page samples ({tag})"
    )


def _bench(ctx, ws, n: int, tag: str) -> None:
    os.environ["CURATOR_HOME"] = str(ws.home)
    _pages(ctx, n, tag)
    _pandas_baseline(ctx, ws, n, tag)


def run(ctx) -> None:
    ws = ctx.workspace()
    ingest(ws, [ctx.corpus_path], IngestOptions("bench"))
    with connect(ws) as con, transaction(con):
        _curate(con)
        _split_and_model(con)
    _bench(ctx, ws, ctx.n, "corpus")
    if SCALE:
        big = ctx.workspace()
        with connect(big) as con, transaction(con):
            ctx.measure(f"review: synthesize {SCALE:,}-sample catalog", SCALE, lambda: _synthetic_samples(con, SCALE))
            _curate(con)
            _split_and_model(con)
        _bench(ctx, big, SCALE, "1M" if SCALE == 1_000_000 else f"{SCALE:,}")
