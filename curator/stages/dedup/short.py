"""Character shingles for short texts, the character MinHash signature step, and exact Jaccard of text pairs.

Word 5-gram MinHash cannot see a short text's near duplicates: a 10-word text has 6 word 5-grams, a 2-word prefix
("[WIP] …", "FYI: …") adds 2 and one changed word removes up to 5. Runs of `k` characters of the same simplified
text (datatrove's `simplify_text`: lower case, numbers → 0, punctuation → space, whitespace runs → one space,
accents stripped) change by about `len(word) + k` per changed word, so the Jaccard similarity of their sets keeps
an edited short text close to its original and two different texts sharing a template apart (docs/curation.md
has the measured figures). Shingles are the XXH64 of each run's UTF-32-LE bytes (kernels.char_ngram_hashes).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from datatrove.utils.text import TextNormConfig

from curator.stages.dedup import kernels
from curator.stages.dedup.signature import _PUNCT_TABLE, FastMinhashSignature, simplify

_NORM = TextNormConfig(norm_numbers=False)  # digits kept: "version 4.5.0" and "version 3.7.3" differ


def simplified_codes(text: str) -> np.ndarray:
    """datatrove's simplified text as uint32 code points (the compiled path for ASCII)."""
    if text.isascii():
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        return kernels.simplify_ascii(raw, _PUNCT_TABLE, False).astype(np.uint32)
    return np.frombuffer(simplify(text, _NORM).encode("utf-32-le"), dtype=np.uint32)


def char_shingles(text: str, k: int) -> np.ndarray:
    """The hashes of every run of k characters of the simplified text (repeats kept, unsorted)."""
    return kernels.char_ngram_hashes(simplified_codes(text), k)


class CharMinhashSignature(FastMinhashSignature):
    """The signature phase over character k-grams (k = config.n_grams) of texts shorter than `short_chars`;
    longer texts get no signature here (the word phase signs them). Same files as datatrove's signature step."""

    def __init__(self, *args: object, short_chars: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.short_chars = short_chars

    def get_shingles(self, text: str) -> np.ndarray:
        if len(text) >= self.short_chars:
            return np.empty((0, 1), dtype=np.uint64)
        return char_shingles(text, self.config.n_grams).reshape((-1, 1))

    @cached_property
    def _ascii_kernel(self) -> bool:
        return False  # get_shingles above is the whole shingling


def shingle_sets(texts: list[str], shingle: object) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct shingles of each text, concatenated, and the offsets of each text's part."""
    parts = [np.unique(np.asarray(shingle(t), dtype=np.uint64).ravel()) for t in texts]  # type: ignore[operator]
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(p) for p in parts])
    values = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    return values, offsets


def jaccard(a_texts: list[str], b_texts: list[str], shingle: object) -> np.ndarray:
    """Exact Jaccard similarity of the shingle sets of a_texts[i] and b_texts[i] for every i."""
    values, offsets = shingle_sets([*a_texts, *b_texts], shingle)
    n = len(a_texts)
    return kernels.pair_jaccard(values, offsets, np.arange(n), np.arange(n, 2 * n))
