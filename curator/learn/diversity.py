"""Coverage for a batch: no two members of one duplicate cluster, and (strategy `diverse`) an uncertainty-weighted
k-center pick on sentence embeddings, so one batch is not 100 near-identical tickets.

Scale: the k-center runs on a pool (the POOL_FACTOR x batch most uncertain candidates, found with an O(n)
partition), not on every candidate; `k_center` over all candidates is the naive baseline the bench measures against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from curator.learn.strategies import top_k

POOL_FACTOR = 10  # the k-center pool: this many times the batch, the most uncertain first
MIN_POOL = 200


def without_dup_pairs(order: Sequence[int], clusters: dict[int, Sequence[str]], k: int) -> list[int]:
    """The first k of `order` (preference order) skipping any candidate that shares a duplicate cluster with one
    already taken: the batch never holds two members of one cluster."""
    taken: set[str] = set()
    out: list[int] = []
    for i in order:
        cs = clusters.get(int(i), ())
        if any(c in taken for c in cs):
            continue
        taken.update(cs)
        out.append(int(i))
        if len(out) == k:
            break
    return out


def top_without_dups(score: np.ndarray, k: int, clusters: dict[int, Sequence[str]]) -> list[int]:
    """The k highest-scoring candidates, highest first, at most one per duplicate cluster."""
    if k <= 0:
        return []
    n, window = len(score), 2 * k + 64
    while True:
        picked = without_dup_pairs(top_k(score, min(window, n)), clusters, k)
        if len(picked) == k or window >= n:
            return picked
        window *= 4


def unit_rows(emb: np.ndarray) -> np.ndarray:
    emb = np.asarray(emb, dtype=np.float32)
    return emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)


def k_center(emb: np.ndarray, weight: np.ndarray, k: int) -> tuple[list[int], list[float]]:
    """Greedy weighted k-center on unit rows: start at the highest weight, then repeatedly take the candidate with
    the largest weight x (cosine distance to the nearest one taken). Returns picks in order and each pick's
    distance to the earlier picks (inf for the first)."""
    n = len(emb)
    k = min(k, n)
    if k == 0:
        return [], []
    x = unit_rows(emb)
    w = np.asarray(weight, dtype=np.float32) + 1e-6  # a zero-uncertainty candidate can still add coverage
    dist = np.full(n, np.inf, dtype=np.float32)
    free = np.ones(n, dtype=bool)
    picks, gaps = [], []
    cur = int(np.argmax(w))
    for _ in range(k):
        picks.append(cur)
        gaps.append(float(dist[cur]))
        free[cur] = False
        dist = np.minimum(dist, np.maximum(1.0 - x @ x[cur], 0.0))
        cur = int(np.argmax(np.where(free, w * dist, -1.0)))
    return picks, gaps


def diverse_pick(
    score: np.ndarray,
    k: int,
    clusters: dict[int, Sequence[str]],
    embed: Callable[[np.ndarray], np.ndarray],
    pool_factor: int = POOL_FACTOR,
) -> tuple[list[int], list[float]]:
    """Pool (the most uncertain, one per duplicate cluster) → embeddings of the pool only → weighted k-center.
    Returns candidate indices in pick order and each pick's coverage distance."""
    if k <= 0:
        return [], []
    pool = np.asarray(top_without_dups(score, max(k * pool_factor, MIN_POOL), clusters), dtype=np.int64)
    if len(pool) == 0:
        return [], []
    picks, gaps = k_center(embed(pool), score[pool], k)
    return [int(pool[p]) for p in picks], gaps
