"""Production monitoring (issue 19): `curator monitor` over BENCH_MONITOR_N production samples (default 1,000,000;
0 skips) spread over 7 daily windows, target under a minute on 2 cores.

Synthetic rows are inserted directly (samples: active, scrubbed, with language and record time; the model's
cached production predictions, as a previous monitor run leaves them), then monitor runs every check but the
embedding one on all of them, and the embedding one (tfidf) on its per-window samples.
Baseline, same run: the obvious implementation of the same per-window statistics — every row into pandas, per
window scipy's ks_2samp and chi2_contingency, pandas value_counts — timed on the same rows.
A second line times the first run on BENCH_MONITOR_PREDICT_N samples (default 100,000) with no cached predictions
(the fastText model predicts them)."""

from __future__ import annotations

import os

N = int(os.environ.get("BENCH_MONITOR_N", "1000000"))
N_PREDICT = int(os.environ.get("BENCH_MONITOR_PREDICT_N", "100000"))
MINILM = os.environ.get("BENCH_MONITOR_MINILM", "1") != "0"  # BENCH_MONITOR_MINILM=0 skips the default-embedding line
DAYS = 7

INSERT_SAMPLES = """
INSERT INTO samples BY NAME
SELECT 'prod-' || i AS sample_id, ? AS source, 'k' || i AS source_key,
       list_element(['please', 'help', 'my', 'invoice', 'package', 'password', 'refund', 'delivery', 'account'],
                    1 + (hash(i) % 9)::INT) || ' ' ||
       list_element(['charge', 'courier', 'locked', 'today', 'again', 'not working', 'since yesterday thanks'],
                    1 + (hash(i + 7) % 7)::INT) || repeat(' words', (hash(i + 3) % 12)::INT) AS text,
       md5(i::VARCHAR) AS text_hash, TIMESTAMP '2026-11-20' + to_seconds((i * 604800 // ?)) AS created_at,
       list_element(['en', 'en', 'en', 'en', 'fr', 'de'], 1 + (hash(i + 1) % 6)::INT) AS language,
       'active' AS status, true AS pii_scrubbed, now()::TIMESTAMP AS ingested_at
FROM range(?) t(i)
"""
INSERT_PREDICTIONS = """
INSERT INTO predictions BY NAME
SELECT 'bench' AS run_id, ? AS model_id, 'prod-' || i AS sample_id, 'production' AS part,
       list_element(['billing', 'login', 'shipping'], 1 + (hash(i + 5) % 3)::INT) AS predicted,
       0.34 + (hash(i + 9) % 660) / 1000.0 AS score, now()::TIMESTAMP AS created_at
FROM range(?) t(i)
"""


def setup(ctx, n: int, source: str, cached: bool) -> tuple:
    from curator.catalog import connect, transaction
    from curator.train.config import TrainOptions
    from curator.train.runner import train
    from tests.train.conftest import write_split

    ws = ctx.workspace()
    write_split(ws.home, "tickets", "v1", {"train": 600, "val": 100, "test": 100})
    model_id = train(ws, "tickets@v1", TrainOptions(model="fasttext"), log=lambda _: None, progress=False)["model_id"]
    with connect(ws) as con, transaction(con):
        con.execute("INSERT INTO sources (name, format) VALUES (?, 'bench')", [source])
        con.execute(INSERT_SAMPLES, [source, n, n])
        if cached:
            con.execute(INSERT_PREDICTIONS, [model_id, n])
    return ws, model_id


def baseline(ws, model_id: str) -> int:
    """pandas + scipy, per window: KS on lengths and confidence, chi-square on languages and predicted labels."""
    import duckdb
    from scipy import stats

    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    df = con.execute(
        "SELECT s.sample_id, s.created_at, s.language, length(s.text) AS n_chars, p.predicted, p.score "
        "FROM samples s JOIN predictions p USING (sample_id) WHERE p.model_id = ? AND s.status = 'active' "
        "AND s.pii_scrubbed",
        [model_id],
    ).fetchdf()
    con.close()
    df["window"] = df["created_at"].dt.floor("D")
    ref_len = df["n_chars"].sample(1000, random_state=0).to_numpy()
    ref_lang = df["language"].sample(1000, random_state=0).value_counts()
    for _, win in df.groupby("window"):
        stats.ks_2samp(ref_len, win["n_chars"].to_numpy())
        stats.ks_2samp(ref_len / 100, win["score"].to_numpy())
        counts = win["language"].value_counts()
        keys = sorted(set(counts.index) | set(ref_lang.index))
        stats.chi2_contingency([[ref_lang.get(k, 0) for k in keys], [counts.get(k, 0) for k in keys]])
        win["predicted"].value_counts()
    return len(df)


def run(ctx) -> None:
    if N <= 0:
        print("  skipped (BENCH_MONITOR_N=0)")
        return
    from curator.monitor.options import MonitorOptions
    from curator.monitor.run import monitor

    ws, model_id = setup(ctx, N, "production", cached=True)
    opts = MonitorOptions(name="tickets", model=model_id, embedding="tfidf", embed_sample=300)
    step = f"monitor {N:,} production samples ({DAYS} windows, cached predictions)"
    res = ctx.measure(step, N, lambda: monitor(ws, opts))
    assert res["n_samples"] == N and res["n_windows"] == DAYS
    ctx.measure(
        "pandas + scipy per window (same rows, no embedding, nothing stored)",
        N,
        lambda: baseline(ws, model_id),
        baseline_of=step,
    )
    if MINILM:  # the default embedding: 300 texts per side and window, their first 400 characters
        opts_m = MonitorOptions(name="tickets", model=model_id, embedding="minilm", embed_sample=300)
        ctx.measure(f"monitor {N:,} production samples, MiniLM embedding (the default)", N, lambda: monitor(ws, opts_m))
    if N_PREDICT > 0:
        ws2, model2 = setup(ctx, N_PREDICT, "production", cached=False)
        opts2 = MonitorOptions(name="tickets", model=model2, embedding="none")
        ctx.measure(
            f"monitor {N_PREDICT:,} samples, first run (fastText predicts them)", N_PREDICT, lambda: monitor(ws2, opts2)
        )
