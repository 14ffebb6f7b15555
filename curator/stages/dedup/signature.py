"""datatrove's MinHash signature step with a faster, identical shingling (`FastMinhashSignature`).

datatrove's `get_shingles` simplifies the text (lower case, numbers → 0, punctuation → space, whitespace runs →
one space, accents stripped), tokenizes it, and hashes every n-gram of words joined by a space. Most of its
time goes to stripping accents one character at a time (a generator over `unicodedata.category`) and to a
Python wrapper per hash. Here the same steps run with bulk string operations: ASCII text skips the accent step
(NFD leaves it unchanged and it has no combining marks), punctuation is replaced with `bytes.translate`, words
of an ASCII simplified text made only of letters, digits and spaces are `str.split()` (what the regex tokenizer
returns for it) whose n-grams are slices of it, the hashes are xxhash's C functions mapped over the n-grams, and
the signature's modulo 2**61 - 1 uses the Mersenne shift-and-add instead of a division. ASCII text with the
default normalization and 64-bit xxhash goes through compiled kernels instead (`kernels.py`: simplification,
n-gram XXH64 and the permutation minimum in one pass over bytes, ~8x faster). The signatures are byte-for-byte
datatrove's (tested), so buckets, clusters and the stock pipeline agree.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property
from itertools import accumulate

import numpy as np
import xxhash
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.dedup.minhash import MinhashDedupSignature
from datatrove.utils.text import (
    MONTHS_PATTERN,
    NUMBERS_PATTERN,
    PUNCTUATION,
    PUNCTUATION_TRANS,
    WEEKDAYS_PATTERN,
    TextNormConfig,
)
from datatrove.utils.typeshelper import StatHints

from curator.stages.dedup import kernels
from curator.stages.quality.tokenizer import FastTokenizer

_PUNCT_BYTES = bytes(c for c in range(128) if chr(c) in PUNCTUATION)
_ASCII_PUNCT = bytes.maketrans(_PUNCT_BYTES, b" " * len(_PUNCT_BYTES))  # PUNCTUATION_TRANS for ASCII bytes
_PUNCT_TABLE = np.array([c < 128 and chr(c) in PUNCTUATION for c in range(256)])


def simplify(text: str, config: TextNormConfig) -> str:
    """datatrove's `simplify_text`, the same output with bulk operations."""
    if config.lowercase:
        text = text.lower()
    if config.norm_numbers:
        text = NUMBERS_PATTERN.sub("0", text)
    if config.norm_weekdays:
        text = WEEKDAYS_PATTERN.sub("WEEKDAY", text)
    if config.norm_monthnames:
        text = MONTHS_PATTERN.sub("MONTH", text)
    ascii_ = text.isascii()
    if config.remove_punctuation:
        if ascii_:
            text = text.encode("ascii").translate(_ASCII_PUNCT).decode("ascii")
        else:
            text = text.translate(PUNCTUATION_TRANS)
    if config.norm_whitespace:  # = WHITESPACE_PATTERN.sub(" ", text.strip()): same whitespace as str.split
        text = " ".join(text.split())
    if config.norm_unicode_diacritics and not ascii_:
        text = _strip_marks(unicodedata.normalize("NFD", text))
    return text.strip()


def _strip_marks(text: str) -> str:
    """Remove the combining marks (category Mn), looking each distinct character up once."""
    marks = {ord(c): None for c in set(text) if not c.isascii() and unicodedata.category(c) == "Mn"}
    return text.translate(marks) if marks else text


