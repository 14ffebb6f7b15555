"""The stratified mode: duplicate groups placed whole, then every other sample by per-stratum quotas."""

from __future__ import annotations

from typing import Any

import numpy as np

from curator.splits.allocate import assign_by_rank, fill_groups, place_groups, round_quotas

MAX_GREEDY = 2000  # mixed-label groups placed one by one (Python) up to this many; beyond, vectorized


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
    stratum: np.ndarray,
    key: np.ndarray,
    group: np.ndarray,
    multi: np.ndarray,
    quotas: np.ndarray,
    r: np.ndarray,
    parts: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Place duplicate groups whole: mixed-label groups greedily, the (usual) one-label groups vectorized."""
    idx = np.nonzero(multi)[0]
    g, s = group[idx], stratum[idx].astype(np.int64)
    roots, g_code = np.unique(g, return_inverse=True)
    g_code = g_code.reshape(-1)
    k = quotas.shape[0]
    gkey = np.full(len(roots), np.iinfo(np.uint64).max, dtype=np.uint64)
    np.minimum.at(gkey, g_code, key[idx])  # order-independent: the smallest member key
    sizes = np.bincount(g_code)
    s_min, s_max = np.full(len(roots), k), np.zeros(len(roots), np.int64)
    np.minimum.at(s_min, g_code, s)
    np.maximum.at(s_max, g_code, s)
    part_of = np.empty(len(roots), dtype=np.int8)
    mixed = np.nonzero(s_min != s_max)[0]
    placed = np.zeros_like(quotas)
    if 0 < len(mixed) <= MAX_GREEDY:
        part_of[mixed], placed = _place_mixed(mixed, g_code, s, gkey, sizes, quotas, r)
        rest = np.nonzero(s_min == s_max)[0]
    else:  # many mixed-label groups: each counts as its main label (the loose samples absorb the rest)
        s_min = _main_stratum(g_code, s, len(roots))
        rest = np.arange(len(roots))
    part_of[rest] = fill_groups(s_min[rest], sizes[rest], gkey[rest], r)
    parts[idx] = part_of[g_code]
    one = np.isin(g_code, rest)
    np.add.at(placed, (s[one], parts[idx][one].astype(np.int64)), 1)
    return parts, placed


def _main_stratum(g_code: np.ndarray, s: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the stratum most of its members are in (ties: the smallest stratum code)."""
    k = int(s.max()) + 1
    pair, n = np.unique(g_code.astype(np.int64) * k + s, return_counts=True)
    g, st = pair // k, pair % k
    order = np.lexsort((st, -n, g))
    first = order[np.searchsorted(g[order], np.arange(n_groups))]
    return st[first]


def _place_mixed(mixed, g_code, s, gkey, sizes, quotas, r) -> tuple[np.ndarray, np.ndarray]:
    k = quotas.shape[0]
    sel = np.isin(g_code, mixed)
    pair, pair_n = np.unique(g_code[sel].astype(np.int64) * k + s[sel], return_counts=True)
    vecs: dict[int, dict[int, int]] = {int(m): {} for m in mixed}
    for p, n in zip(pair.tolist(), pair_n.tolist(), strict=True):
        vecs[p // k][p % k] = n
    order = mixed[np.lexsort((gkey[mixed], -sizes[mixed]))]  # biggest first, then in seeded order
    got, placed = place_groups([vecs[int(m)] for m in order], quotas, r)
    out = np.empty(len(mixed), dtype=np.int8)
    pos = {int(m): i for i, m in enumerate(mixed)}
    for m, p in zip(order.tolist(), got.tolist(), strict=True):
        out[pos[m]] = p
    return out, placed


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
