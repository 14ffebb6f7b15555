"""Stratified part assignment: per-stratum largest-remainder quotas, duplicate groups placed whole first.

Why not scikit-learn's splitters: `train_test_split(stratify=…)` (StratifiedShuffleSplit) makes two parts; a
three-part split needs two calls, and the second one rounds relative to what the first left, so val/test can
miss a class's share by more than one sample (tests/splits/test_allocate.py shows a case). StratifiedGroupKFold
only makes k equal folds (0.8/0.1/0.1 happens to be 10 folds, 0.7/0.2/0.1 does not fit any k < 10 exactly) and
walks the groups in a Python loop per group. Here every stratum gets floor(n_c x ratio) per part, plus its
remainder handed to the parts with a fractional quota — so each part is within one sample of its exact share —
chosen by the parts' running deficit, which keeps the part sizes on their ratios too.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-9


def round_quotas(targets: np.ndarray, totals: np.ndarray, ratios: np.ndarray) -> np.ndarray:
    """Integer counts [strata x parts] with row sums `totals`, each cell within one of `targets` (row sums equal).

    Rows whose targets do not sum to the total (negative targets after groups were placed) are rescaled first.
    """
    k, p = targets.shape
    out = np.zeros((k, p), dtype=np.int64)
    assigned, wanted = np.zeros(p), np.zeros(p)
    for c in range(k):
        t = _feasible(targets[c], int(totals[c]), ratios)
        base = np.floor(np.round(t, 9)).astype(np.int64)
        extra = int(totals[c]) - int(base.sum())
        frac = t - base
        wanted += t
        if extra > 0:
            deficit = wanted - assigned - base
            order = sorted(range(p), key=lambda j: (frac[j] <= EPS, -deficit[j], -frac[j], j))
            base[order[:extra]] += 1
        out[c] = base
        assigned += base
    return out


def _feasible(t: np.ndarray, total: int, ratios: np.ndarray) -> np.ndarray:
    t = np.maximum(t, 0.0)
    s = t.sum()
    if total == 0:
        return np.zeros_like(t)
    if s <= EPS:
        return ratios * total
    return t * (total / s) if abs(s - total) > 1e-6 else t


def place_groups(
    strata_of_groups: list[dict[int, int]], quotas: np.ndarray, ratios: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Assign each multi-sample group (a {stratum: count} dict, in order) to one part, greedily.

    A group goes to the allowed part where most of it still fits under the stratum quotas; ties go to the part
    furthest below its share. Returns the part per group and the counts placed [strata x parts].
    """
    placed = np.zeros_like(quotas)
    room = quotas.copy()
    allowed = [j for j in range(len(ratios)) if ratios[j] > 0]
    total = np.zeros(len(ratios))
    parts = np.empty(len(strata_of_groups), dtype=np.int8)
    grand = 0
    for g, vec in enumerate(strata_of_groups):
        size = sum(vec.values())
        grand += size
        best = max(allowed, key=lambda j: (_fit(vec, room, j), ratios[j] * grand - total[j], -j))
        parts[g] = best
        total[best] += size
        for c, n in vec.items():
            room[c, best] -= n
            placed[c, best] += n
    return parts, placed


def _fit(vec: dict[int, int], room: np.ndarray, j: int) -> float:
    return sum(min(n, max(room[c, j], 0.0)) for c, n in vec.items())


def fill_groups(stratum: np.ndarray, size: np.ndarray, key: np.ndarray, ratios: np.ndarray) -> np.ndarray:
    """Part per single-stratum group, vectorized: within a stratum, groups in key order are laid end to end and
    each goes to the part its midpoint falls in, so each part gets its share of the grouped samples to within
    half a group."""
    order = np.lexsort((key, stratum))
    s, sz = stratum[order], size[order].astype(np.float64)
    cum = np.cumsum(sz)
    start = np.searchsorted(s, s, side="left")
    before = np.concatenate([[0.0], cum])[start]
    total = np.bincount(s, weights=sz)[s]
    mid = (cum - before - sz / 2) / total
    parts = np.empty(len(order), dtype=np.int8)
    parts[order] = np.searchsorted(np.cumsum(ratios)[:-1], mid, side="right").astype(np.int8)
    return parts


def assign_by_rank(stratum: np.ndarray, key: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Part per item: within each stratum, items in key order fill train, then val, then test."""
    n = len(stratum)
    order = np.lexsort((key, stratum))
    s_sorted = stratum[order]
    starts = np.searchsorted(s_sorted, np.arange(counts.shape[0]))
    rank = np.arange(n) - starts[s_sorted]
    bounds = np.cumsum(counts, axis=1)
    part_sorted = np.zeros(n, dtype=np.int8)
    for j in range(counts.shape[1] - 1):
        part_sorted += (rank >= bounds[s_sorted, j]).astype(np.int8)
    parts = np.empty(n, dtype=np.int8)
    parts[order] = part_sorted
    return parts
