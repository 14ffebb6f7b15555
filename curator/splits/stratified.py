"""The stratified mode: duplicate groups placed whole, then every other sample by per-stratum quotas."""

from __future__ import annotations

from typing import Any

import numpy as np

from curator.splits.allocate import assign_by_rank, place_groups, round_quotas


def split_stratified(
    stratum: np.ndarray, key: np.ndarray, ratios: tuple[float, ...], group: np.ndarray | None = None
) -> np.ndarray:
    """Part index (0 train, 1 val, 2 test) per sample. `group`: component id per sample, or None."""
    r = np.asarray(ratios, dtype=float)
    k = int(stratum.max()) + 1 if len(stratum) else 0
    n_c = np.bincount(stratum, minlength=k)
    quotas = n_c[:, None] * r[None, :]
    parts = np.full(len(stratum), -1, dtype=np.int8)
    placed = np.zeros_like(quotas)
    loose = np.ones(len(stratum), dtype=bool)
    if group is not None:
        size = np.bincount(group, minlength=len(stratum))
        loose = size[group] == 1
        if not loose.all():
            parts, placed = _place_multi(stratum, key, group, ~loose, quotas, r, parts)
    counts = round_quotas(quotas - placed, n_c - placed.sum(axis=1).round().astype(np.int64), r)
    idx = np.nonzero(loose)[0]
    parts[idx] = assign_by_rank(stratum[idx], key[idx], counts)
    return parts


def _place_multi(
    stratum: np.ndarray, key: np.ndarray, group: np.ndarray, multi: np.ndarray, quotas: np.ndarray,
    r: np.ndarray, parts: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    idx = np.nonzero(multi)[0]
    g, s = group[idx], stratum[idx].astype(np.int64)
    roots, g_code = np.unique(g, return_inverse=True)
    k = quotas.shape[0]
    pair, pair_n = np.unique(g_code.astype(np.int64) * k + s, return_counts=True)
    sizes = np.bincount(g_code)
    order = np.lexsort((key[roots], -sizes))  # biggest groups first, then in seeded order
    vecs: list[dict[int, int]] = [{} for _ in roots]
    for p, n in zip(pair.tolist(), pair_n.tolist(), strict=True):
        vecs[p // k][p % k] = n
    group_parts, placed = place_groups([vecs[i] for i in order], quotas, r)
    part_of = np.empty(len(roots), dtype=np.int8)
    part_of[order] = group_parts
    parts[idx] = part_of[g_code]
    return parts, placed


def balance(stratum: np.ndarray, parts: np.ndarray, ratios: tuple[float, ...], n_strata: int) -> dict[str, Any]:
    """How far each stratum's part counts are from its exact share: the largest |count - n_c x ratio|."""
    actual = np.zeros((n_strata, len(ratios)), dtype=np.int64)
    np.add.at(actual, (stratum.astype(np.int64), parts.astype(np.int64)), 1)
    expected = actual.sum(axis=1)[:, None] * np.asarray(ratios)[None, :]
    dev = np.abs(actual - expected)
    return {
        "max_abs_deviation": round(float(dev.max()) if dev.size else 0.0, 4),
        "per_stratum": [round(float(x), 4) for x in dev.max(axis=1)] if dev.size else [],
        "actual": actual,
    }
