"""outliers_v1: our own length and character rules, cheap and language-independent.

Rules (first that fires is the reason): too_short (chars), too_few_words, too_long (chars),
mostly_non_letters (share of letters among non-space characters), symbol_word_ratio (# … and other
symbols per word), repeated_char_run (e.g. "!!!!!!!!!!!!" or "aaaaaaaaaaaaaa"; not digits), repeated_words
(share of distinct words, texts of ≥ 8 words: "buy now buy now buy now …").
"""

from __future__ import annotations

import re
from itertools import repeat

from datatrove.data import Document

from curator.stages.base import CuratorStep

LETTER = re.compile(r"[^\W\d_]")
SYMBOLS = re.compile(r"[#…@$%^&*=<>{}\[\]|~`\\]")
RUN = re.compile(r"([^\d\s])\1{%d,}")  # digits excluded: card numbers like 4111111111111111 are PII, not junk


class OutlierRules(CuratorStep):
    name = "outliers_v1"

    def __init__(
        self,
        min_chars: int = 20,
        min_words: int = 3,
        max_chars: int = 20_000,
        min_letter_ratio: float = 0.5,
        max_symbol_word_ratio: float = 0.3,
        max_char_run: int = 10,
        min_unique_word_ratio: float = 0.3,
    ) -> None:
        super().__init__(languages=None)
        self.min_chars, self.min_words, self.max_chars = min_chars, min_words, max_chars
        self.min_letter_ratio, self.max_symbol_word_ratio = min_letter_ratio, max_symbol_word_ratio
        self.max_char_run, self.min_unique_word_ratio = max_char_run, min_unique_word_ratio
        self._run = RUN.pattern % max_char_run if max_char_run > 0 else None

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        text = doc.text
        n_chars = len(text.strip())
        if n_chars < self.min_chars:
            return self.drop(f"too_short ({n_chars} < {self.min_chars} chars)")
        words = text.split()
        if len(words) < self.min_words:
            return self.drop(f"too_few_words ({len(words)} < {self.min_words})")
        if n_chars > self.max_chars:
            return self.drop(f"too_long ({n_chars} > {self.max_chars} chars)")
        visible = sum(map(len, words))  # str.split and \\s agree on what whitespace is
        letters = count_letters(text)
        if visible and letters / visible < self.min_letter_ratio:
            return self.drop(f"mostly_non_letters ({letters / visible:.2f} < {self.min_letter_ratio})")
        symbols = len(SYMBOLS.findall(text))
        if symbols / len(words) > self.max_symbol_word_ratio:
            return self.drop(f"symbol_word_ratio ({symbols / len(words):.2f} > {self.max_symbol_word_ratio})")
        if self._run and has_run(text, self.max_char_run, self._run):
            return self.drop(f"repeated_char_run (> {self.max_char_run} same characters)")
        if len(words) < 8:
            return True
        unique = len(set(map(str.strip, text.lower().split(), repeat(".,!?;:")))) / len(words)
        if unique < self.min_unique_word_ratio:
            return self.drop(f"repeated_words ({unique:.2f} < {self.min_unique_word_ratio} unique)")
        return True


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def count_letters(text: str) -> int:
    """Letters in text (Unicode letters: `[^\\W\\d_]`); ASCII text is counted with bytes.translate."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    return LETTER.subn("", text)[1]  # counted in C, not a Python loop over characters


def has_run(text: str, limit: int, pattern: str) -> bool:
    """A run of more than `limit` equal characters, not digits or spaces (the regex `pattern`)."""
    # cheap exact pre-check: a run of limit+1 equal characters holds `limit` equal neighbours in a row, and
    # str.count finds none of the usual ones quickly; the regex decides only when a candidate exists
    for ch in set(text[:: max(1, limit)]):
        if ch * (limit + 1) in text:
            return re.search(pattern, text) is not None
    return False
