"""Near-duplicate links for the leakage audit: one-permutation MinHash over word-anchored 8-byte shingles, in numpy.

Cost is what matters at a million texts on two cores, so: texts are ASCII-lower-cased by Arrow; a shingle is the 8 bytes
that start at each word (read off the Arrow data buffer, no per-document Python), hashed once; the top 4 bits of
the hash pick one of 16 bins and each text keeps its minimum per bin (one-permutation hashing, Li et al. 2012).
4 bands of 4 bins bucket candidate pairs (a pair with Jaccard 0.8 shares a bucket with probability 0.88, 0.9:
0.99); empty bins of short texts are densified; every bucket member is then checked against the bucket's first
member — the share of bins on which they agree must reach the threshold. Texts without a shingle are never linked.

Why not the dedup stage's MinHash (curator.stages.dedup.near, datatrove's definition: 5-word shingles, 14 buckets
x 8 hashes, a pair is a near duplicate when one bucket's 8 hashes all agree)? That definition decides which
samples are dropped, and the split builder already honours it: samples in one dedup cluster (`dup_cluster`) are
grouped into one part. This audit is a second, in-memory check inside `build-split` (no run folder, no datatrove
phases, 1M candidates in ~26 s on 2 cores) for pairs the dedup stage did not see or kept apart, at the user's
`--near-threshold`; its links only group samples, they never drop one. So the project's "near duplicate" (a drop
reason) is the dedup stage's; a split's "near-duplicate link" is this one, and the split card names its method.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.splits.keys import splitmix64

N_BINS, BANDS = 16, 4
ROWS = N_BINS // BANDS
SHINGLE = 8
METHOD = f"one-permutation minhash, word-anchored {SHINGLE}-byte shingles, {N_BINS} bins, {BANDS} bands"
EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_VALUE_MASK = np.uint64((1 << 60) - 1)
_C1, _C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def normalize(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    arr = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    return pc.ascii_lower(arr).cast(pa.large_string())  # ASCII-only folding: ~3x cheaper than utf8_lower


def _shingles(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(document index, 8-byte shingle as uint64) for every word start whose 8 bytes lie inside its text."""
    n = len(texts)
    _, off_buf, data_buf = texts.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64, count=n + 1, offset=texts.offset * 8)
    raw = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    space = raw <= 32
    start = ~space
    start[1:] &= space[:-1]
    first = offsets[:-1][np.diff(offsets) > 0]  # a text's first byte starts a word unless it is a space
    start[first] = ~space[first]
    pos = np.nonzero(start)[0]
    doc = np.searchsorted(offsets, pos, side="right") - 1
    keep = pos + SHINGLE <= offsets[doc + 1]
    pos, doc = pos[keep], doc[keep]
    padded = np.concatenate([raw, np.zeros(SHINGLE, np.uint8)])
    windows = np.ndarray(shape=(len(raw),), dtype="<u8", buffer=padded.data, offset=0, strides=(1,))
    sh = windows[pos]  # the 8 bytes at each word start, one unaligned gather
    return doc, sh


def signatures(texts: pa.Array) -> np.ndarray:
    """[n x N_BINS] uint64 signatures of normalized texts (EMPTY where a bin got no shingle)."""
    sig = np.full(len(texts) * N_BINS, EMPTY, dtype=np.uint64)
    doc, sh = _shingles(texts)
    with np.errstate(over="ignore"):
        h = sh * _C1
        h ^= h >> np.uint64(29)
        h *= _C2
        h ^= h >> np.uint64(32)
    np.minimum.at(sig, doc * N_BINS + (h >> np.uint64(60)).astype(np.int64), h & _VALUE_MASK)
    return densify(sig.reshape(len(texts), N_BINS))


def densify(sig: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the nearest non-empty bin to its right (circular), salted by the distance
    (rotation densification, Shrivastava & Li 2014), so short texts compare on all bins. All-empty rows stay."""
    sig = sig.copy()
    rows = np.nonzero((sig == EMPTY).any(axis=1) & (sig != EMPTY).any(axis=1))[0]
    doubled = np.concatenate([sig[rows], sig[rows]], axis=1)
    with np.errstate(over="ignore"):
        for step in range(1, N_BINS):  # rows leave the loop once filled: most need one or two steps
            if not len(rows):
                break
            out = sig[rows]
            shifted = doubled[:, step : step + N_BINS]
            fill = (out == EMPTY) & (shifted != EMPTY)
            out[fill] = (shifted[fill] + np.uint64(step) * _C1) & _VALUE_MASK
            sig[rows] = out
            left = (out == EMPTY).any(axis=1)
            rows, doubled = rows[left], doubled[left]
    return sig


def _band_buckets(sig: np.ndarray, band: int) -> tuple[np.ndarray, np.ndarray]:
    """(member, bucket representative) for texts sharing this band's bins with an earlier text."""
    cols = sig[:, band * ROWS : (band + 1) * ROWS]
    idx = np.nonzero(sig[:, 0] != EMPTY)[0]  # after densification a row is all filled or all empty
    h = np.zeros(len(idx), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(ROWS):
            h = splitmix64(h ^ cols[idx, j])
    _, first, inverse, counts = np.unique(h, return_index=True, return_inverse=True, return_counts=True)
    shared = counts[inverse] > 1
    member, rep = idx[shared], idx[first[inverse[shared]]]
    keep = member != rep
    return member[keep], rep[keep]


def links(sig: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Verified near-duplicate pairs (a, b), a < b, by the share of agreeing non-empty bins."""
    pairs_a, pairs_b = [], []
    for band in range(BANDS):
        member, rep = _band_buckets(sig, band)
        ok = (sig[rep] == sig[member]).mean(axis=1) >= threshold - 1e-9
        pairs_a.append(rep[ok])
        pairs_b.append(member[ok])
    a, b = np.concatenate(pairs_a), np.concatenate(pairs_b)
    if not len(a):
        return a.astype(np.int64), b.astype(np.int64)
    uniq = np.unique(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1), axis=0)
    return uniq[:, 0], uniq[:, 1]
