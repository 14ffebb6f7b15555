"""build-split: time and memory on the bench corpus and at scale (target: 1M candidates in < 30 s).

- corpus: the harness's ctx.n ~1 KB records, ingested, then marked curated by SQL (scrubbed, 10% in dup clusters).
- scale: BENCH_SPLITS_SCALE candidates (default 1,000,000; 0 skips) inserted in bulk with SQL (`range(n)`):
  ~230-character texts (labeling-sized), 5 classes, 10% in duplicate clusters of 3, 2% exact copies.
- baseline: scikit-learn's two-stage `train_test_split(stratify=…)` on the same labels — the assignment alone,
  no grouping, no files — against our assignment step on the same arrays.
"""

from __future__ import annotations

import os
import time

import duckdb
import numpy as np
import pyarrow as pa

from curator.catalog import connect, transaction
from curator.ingest import IngestOptions, ingest
from curator.splits import SplitOptions, build_split, export_split
from curator.splits.keys import shuffle_keys
from curator.splits.stratified import split_stratified

SCALE = int(os.environ.get("BENCH_SPLITS_SCALE", "1000000"))
LABELS = ["billing", "bug", "feature", "account", "other"]


def _curate(ws) -> None:
    """What the curation stages would leave: everything scrubbed, every 10th sample in a cluster of 3."""
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET pii_scrubbed = true, label = coalesce(label, 'other')")
        con.execute(
            "UPDATE samples SET dup_cluster = 'c' || (h // 3) FROM (SELECT sample_id, row_number() OVER "
            "(ORDER BY sample_id) AS h FROM samples) x WHERE x.sample_id = samples.sample_id AND x.h % 10 < 3"
        )


def _synthetic(ws, n: int) -> None:
    """n curated samples inserted in one statement: no ingest, no Python rows. ~30 words from a 2,003-word
    vocabulary (~200 characters); every 50th text copies its predecessor; every 10th sample is in a cluster of 3."""
    vocab = ["".join(chr(97 + (w * 7 + k * 13 + w // 26) % 26) for k in range(3 + w % 6)) for w in range(2003)]
    con = duckdb.connect(str(ws.catalog_path))
    con.execute(
        "INSERT INTO samples (sample_id, source, source_key, text, text_hash, label, created_at, metadata, n_chars, "
        "pii_scrubbed, dup_cluster, ingested_at) "
        "SELECT 's' || lpad(printf('%x', i), 16, '0'), 'bench', 'k' || i, t, md5(t), ($1)[1 + i % 5], "
        "TIMESTAMP '2024-01-01' + to_seconds(i * 7), '{\"channel\": \"email\"}', length(t), true, "
        "CASE WHEN i % 10 = 0 THEN 'c' || (i // 30) END, now() "
        "FROM (SELECT i, 'ticket ' || array_to_string(list_transform(range(30), lambda j: ($2)[1 + ((src * 7919 + "
        "j * 104729 + (src * j) % 1009) % 2003)]), ' ') AS t "
        "FROM (SELECT i, CASE WHEN i % 50 = 1 THEN i - 1 ELSE i END AS src FROM range(?) r(i)))",
        [LABELS, vocab, n],
    )
    con.close()


def _assignment_baseline(ctx, n: int) -> None:
    from sklearn.model_selection import train_test_split

    y = np.random.default_rng(0).integers(0, 5, n)
    ids = pa.array([f"s{i:016x}" for i in range(n)])

    def ours() -> None:
        split_stratified(y.astype(np.int32), shuffle_keys(ids, 13), (0.8, 0.1, 0.1))

    def sklearn() -> None:
        idx = np.arange(n)
        _, rest = train_test_split(idx, test_size=0.2, stratify=y, random_state=13)
        train_test_split(rest, test_size=0.5, stratify=y[rest], random_state=13)

    ctx.measure("split assignment (keys + quotas)", n, ours)
    ctx.measure("sklearn train_test_split x2", n, sklearn, baseline_of="split assignment (keys + quotas)")


def run(ctx) -> None:
    ws = ctx.workspace()
    ingest(ws, [ctx.corpus_path], IngestOptions("bench"))
    _curate(ws)
    opts = SplitOptions("bench", label_source="source")
    res = _measure_build(ctx, "build-split (corpus, grouped, minhash audit)", ctx.n, ws, opts)
    ctx.measure("build-split again (existing version)", ctx.n, lambda: build_split(ws, opts))
    fast = SplitOptions("bench-fast", label_source="source", near_dup=False)
    ctx.measure("build-split (corpus, no near-dup audit)", ctx.n, lambda: build_split(ws, fast))

    def export() -> None:
        with connect(ws, read_only=True) as con:
            export_split(con, ws, f"bench@{res['version']}", "hf", ctx.tmp / "bench-hf")

    ctx.measure("export hf (DatasetDict.save_to_disk)", ctx.n, export)
    _assignment_baseline(ctx, max(ctx.n, 100_000))
    if SCALE:
        big = ctx.workspace()
        ctx.measure("insert synthetic candidates (SQL)", SCALE, lambda: _synthetic(big, SCALE))
        scale = SplitOptions("scale", label_source="source")
        _measure_build(ctx, f"build-split {SCALE:,} (grouped, minhash audit)", SCALE, big, scale)
        nodup = SplitOptions("scale-fast", label_source="source", near_dup=False)
        _measure_build(ctx, f"build-split {SCALE:,} (no near-dup audit)", SCALE, big, nodup)


def _measure_build(ctx, step: str, n: int, ws, opts: SplitOptions) -> dict:
    """The build, then one row per phase and one with the process CPU time (the box is shared: wall time
    includes waiting for the other engineers' processes)."""
    cpu0 = time.process_time()
    res = ctx.measure(step, n, lambda: build_split(ws, opts))
    cpu = time.process_time() - cpu0
    rows = [(f"  · {phase}", sec) for phase, sec in res["timings_s"].items()] + [("  · CPU time (process)", cpu)]
    for name, sec in rows:
        ctx.results.append(
            {
                "step": name,
                "items": n,
                "seconds": round(sec, 3),
                "items_per_s": round(n / sec, 1) if sec else None,
                "peak_rss_mb": None,
                "baseline_of": None,
            }
        )
        print(f"  {name}: {sec:.2f}s", flush=True)
    return res
