"""Active learning (issue 18): batch selection at scale, and labels saved per strategy (measured, not asserted).

- scale: BENCH_LEARN_SCALE unlabeled candidates (default 1,000,000; 0 skips) with synthetic class probabilities
  (6 classes) and 384-d embeddings (MiniLM's size), 30% in duplicate clusters of 3. Ours: margin scores → the
  10 x batch most uncertain (one per cluster, O(n) partition) → weighted k-center on that pool (target < 30 s).
  Baseline: the naive weighted k-center over every candidate (same scores, embeddings and batch), timed on the
  first BENCH_LEARN_BASELINE_N (default 100,000: it is linear in n, and 1M takes minutes on 2 cores).
- labels saved: the demo's support intents (data/demo, answer key truth.jsonl; a fixed 20% held out), rounds of
  BENCH_LEARN_BATCH labels by random / margin / diverse, 3 seeds, fastText in memory (curator.learn.offline);
  prints the labels each needed to reach BENCH_LEARN_TARGET test macro-F1 (default 0.9) and the saving vs random.
  BENCH_LEARN_CURVES=0 skips it (a few minutes on 2 cores).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from curator.learn.diversity import k_center
from curator.learn.select import choose
from curator.learn.strategies import scores

SCALE = int(os.environ.get("BENCH_LEARN_SCALE", "1000000"))
BATCH = int(os.environ.get("BENCH_LEARN_SELECT_BATCH", "100"))
CURVES = os.environ.get("BENCH_LEARN_CURVES", "1") != "0"
TARGET = float(os.environ.get("BENCH_LEARN_TARGET", "0.9"))
ROOT = Path(__file__).resolve().parents[2]


def synthetic(n: int, dim: int = 384, classes: int = 6, seed: int = 0) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.full(classes, 0.3), size=n).astype(np.float32)
    emb = rng.standard_normal((n, dim), dtype=np.float32)
    clusters = {j: [f"c{i}"] for i in range(0, n, 10) for j in (i, i + 1, i + 2) if j < n}  # 30% in clusters of 3
    return proba, emb, clusters


def scale(ctx) -> None:
    proba, emb, clusters = synthetic(SCALE)

    def ours() -> list[int]:
        score = scores("diverse", proba, len(proba))
        return choose("diverse", score, BATCH, clusters, lambda idx: emb[idx])[0]

    n_base = min(SCALE, int(os.environ.get("BENCH_LEARN_BASELINE_N", "100000")))

    def naive() -> list[int]:
        return k_center(emb[:n_base], scores("margin", proba[:n_base], n_base), BATCH)[0]

    picks = ctx.measure(f"learn select diverse (B={BATCH}, pool k-center)", SCALE, ours)
    assert len(picks) == BATCH
    ours_step = f"learn select diverse (B={BATCH}, pool k-center)"
    ctx.measure("naive weighted k-center over all candidates", n_base, naive, baseline_of=ours_step)
    ctx.measure(
        "learn select margin (top-k, no dup pairs)",
        SCALE,
        lambda: choose("margin", scores("margin", proba, SCALE), BATCH, clusters, lambda idx: emb[idx]),
    )


def demo_intents() -> tuple[list[str], list[str], list[str], list[str]]:
    truth = {}
    for line in (ROOT / "data/demo/truth.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        truth[rec["ref"]] = rec["label"]
    rows = [json.loads(line) for line in (ROOT / "data/demo/support_tickets.jsonl").read_text().splitlines()]
    pairs = [(r["text"], truth[f"tickets:{r['id']}"]) for r in rows if f"tickets:{r['id']}" in truth]
    held = [int(hashlib.md5(t.encode()).hexdigest(), 16) % 5 == 0 for t, _ in pairs]
    pool = [p for p, h in zip(pairs, held, strict=True) if not h]
    test = [p for p, h in zip(pairs, held, strict=True) if h]
    return [t for t, _ in pool], [y for _, y in pool], [t for t, _ in test], [y for _, y in test]


def curves(ctx) -> dict:
    from curator.learn.embed import embed
    from curator.learn.offline import labels_to_reach, simulate_curve

    texts, labels, test_texts, test_labels = demo_intents()
    emb, method = ctx.measure("learn: embed the demo pool (sentence embeddings)", len(texts), lambda: embed(texts))
    batch, max_labels = int(os.environ.get("BENCH_LEARN_BATCH", "20")), int(os.environ.get("BENCH_LEARN_MAX", "400"))
    out: dict = {"target": TARGET, "embedding": method, "batch": batch, "strategies": {}}
    for strategy in ("random", "margin", "diverse"):
        runs = [
            simulate_curve(texts, labels, test_texts, test_labels, strategy, batch, max_labels, seed, lambda i: emb[i])
            for seed in range(3)
        ]
        need = [labels_to_reach(c, TARGET) for c in runs]
        out["strategies"][strategy] = {"labels_to_target": need, "curves": runs}
        print(f"  {strategy}: labels to reach test macro-F1 {TARGET}: {need} (3 seeds)", flush=True)
    base = _mean(out["strategies"]["random"]["labels_to_target"])
    for strategy in ("margin", "diverse"):
        mean = _mean(out["strategies"][strategy]["labels_to_target"])
        saving = None if base is None or mean is None else round(1 - mean / base, 3)
        print(f"  {strategy} vs random: mean {mean} vs {base} labels → {saving} fewer", flush=True)
    return out


def _mean(values: list[int | None]) -> float | None:
    return None if any(v is None for v in values) else round(float(np.mean(values)), 1)


def run(ctx) -> None:
    if SCALE:
        scale(ctx)
    if CURVES:
        result = curves(ctx)
        path = ROOT / "bench-results" / "learn-curves.json"  # gitignored, next to the run's table
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"  curves: {path}", flush=True)
