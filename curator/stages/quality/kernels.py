"""Compiled (numba) n-gram rules of Gopher repetition, on word ids instead of word tuples.

`word_ids` numbers the words of a document (one dictionary per process: equal ids ⇔ equal words), and
`ngram_rule` evaluates the top n-gram and duplicated n-gram rules in datatrove's order with one open-addressing
hash table over n-gram positions (n-grams compared id by id, so the result is exact, not a hash estimate). It
returns the same verdict as `fast_rules._top_ngram_reason` / `_dup_ngram_reason` (tested on corpora and with
hypothesis), at a fraction of the cost of building and hashing tuples of words.
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64

_IDS: dict[str, int] = {}
_LENS = np.zeros(1 << 16, dtype=np.int64)  # length of the word with each id


def word_ids(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(id of each word as an int64 array, the length of every id so far)."""
    global _LENS
    try:
        ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    except KeyError:
        if len(_IDS) > 2_000_000:  # bounded memory; ids only need to agree within one document
            _IDS.clear()
        for w in set(words).difference(_IDS):
            if len(_IDS) == len(_LENS):
                _LENS = np.concatenate([_LENS, np.zeros_like(_LENS)])
            _LENS[len(_IDS)] = len(w)
            _IDS[w] = len(_IDS)
        ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    return ids, _LENS


@njit(cache=True)
def _same(ids: np.ndarray, i: int, j: int, n: int) -> bool:
    k = 0
    while k < n and ids[i + k] == ids[j + k]:  # a loop numba compiles (not all() over a generator)
        k += 1
    return k == n


@njit(cache=True)
def _chars(ids: np.ndarray, lens: np.ndarray, i: int, n: int) -> int:
    total = 0
    for k in range(n):
        total += lens[ids[i + k]]
    return total


@njit(cache=True)
def _slot(ids: np.ndarray, i: int, n: int, mask: int) -> int:
    h = uint64(14695981039346656037)
    for k in range(n):
        h = (h ^ uint64(ids[i + k])) * uint64(1099511628211)
    h ^= h >> uint64(29)
    return np.int64(h & uint64(mask))  # int64: uint64 + int64 would be a float in numba


@njit(cache=True, nogil=True)
def top_ngram(ids: np.ndarray, lens: np.ndarray, n: int) -> tuple[int, int]:
    """(count of the most common n-gram, its characters with separators); the first one seen wins ties.
    `lens`: the length of each word id."""
    m = ids.shape[0] - n + 1
    if m <= 0:
        return 0, 0
    table = np.full(1 << int(np.ceil(np.log2(2 * m + 2))), -1, dtype=np.int64)
    mask = table.shape[0] - 1
    counts = np.zeros(m, dtype=np.int64)
    for i in range(m):  # find the slot of an equal n-gram or an empty one (written out: a call per n-gram is slow)
        slot = _slot(ids, i, n, mask)
        while table[slot] != -1 and not _same(ids, table[slot], i, n):
            slot = (slot + 1) & mask
        if table[slot] == -1:
            table[slot] = i
        counts[table[slot]] += 1
    best = 0
    for i in range(m):
        if counts[i] > counts[best]:
            best = i
    return counts[best], _chars(ids, lens, best, n) + n - 1


@njit(cache=True, nogil=True)
def repeated_chars(ids: np.ndarray, lens: np.ndarray, n: int) -> int:
    """datatrove's find_all_duplicate: scan the n-grams, skip n words past each repeat, sum repeated word chars."""
    m = ids.shape[0] - n + 1
    if m < 2:
        return 0
    table = np.full(1 << int(np.ceil(np.log2(2 * m + 2))), -1, dtype=np.int64)
    mask = table.shape[0] - 1
    repeated, idx = 0, 0
    while idx < m:
        slot = _slot(ids, idx, n, mask)
        while table[slot] != -1 and not _same(ids, table[slot], idx, n):
            slot = (slot + 1) & mask
        if table[slot] != -1:
            repeated += _chars(ids, lens, idx, n)
            idx += n
        else:
            table[slot] = idx
            idx += 1
    return repeated


@njit(cache=True, nogil=True)
def ngram_rule(
    ids: np.ndarray, lens: np.ndarray, text_len: int, top_ns: np.ndarray, top_fracs: np.ndarray,
    dup_ns: np.ndarray, dup_fracs: np.ndarray,
) -> int:  # fmt: skip
    """Index of the first rule that fires: i < len(top_ns) for top_ns[i], len(top_ns) + j for dup_ns[j]; -1."""
    for i in range(top_ns.shape[0]):
        n = top_ns[i]
        if ids.shape[0] < n:
            continue
        count, size = top_ngram(ids, lens, n)
        if size * count / text_len > top_fracs[i]:
            return i
    first = -1  # the smallest n: when none of its n-grams repeats, no longer one does either
    for j in range(dup_ns.shape[0]):
        if first == -1 or dup_ns[j] < dup_ns[first]:
            first = j
    if first == -1 or repeated_chars(ids, lens, dup_ns[first]) == 0:
        return -1
    for j in range(dup_ns.shape[0]):
        repeated = repeated_chars(ids, lens, dup_ns[j])
        if repeated and repeated / text_len > dup_fracs[j]:
            return top_ns.shape[0] + j
    return -1
