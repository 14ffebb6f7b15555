"""The leakage audit: exact duplicates (same text_hash) and near-duplicate links that cross parts."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa

from curator.splits import minhash
from curator.splits.options import PARTS

CHUNK = 100_000
WORKERS = min(4, os.cpu_count() or 1)


def near_links(
    chunks: Iterable[tuple[np.ndarray, pa.Array | pa.ChunkedArray]], n: int, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Near-duplicate pairs (index a, index b) among n texts given as (positions, texts) chunks, by MinHash.

    At most WORKERS chunks are in memory at once (numpy releases the GIL, so they are signed in parallel);
    only the signatures are kept, each at its text's position."""
    sig: np.ndarray | None = None

    def place(idx: np.ndarray, part: np.ndarray) -> None:
        nonlocal sig
        if sig is None:
            sig = np.empty((n, part.shape[1]), dtype=part.dtype)
        sig[idx] = part

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending: deque = deque()
        for idx, texts in chunks:
            pending.append((idx, pool.submit(lambda c: minhash.signatures(minhash.normalize(c)), texts)))
            if len(pending) >= WORKERS:
                i, fut = pending.popleft()
                place(i, fut.result())
        for i, fut in pending:
            place(i, fut.result())
    if sig is None or n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return minhash.links(sig, threshold)


def exact_cross_pairs(hash_code: np.ndarray, parts: np.ndarray) -> int:
    """Pairs of samples with the same text_hash in different parts: per hash, (n² - Σ n_part²) / 2."""
    if not len(hash_code):
        return 0
    n_h = int(hash_code.max()) + 1
    per = np.zeros((n_h, len(PARTS)), dtype=np.int64)
    np.add.at(per, (hash_code.astype(np.int64), parts.astype(np.int64)), 1)
    tot = per.sum(axis=1)
    return int(((tot * tot - (per * per).sum(axis=1)) // 2).sum())


def audit(
    sample_ids: pa.Array,
    hash_code: np.ndarray,
    parts: np.ndarray,
    links: tuple[np.ndarray, np.ndarray] | None,
    threshold: float,
    examples: int = 5,
) -> dict[str, Any]:
    """The manifest's `leakage` section."""
    out: dict[str, Any] = {"exact_pairs_across_parts": exact_cross_pairs(hash_code, parts)}
    if links is None:
        out["near_duplicate"] = {"checked": False}
        return out
    a, b = links
    cross = parts[a] != parts[b]
    ids = sample_ids.to_numpy(zero_copy_only=False) if len(a) else np.zeros(0, object)
    out["near_duplicate"] = {
        "checked": True,
        "method": minhash.METHOD,
        "threshold": threshold,
        "links": int(len(a)),
        "links_across_parts": int(cross.sum()),
        "examples": [[str(ids[i]), str(ids[j])] for i, j in zip(a[cross][:examples], b[cross][:examples], strict=True)],
    }
    return out
