"""The buckets phase of minhash_dup_v2: every two records with equal band hashes are a candidate pair.

datatrove's buckets phase (and FastMinhashBuckets) pairs each record with its neighbour in (hashes, file, doc)
order only: a group A, B, C of equal hashes gives (A, B) and (B, C), enough for a union-find but not for checked
pairs, where A and C would never be compared (and a second run, without B, would find them: not idempotent).
Here a group of up to `GROUP_CAP` records gives all its pairs; a larger group (a very common band value) keeps
the neighbour pairs, so the number of pairs stays linear in the number of records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numba import njit

from curator.stages.dedup.buckets import FastMinhashBuckets
from curator.stages.dedup.signature import FastMinhashSignature

GROUP_CAP = 32


BUCKET_TASKS = 4  # bands per phase are shared out among this many tasks (a datatrove task costs ~0.1 s to start)


class GroupPairBuckets(FastMinhashBuckets):
    """FastMinhashBuckets whose `.dups` hold every pair of each group of equal band hashes (up to GROUP_CAP); task
    `rank` of `world_size` does bands rank, rank + world_size, …"""

    @staticmethod
    def pairing(hashes: np.ndarray, file_idx: np.ndarray, docs: np.ndarray, stems: np.ndarray) -> np.ndarray:
        return group_pairs(hashes, file_idx, docs, stems)

    def run(self, data: Any = None, rank: int = 0, world_size: int = 1) -> None:
        for band in range(rank, self.config.num_buckets, world_size):
            super().run(data, band, self.config.num_buckets)

    @staticmethod
    def tasks(num_buckets: int) -> int:
        return min(num_buckets, BUCKET_TASKS)


def group_pairs(hashes: np.ndarray, file_idx: np.ndarray, docs: np.ndarray, stems: np.ndarray) -> np.ndarray:
    """(stem1, doc1, stem2, doc2) <u4 rows for every two records with equal hashes (neighbours in larger groups)."""
    if len(docs) < 2:
        return np.empty((0, 4), "<u4")
    order = np.lexsort((docs, file_idx, *(hashes[:, j] for j in range(hashes.shape[1] - 1, -1, -1))))
    h = hashes[order]
    starts = np.flatnonzero(np.r_[True, (h[1:] != h[:-1]).any(axis=1)])
    sizes = np.diff(np.r_[starts, len(order)])
    keep = sizes > 1
    first, second = _pairs_of(starts[keep], sizes[keep], GROUP_CAP)
    prev, cur = order[first], order[second]
    return np.column_stack([stems[file_idx[prev]], docs[prev], stems[file_idx[cur]], docs[cur]]).astype("<u4")


@njit(cache=True)
def _pairs_of(starts: np.ndarray, sizes: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    total = 0
    for g in range(len(sizes)):
        total += sizes[g] * (sizes[g] - 1) // 2 if sizes[g] <= cap else sizes[g] - 1
    first, second = np.empty(total, np.int64), np.empty(total, np.int64)
    k = 0
    for g in range(len(sizes)):
        s, n = starts[g], sizes[g]
        for i in range(n - 1):
            for j in range(i + 1, n if n <= cap else i + 2):
                first[k], second[k] = s + i, s + j
                k += 1
    return first, second


class SavedSignature(FastMinhashSignature):
    """v1's word signature phase (same bucket files) that also keeps every document's whole signature, its low 16
    bits per hash, in `full/<rank>.npy` (one row per row of the shard): the share of equal values of two rows is
    the MinHash estimate of their word n-gram Jaccard (a chance equality of unequal 61-bit values adds ~1/65,536)."""

    def keep_signatures(self, rank: int, sigs: np.ndarray, rows: list[int], seen: int) -> None:
        full = np.full((seen, sigs.shape[1]), 0, dtype=np.uint16)
        full[rows] = (sigs & 0xFFFF).astype(np.uint16)
        with self.output_folder.open(f"full/{rank:05d}.npy", mode="wb") as out:
            np.save(out, full)


def estimated_jaccard(folder: Path, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """MinHash estimate of the word Jaccard of every (shard, row, shard, row) pair, from SavedSignature's files."""
    files = sorted(folder.glob("*.npy"))
    shards = [np.load(f) for f in files]
    offsets = np.r_[0, np.cumsum([len(x) for x in shards])]
    sigs = np.concatenate(shards) if shards else np.empty((0, 1), np.uint16)
    a, b = offsets[pairs[:, 0]] + pairs[:, 1], offsets[pairs[:, 2]] + pairs[:, 3]
    out = np.empty(len(pairs))
    for start in range(0, len(pairs), chunk):
        end = start + chunk
        out[start:end] = (sigs[a[start:end]] == sigs[b[start:end]]).mean(axis=1)
    return out
