"""Vectorized, version-stable hashing of string columns, seeded shuffle keys, and duplicate groups.

DuckDB's hash() may change between releases and its md5 costs ~3 s per million ids here, so the shuffle key is
our own: a polynomial hash over the UTF-8 bytes of each id (numpy over the Arrow buffers), then splitmix64 with
the seed. The same sample_id and seed give the same key on every machine and every version of curator.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

_M = np.uint64(0xFFFFFFFFFFFFFFFF)
_P = np.uint64(1099511628211)  # FNV prime


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer, elementwise on uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def string_hash(col: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A 64-bit hash per string (uint64), stable across runs, platforms and library versions."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    arr = arr.cast(pa.large_string())
    n = len(arr)
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]].astype(np.uint64)
    offsets = offsets - offsets[0]
    lengths = np.diff(offsets)
    pos = np.arange(len(data), dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    with np.errstate(over="ignore"):
        mixed = splitmix64(data + (pos.astype(np.uint64) << np.uint64(8)))
        out = np.zeros(n, dtype=np.uint64)
        _sum_rows(out, mixed, offsets, lengths)
        return splitmix64(out + lengths.astype(np.uint64))


def _sum_rows(out: np.ndarray, mixed: np.ndarray, offsets: np.ndarray, lengths: np.ndarray) -> None:
    nonempty = lengths > 0
    sums = np.add.reduceat(mixed, offsets[:-1][nonempty]) if nonempty.any() else np.zeros(0, np.uint64)
    out[nonempty] = sums


def shuffle_keys(sample_ids: pa.Array | pa.ChunkedArray, seed: int) -> np.ndarray:
    """A pseudo-random order key per sample, fixed by (sample_id, seed)."""
    with np.errstate(over="ignore"):
        return splitmix64(string_hash(sample_ids) ^ splitmix64(np.array([seed], dtype=np.uint64))[0])


def components(n: int, keys: list[np.ndarray], pairs: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Connected components of n nodes. Nodes sharing a key (each array in `keys` gives one per node, -1: none)
    are joined, and so are the nodes of each (a, b) in `pairs`. Returns the smallest node index of each node's
    component, by min-label propagation until stable.
    """
    comp = np.arange(n, dtype=np.int64)
    keyed = [(k[k >= 0].astype(np.int64), np.nonzero(k >= 0)[0]) for k in keys]
    keyed = [(k, idx) for k, idx in keyed if len(k)]
    a, b = pairs if pairs is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    changed = True
    while changed:
        before = comp.copy()
        for key, idx in keyed:
            best = np.full(int(key.max()) + 1, n, dtype=np.int64)
            np.minimum.at(best, key, comp[idx])
            comp[idx] = np.minimum(comp[idx], best[key])
        if len(a):
            low = np.minimum(comp[a], comp[b])
            np.minimum.at(comp, a, low)
            np.minimum.at(comp, b, low)
        comp = comp[comp]  # pointer jumping: comp[x] <= x, so this only shortens chains
        changed = bool((comp != before).any())
    return comp
