"""Near-duplicate links for the leakage audit: banded MinHash over character 5-grams, in numpy.

Texts are lower-cased and whitespace-collapsed by Arrow; 5-byte shingles are read straight off the Arrow data
buffer (no per-document Python). To bound the work on long texts, only shingles whose base hash falls in a fixed
1/m slice of the hash space are kept (m from the median text length): restricting every document to the same
sub-universe of shingles keeps the Jaccard similarity unbiased. 24 hashes in 6 bands of 4 rows put pairs with
Jaccard 0.8 in a shared bucket with probability 0.96; every bucket member is then checked against the bucket's
first member by the signatures' agreement, and kept as a link when it reaches the threshold.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.splits.keys import splitmix64

N_HASH, BANDS = 24, 6
ROWS = N_HASH // BANDS
SHINGLE = 5
TARGET_SHINGLES = 128
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_SEEDS = splitmix64(np.arange(1, N_HASH + 1, dtype=np.uint64) * np.uint64(0x632BE59BD9B4E019))
_MULS = _SEEDS | np.uint64(1)


def normalize(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    arr = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    arr = pc.utf8_lower(arr)
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"\s+", " ")).cast(pa.large_string())


def sample_rate(texts: pa.Array) -> int:
    lengths = pc.binary_length(texts).to_numpy(zero_copy_only=False)
    return max(1, int(np.median(lengths)) // TARGET_SHINGLES) if len(lengths) else 1


def signatures(texts: pa.Array, m: int) -> np.ndarray:
    """[n x N_HASH] uint64 MinHash signatures of normalized texts (all-max for texts shorter than a shingle)."""
    n = len(texts)
    _, off_buf, data_buf = texts.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64, count=n + 1, offset=texts.offset * 8)
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]].astype(np.uint64)
    offsets = offsets - offsets[0]
    sig = np.full((n, N_HASH), _EMPTY, dtype=np.uint64)
    if len(data) < SHINGLE:
        return sig
    sh = np.zeros(len(data) - SHINGLE + 1, dtype=np.uint64)
    for i in range(SHINGLE):
        sh |= data[i : len(data) - SHINGLE + 1 + i] << np.uint64(8 * i)
    doc = np.repeat(np.arange(n), np.diff(offsets))[: len(sh)]
    valid = np.arange(len(sh)) + SHINGLE <= offsets[doc + 1]
    base = splitmix64(sh)
    if m > 1:
        valid &= base % np.uint64(m) == 0
    base, doc = base[valid], doc[valid]
    if not len(base):
        return sig
    starts = np.searchsorted(doc, np.unique(doc))
    docs = doc[starts]
    with np.errstate(over="ignore"):
        for k in range(N_HASH):
            sig[docs, k] = np.minimum.reduceat(base * _MULS[k] + _SEEDS[k], starts)
    return sig


def links(sig: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Verified near-duplicate pairs (a, b), a < b: b shares an LSH bucket with a, its first member, and their
    signatures agree on at least `threshold` of the hashes. Texts without shingles are never linked."""
    n = len(sig)
    has = sig[:, 0] != _EMPTY
    pairs_a, pairs_b = [], []
    for band in range(BANDS):
        cols = sig[:, band * ROWS : (band + 1) * ROWS]
        h = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(ROWS):
                h = splitmix64(h ^ cols[:, j])
        idx = np.nonzero(has)[0]
        _, first, inverse, counts = np.unique(h[idx], return_index=True, return_inverse=True, return_counts=True)
        shared = counts[inverse] > 1
        member, rep = idx[shared], idx[first[inverse[shared]]]
        keep = member != rep
        member, rep = member[keep], rep[keep]
        agree = (sig[member] == sig[rep]).mean(axis=1) >= threshold - 1e-9
        pairs_a.append(rep[agree])
        pairs_b.append(member[agree])
    a, b = np.concatenate(pairs_a), np.concatenate(pairs_b)
    if not len(a):
        return a, b
    uniq = np.unique(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1), axis=0)
    return uniq[:, 0], uniq[:, 1]
