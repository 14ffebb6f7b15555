"""Compiled (numba) word statistics and n-gram rules of the quality stage, on word ids instead of strings.

`ascii_words` tokenizes ASCII text like FastTokenizer (WORDS regex) and returns per-document word ids (equal
ids ⇔ equal words, compared byte for byte), lengths and the Gopher word classes; `word_ids` numbers a token
list (one dictionary per process) for other text. `ngram_rule` evaluates the top n-gram and duplicated n-gram
rules in datatrove's order with one open-addressing hash table over n-gram positions (n-grams compared id by
id, so the result is exact, not a hash estimate). It returns the same verdict as the readable Python version in
tests/stages/ngram_reference.py (tested on corpora and with hypothesis), at a fraction of the cost of tuples of words.
"""

from __future__ import annotations

import numpy as np
from numba import njit, uint64

_IDS: dict[str, int] = {}


def word_ids(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(id of each word, length of each word) as int64 arrays."""
    try:
        ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    except KeyError:
        if len(_IDS) > 2_000_000:  # bounded memory; ids only need to agree within one document
            _IDS.clear()
        for w in set(words).difference(_IDS):
            _IDS[w] = len(_IDS)
        ids = np.fromiter(map(_IDS.__getitem__, words), dtype=np.int64, count=len(words))
    return ids, np.fromiter(map(len, words), dtype=np.int64, count=len(words))


def _table(test) -> np.ndarray:  # noqa: ANN001
    return np.array([test(chr(c)) for c in range(128)] + [False] * 128)


_SPACE = _table(str.isspace)  # what str.split and the regex \s split on
_WORD = _table(lambda c: c.isalnum() or c == "_")  # \w
_ALNUM = _table(str.isalnum)  # an ASCII word without one is all punctuation: a Gopher symbol word
_ALPHA = _table(str.isalpha)


@njit(cache=True, nogil=True)
def ascii_words(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, int, int]:
    """FastTokenizer's words of ASCII bytes: (ids, lengths, symbol words, their characters, alphabetic words).

    Tokens: \\w+ runs joined by - ' . between word characters, or one character that is neither \\w nor space."""
    n = buf.shape[0]
    starts = np.empty(n, dtype=np.int64)
    lens = np.empty(n, dtype=np.int64)
    k, i = 0, 0
    while i < n:
        if _SPACE[buf[i]]:
            i += 1
            continue
        j = i + 1
        if _WORD[buf[i]]:
            while True:
                while j < n and _WORD[buf[j]]:
                    j += 1
                if j + 1 < n and (buf[j] == 45 or buf[j] == 39 or buf[j] == 46) and _WORD[buf[j + 1]]:
                    j += 2
                else:
                    break
        starts[k], lens[k] = i, j - i
        k, i = k + 1, j
    ids, n_symbol, symbol_chars, n_alpha = _number_tokens(buf, starts[:k], lens[:k])
    return ids, lens[:k], n_symbol, symbol_chars, n_alpha


@njit(cache=True, nogil=True)
def _number_tokens(buf: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> tuple[np.ndarray, int, int, int]:
    k = starts.shape[0]
    ids = np.empty(k, dtype=np.int64)
    table = np.full(1 << int(np.ceil(np.log2(2 * k + 2))), -1, dtype=np.int64)
    mask = table.shape[0] - 1
    n_symbol, symbol_chars, n_alpha, next_id = 0, 0, 0, 0
    for t in range(k):
        h, alnum, alpha = uint64(14695981039346656037), False, False
        for p in range(starts[t], starts[t] + lens[t]):
            h = (h ^ uint64(buf[p])) * uint64(1099511628211)
            alnum |= _ALNUM[buf[p]]
            alpha |= _ALPHA[buf[p]]
        if not alnum:
            n_symbol, symbol_chars = n_symbol + 1, symbol_chars + lens[t]
        n_alpha += alpha
        slot = np.int64((h ^ (h >> uint64(29))) & uint64(mask))
        while table[slot] != -1 and not _same_bytes(buf, starts[table[slot]], lens[table[slot]], starts[t], lens[t]):
            slot = (slot + 1) & mask
        if table[slot] == -1:
            table[slot], next_id = t, next_id + 1
            ids[t] = next_id - 1
        else:
            ids[t] = ids[table[slot]]
    return ids, n_symbol, symbol_chars, n_alpha


@njit(cache=True)
def _same_bytes(buf: np.ndarray, a: int, a_len: int, b: int, b_len: int) -> bool:
    if a_len != b_len:
        return False
    k = 0
    while k < a_len and buf[a + k] == buf[b + k]:
        k += 1
    return k == a_len


@njit(cache=True)
def _same(ids: np.ndarray, i: int, j: int, n: int) -> bool:
    k = 0
    while k < n and ids[i + k] == ids[j + k]:  # a loop numba compiles (not all() over a generator)
        k += 1
    return k == n


@njit(cache=True)
def _slot(ids: np.ndarray, i: int, n: int, mask: int) -> int:
    h = uint64(14695981039346656037)
    for k in range(n):
        h = (h ^ uint64(ids[i + k])) * uint64(1099511628211)
    h ^= h >> uint64(29)
    return np.int64(h & uint64(mask))  # int64: uint64 + int64 would be a float in numba


@njit(cache=True, nogil=True)
def top_ngram(ids: np.ndarray, lens: np.ndarray, n: int) -> tuple[int, int]:
    """(count of the most common n-gram, its characters with separators); the first one seen wins ties."""
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
    return counts[best], lens[best : best + n].sum() + n - 1


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
            repeated += lens[idx : idx + n].sum()
            idx += n
        else:
            table[slot] = idx
            idx += 1
    return repeated


@njit(cache=True, nogil=True)
def ngram_rule(
    ids: np.ndarray,
    lens: np.ndarray,
    text_len: int,
    top_ns: np.ndarray,
    top_fracs: np.ndarray,
    dup_ns: np.ndarray,
    dup_fracs: np.ndarray,
) -> int:
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
