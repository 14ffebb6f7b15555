"""Compiled (numba) kernels of the MinHash signature step: ASCII simplification, XXH64 of every word n-gram,
and the minimum of each hash permutation.

They compute exactly what datatrove's `simplify_text` + regex word tokenizer + `xxhash.xxh64_intdigest` +
`MinhashDedupSignature.get_signature` compute for ASCII text (tested value for value against datatrove and the
xxhash package); other text takes the Python path in `signature.py`. `cache=True` keeps the machine code in
`__pycache__`, so only the first process after an install compiles (about two seconds).
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64

_P1 = uint64(11400714785074694791)
_P2 = uint64(14029467366897019727)
_P3 = uint64(1609587929392839161)
_P4 = uint64(9650029242287828579)
_P5 = uint64(2870177450012600261)
_MERSENNE = uint64((1 << 61) - 1)
_ALL_ONES = uint64(0xFFFFFFFFFFFFFFFF)


@njit(inline="always")
def _rotl(x: uint64, r: int) -> uint64:
    return (x << uint64(r)) | (x >> uint64(64 - r))


@njit(inline="always")
def _read(buf: np.ndarray, i: int, width: int) -> uint64:
    """`width` bytes at i as a little-endian integer."""
    v = uint64(0)
    for k in range(width - 1, -1, -1):
        v = (v << uint64(8)) | uint64(buf[i + k])
    return v


@njit(inline="always")
def _round(acc: uint64, lane: uint64) -> uint64:
    return _rotl(acc + lane * _P2, 31) * _P1


@njit(inline="always")
def _merge(h: uint64, v: uint64) -> uint64:
    return (h ^ _round(uint64(0), v)) * _P1 + _P4


@njit(cache=True, nogil=True)
def xxh64(buf: np.ndarray, start: int, end: int) -> uint64:
    """XXH64 (seed 0) of buf[start:end], the value of `xxhash.xxh64_intdigest(bytes(buf[start:end]))`."""
    i, n = start, end - start
    if n >= 32:
        v1, v2, v3, v4 = _P1 + _P2, _P2, uint64(0), uint64(0) - _P1
        while i + 32 <= end:
            v1 = _round(v1, _read(buf, i, 8))
            v2 = _round(v2, _read(buf, i + 8, 8))
            v3 = _round(v3, _read(buf, i + 16, 8))
            v4 = _round(v4, _read(buf, i + 24, 8))
            i += 32
        h = _rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)
        h = _merge(_merge(_merge(_merge(h, v1), v2), v3), v4)
    else:
        h = _P5
    h += uint64(n)
    while i + 8 <= end:
        h = _rotl(h ^ _round(uint64(0), _read(buf, i, 8)), 27) * _P1 + _P4
        i += 8
    if i + 4 <= end:
        h = _rotl(h ^ (_read(buf, i, 4) * _P1), 23) * _P2 + _P3
        i += 4
    while i < end:
        h = _rotl(h ^ (uint64(buf[i]) * _P5), 11) * _P1
        i += 1
    h ^= h >> uint64(33)
    h *= _P2
    h ^= h >> uint64(29)
    h *= _P3
    return h ^ (h >> uint64(32))


@njit(cache=True, nogil=True)
def simplify_ascii(src: np.ndarray, punct: np.ndarray, numbers: bool) -> np.ndarray:
    """datatrove's default `simplify_text` of ASCII bytes: lower case, digit runs (with one `.`/`,` decimal
    part) → "0", punctuation (`punct[byte]`) → space, whitespace runs → one space, stripped."""
    out = np.empty(src.shape[0], dtype=np.uint8)
    n, i, m = src.shape[0], 0, 0
    pending_space = False
    while i < n:
        c = src[i]
        if numbers and 48 <= c <= 57:
            while i < n and 48 <= src[i] <= 57:
                i += 1
            if i + 1 < n and (src[i] == 46 or src[i] == 44) and 48 <= src[i + 1] <= 57:
                i += 1
                while i < n and 48 <= src[i] <= 57:
                    i += 1
            c, i = 48, i - 1
        elif 65 <= c <= 90:
            c += 32
        if punct[c] or c == 32 or 9 <= c <= 13 or 28 <= c <= 31:
            pending_space = m > 0
        else:
            if pending_space:
                out[m] = 32
                m += 1
                pending_space = False
            out[m] = c
            m += 1
        i += 1
    return out[:m]


@njit(cache=True, nogil=True)
def ngram_hashes(text: np.ndarray, n_grams: int) -> np.ndarray:
    """XXH64 of every run of `n_grams` words of a simplified text (words one space apart)."""
    starts = np.empty(text.shape[0] + 2, dtype=np.int64)
    starts[0], words = 0, 1
    for i in range(text.shape[0]):
        if text[i] == 32:
            starts[words] = i + 1
            words += 1
    starts[words] = text.shape[0] + 1
    count = words - n_grams + 1
    if text.shape[0] == 0 or count <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.empty(count, dtype=np.uint64)
    for g in range(count):
        out[g] = xxh64(text, starts[g], starts[g + n_grams] - 1)
    return out


@njit(cache=True, nogil=True)
def min_permutations(hashes: np.ndarray, a: np.ndarray, b: np.ndarray, mask: uint64) -> np.ndarray:
    """For each permutation j: min over shingles of (((h * a[j] + b[j]) mod 2**64) mod (2**61 - 1)) & mask."""
    k = a.shape[0]
    out = np.full(k, _ALL_ONES, dtype=np.uint64)
    for i in range(hashes.shape[0]):
        h = hashes[i]
        for j in range(k):
            v = h * a[j] + b[j]
            v = (v & _MERSENNE) + (v >> uint64(61))
            if v >= _MERSENNE:
                v -= _MERSENNE
            v &= mask
            if v < out[j]:
                out[j] = v
    return out


@njit(cache=True, nogil=True)
def char_ngram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """XXH64 of every run of `k` characters of a simplified text given as uint32 code points (its UTF-32-LE
    bytes); a text shorter than k is one shingle, an empty text none."""
    n = codes.shape[0]
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    buf = codes.view(np.uint8)
    count = max(1, n - k + 1)
    out = np.empty(count, dtype=np.uint64)
    for g in range(count):
        out[g] = xxh64(buf, 4 * g, 4 * min(g + k, n))
    return out


@njit(cache=True, nogil=True)
def pair_jaccard(values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaccard of the sorted, distinct shingle sets values[offsets[i]:offsets[i + 1]] for every pair (a[p], b[p])."""
    out = np.zeros(a.shape[0], dtype=np.float64)
    for p in range(a.shape[0]):
        i, i_end = offsets[a[p]], offsets[a[p] + 1]
        j, j_end = offsets[b[p]], offsets[b[p] + 1]
        total, common = (i_end - i) + (j_end - j), 0
        while i < i_end and j < j_end:
            if values[i] == values[j]:
                common += 1
                i += 1
                j += 1
            elif values[i] < values[j]:
                i += 1
            else:
                j += 1
        if total > common:
            out[p] = common / (total - common)
    return out
