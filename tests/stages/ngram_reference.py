"""A readable Python version of the Gopher top and duplicated n-gram rules, to check the compiled kernel against.

Not production code: the quality stage runs `fast_rules.ngram_reason` (the numba kernel `kernels.ngram_rule`).
datatrove's GopherRepetitionFilter is the reference for verdicts (tests/stages/test_fast_rules.py compares the
steps with `impl: stock`); this version differs from datatrove in one documented way (fast_rules' docstring):
duplicated n-grams are compared as word sequences, not as words joined without a separator. It lets hypothesis
check the kernel on any rule list, which datatrove's joined comparison would blur.
"""

from __future__ import annotations

from collections import Counter
from itertools import accumulate
from operator import itemgetter

from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter


def ngram_reason(text: str, words: list[str], r: GopherRepetitionFilter) -> str | None:
    """The first top or duplicated n-gram rule `text` breaks, in datatrove's order, or None."""
    return top_ngram_reason(text, words, r) or dup_ngram_reason(text, words, r)


def top_ngram_reason(text: str, words: list[str], r: GopherRepetitionFilter) -> str | None:
    """Characters of the most frequent n-gram (words joined by a space) times its count, over len(text).

    Two bounds skip counting when the rule cannot fire. k occurrences of an n-gram hold k occurrences of each of
    its words, so k × its length ≤ Σ count(word) × (len(word) + 1) ≤ n × the largest such word share; and an
    n-gram occurs at most as often as its shorter prefix, spanning at most n × (longest word + 1) characters."""
    unigrams = Counter(words)
    share = max((k * (len(w) + 1) for w, k in unigrams.items()), default=0)
    longest = max(map(len, unigrams), default=0) + 1
    done: dict[int, int] = {}  # n → count of its most common n-gram
    for n, frac in r.top_n_grams:
        if len(words) < n or n * share / len(text) <= frac:
            continue
        bound = min((c for m, c in done.items() if m < n), default=None)
        if bound is not None and bound * n * longest / len(text) <= frac:
            continue
        counts = unigrams if n == 1 else Counter(_ngrams(words, n))  # tuples of words: no joined strings built
        gram, count = max(counts.items(), key=itemgetter(1))  # the first most common, like most_common(1)
        done[n] = count
        size = len(gram) if n == 1 else sum(map(len, gram)) + n - 1
        if size * count / len(text) > frac:
            return f"top_{n}_gram"
    return None


def dup_ngram_reason(text: str, words: list[str], r: GopherRepetitionFilter) -> str | None:
    """datatrove's find_all_duplicate on word sequences: scan the n-grams, skip past each repeat, and count
    the repeated characters (word characters, no separators, as datatrove counts them).

    When no sequence of the smallest n repeats, no longer one does either: most documents stop there."""
    sizes = sorted(n for n, _ in r.dup_n_grams)
    if not sizes or len(words) - sizes[0] + 1 < 2:
        return None
    first = list(_ngrams(words, sizes[0]))
    if len(set(first)) == len(first):
        return None
    offsets = [0, *accumulate(map(len, words))]
    for n, frac in r.dup_n_grams:
        grams = list(_ngrams(words, n))
        if len(grams) < 2 or len(set(grams)) == len(grams):
            continue  # nothing repeats: 0 repeated characters
        if _repeated_chars(grams, offsets, n) / len(text) > frac:
            return f"duplicated_{n}_n_grams"
    return None


def _ngrams(words: list[str], n: int) -> zip:
    """Every n-word sequence of words, as tuples (zip stops at the shortest slice)."""
    return zip(*(words[i:] for i in range(n)), strict=False)


def _repeated_chars(grams: list[tuple[str, ...]], offsets: list[int], n: int) -> int:
    seen: set[tuple[str, ...]] = set()
    repeated, idx = 0, 0
    while idx < len(grams):
        gram = grams[idx]
        if gram in seen:
            repeated += offsets[idx + n] - offsets[idx]
            idx += n
        else:
            seen.add(gram)
            idx += 1
    return repeated