class FastMinhashSignature(MinhashDedupSignature):
    """MinhashDedupSignature whose shingles come from `simplify` and C-level hashing (same values)."""

    def get_shingles(self, text: str) -> np.ndarray:
        n = self.config.n_grams
        if self._ascii_kernel and text.isascii():
            raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
            simplified = kernels.simplify_ascii(raw, _PUNCT_TABLE, self.config.norm_config.norm_numbers)
            return kernels.ngram_hashes(simplified, n).reshape((-1, 1))
        simplified = simplify(text, self.config.norm_config)
        if isinstance(self.word_tokenizer, FastTokenizer) and _plain(simplified):
            # words = simplified.split(), one space apart: an n-gram is a slice of the simplified text
            words = simplified.split()
            starts = [0, *accumulate(len(w) + 1 for w in words)]
            grams = [simplified[starts[i] : starts[i + n] - 1] for i in range(len(words) - n + 1)]
        else:
            words = self.word_tokenizer.word_tokenize(simplified)
            grams = [" ".join(g) for g in zip(*(words[i:] for i in range(n)), strict=False)]
        return np.fromiter(map(self._fast_hash, grams), dtype=np.uint64, count=len(grams)).reshape((-1, 1))

    def get_signature(self, shingles: np.ndarray) -> list[list[int]]:
        """datatrove's ((shingle * a + b) mod 2**64) mod (2**61 - 1) (masked to 32 bits at that precision),
        minimum per hash, split into buckets; compiled, with the Mersenne modulo as a shift, a mask and one
        conditional subtraction instead of a 64-bit division."""
        return self._minimums(shingles).reshape(self.config.num_buckets, self.config.hashes_per_bucket).tolist()

    def _minimums(self, shingles: np.ndarray) -> np.ndarray:
        a, b = self._flat_parameters
        hc = self.config.hash_config
        return kernels.min_permutations(shingles.ravel(), a, b, np.uint64(hc.max)).astype(hc.np_dtype)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> None:
        """datatrove's signature phase, writing the same sorted bucket files, with the signatures of the task
        kept in one array and each bucket sorted (np.lexsort) and written at once, not packed per record."""
        if self.skip_existing_sigs:
            return super().run(data, rank, world_size)
        with self.track_time():
            minimums, rows, seen = [], [], 0
            for doc_idx, doc in enumerate(data):
                seen = doc_idx + 1
                shingles = self.get_shingles(doc.text)
                if shingles.size != 0:
                    minimums.append(self._minimums(shingles))
                    rows.append(doc_idx)
            self.stat_update(StatHints.total, value=seen)
            hc, per = self.config.hash_config, self.config.hashes_per_bucket
            sigs = np.vstack(minimums) if minimums else np.empty((0, per * self.config.num_buckets), hc.np_dtype)
            for bucket in range(self.config.num_buckets):
                self._write_bucket(bucket, rank, sigs[:, bucket * per : (bucket + 1) * per], rows)
            self.keep_signatures(rank, sigs, rows, seen)

    def keep_signatures(self, rank: int, sigs: np.ndarray, rows: list[int], seen: int) -> None:
        """Hook for a subclass that needs each document's whole signature (minhash_dup_v2); nothing here."""

    def _write_bucket(self, bucket: int, rank: int, hashes: np.ndarray, rows: list[int]) -> None:
        per = self.config.hashes_per_bucket
        fmt = f"<{self.config.hash_config.struct_format}"
        dtype = np.dtype([(f"field{i + 1}", fmt) for i in range(per)] + [(f"field{per + 1}", "<I")])
        records = np.empty(len(rows), dtype=dtype)
        for i in range(per):
            records[f"field{i + 1}"] = hashes[:, i]
        records[f"field{per + 1}"] = rows
        order = np.lexsort((records[f"field{per + 1}"], *(hashes[:, i] for i in reversed(range(per)))))
        with self.output_folder.open(f"bucket_{bucket:03d}/{rank:05d}.minhash.sig", mode="wb") as out:
            out.write(records[order].tobytes())

    @cached_property
    def _flat_parameters(self) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.parameters
        return np.ascontiguousarray(a.ravel()), np.ascontiguousarray(b.ravel())

    @cached_property
    def _ascii_kernel(self) -> bool:
        """The compiled path computes datatrove's default normalization, FastTokenizer words and XXH64."""
        norm, hc = self.config.norm_config, self.config.hash_config
        default_norm = norm.lowercase and norm.remove_punctuation and norm.norm_whitespace
        return (
            isinstance(self.word_tokenizer, FastTokenizer)
            and default_norm
            and not norm.norm_weekdays
            and not norm.norm_monthnames
            and hc.hash_fc == "xxhash"
            and hc.precision == 64
        )

    @cached_property
    def _fast_hash(self):  # noqa: ANN202 - a C function, resolved once per step instead of once per document
        cfg = self.config.hash_config
        if cfg.hash_fc == "xxhash":
            return xxhash.xxh64_intdigest if cfg.precision == 64 else xxhash.xxh32_intdigest
        return self._hash_func


def _plain(text: str) -> bool:
    """ASCII letters, digits and single spaces only: the regex tokenizer's words are then text.split()."""
    return text.isascii() and (not text or text.replace(" ", "").isalnum())


def warm_up() -> None:
    """Load the compiled kernels (numba's cache) in this process, so that forked workers share them."""
    text = np.frombuffer(b"warm up the compiled minhash kernels 1.5", dtype=np.uint8)
    hashes = kernels.ngram_hashes(kernels.simplify_ascii(text, _PUNCT_TABLE, True), 5)
    kernels.min_permutations(hashes, hashes, hashes, np.uint64(2**64 - 1))
