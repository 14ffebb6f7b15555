"""The v2 quality steps (issue 15): the v1 rules fit for short and technical texts (curator.stages.quality.short_rules).

- `outliers_v2`: symbols per word leave out references (`#512`), inline `code`, brackets and ellipses and judge
  only texts with ≥ `min_symbols` symbols; the non-letter share counts letters against symbols (digits are data:
  versions, ids, "1984"); new rules: `pasted_diff`, `encoded_blob` (base64/hex runs), `hex_dump` (hexdump/xxd
  lines), `address_dump` (backtraces: lines with 0x addresses) and `keyboard_mash` (short_rules.mash_token).
- `gopher_quality_v2`: Gopher's rules, length-aware (average word length and ellipses from `min_words` words, line
  shares from `min_lines` lines), references are no hashes, the alphabetic share is over words.
- `fineweb_quality_v2`: FineWeb's rules, the short-line and list ratios from `min_lines` lines.
The v1 steps are unchanged (recipes that name them judge as before); each v2 step keeps its v1 reasons' names.
"""

from __future__ import annotations

import re
from itertools import repeat

from datatrove.data import Document

from curator.stages.quality import short_rules
from curator.stages.quality.datatrove_filters import ENGLISH, FineWebQuality, GopherQuality
from curator.stages.quality.outliers import OutlierRules, count_letters, has_run
from curator.stages.quality.words import doc_words

SYMBOLS_V2 = tuple("#@$%^&*=|~\\")  # v1's set without brackets, backticks and the ellipsis
DIGIT = re.compile(r"\d")
_ASCII_DIGITS = b"0123456789"


def count_digits(text: str) -> int:
    """Digits in text (`\\d`), counted in C."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_DIGITS))
    return DIGIT.subn("", text)[1]


class OutlierRulesV2(OutlierRules):
    name = "outliers_v2"

    def __init__(
        self,
        min_chars: int = 1,
        min_words: int = 1,
        max_chars: int = 20_000,
        min_letter_ratio: float = 0.5,
        max_symbol_word_ratio: float = 0.3,
        min_symbols: int = 3,
        max_char_run: int = 10,
        min_unique_word_ratio: float = 0.3,
        max_blob_share: float = 0.5,
        drop_diffs: bool = True,
        max_mash_share: float = 0.4,
        max_address_lines: float = 0.5,
    ) -> None:
        super().__init__(
            min_chars,
            min_words,
            max_chars,
            min_letter_ratio,
            max_symbol_word_ratio,
            max_char_run,
            min_unique_word_ratio,
        )
        self.min_symbols, self.max_blob_share, self.drop_diffs = min_symbols, max_blob_share, drop_diffs
        self.max_mash_share, self.max_address_lines = max_mash_share, max_address_lines

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
        return self.content_rules(text, words)

    def content_rules(self, text: str, words: list[str]) -> bool | tuple[bool, str]:
        letters = count_letters(text)
        others = sum(map(len, words)) - letters - count_digits(text)  # symbols: neither letter nor digit
        if letters + others and letters / (letters + others) < self.min_letter_ratio:
            return self.drop(f"mostly_non_letters ({letters / (letters + others):.2f} < {self.min_letter_ratio})")
        if self.drop_diffs and short_rules.is_diff(text):
            return self.drop("pasted_diff")
        share = short_rules.blob_share(text) if max(map(len, words)) >= short_rules.BLOB_CHARS else 0.0
        if share > self.max_blob_share:
            return self.drop(f"encoded_blob ({share:.2f} > {self.max_blob_share} of the text)")
        share = short_rules.hex_dump_lines(text)
        if share > self.max_address_lines:
            return self.drop(f"hex_dump ({share:.2f} > {self.max_address_lines} of the lines)")
        share = short_rules.address_lines(text)
        if share > self.max_address_lines:
            return self.drop(f"address_dump ({share:.2f} > {self.max_address_lines} of the lines)")
        share, voters = short_rules.mash_share(text)
        if voters >= 2 and share >= self.max_mash_share:
            return self.drop(f"keyboard_mash ({share:.2f} >= {self.max_mash_share} of the words)")
        plain = short_rules.without_code(text)
        symbols = sum(map(plain.count, SYMBOLS_V2)) - plain.count("#") + short_rules.hashes(plain)
        if symbols >= self.min_symbols and symbols / len(words) > self.max_symbol_word_ratio:
            return self.drop(f"symbol_word_ratio ({symbols / len(words):.2f} > {self.max_symbol_word_ratio})")
        if self._run and has_run(text, self.max_char_run, self._run):
            return self.drop(f"repeated_char_run (> {self.max_char_run} same characters)")
        if len(words) < 8:
            return True
        unique = len(set(map(str.strip, text.lower().split(), repeat(".,!?;:")))) / len(words)
        if unique < self.min_unique_word_ratio:
            return self.drop(f"repeated_words ({unique:.2f} < {self.min_unique_word_ratio} unique)")
        return True


class GopherQualityV2(GopherQuality):
    name = "gopher_quality_v2"

    def __init__(
        self,
        languages: list[str] = ENGLISH,
        tokenizer: str = "fast",
        min_doc_words: int = 1,
        max_doc_words: int = 100_000,
        min_avg_word_length: float = 2.5,
        max_avg_word_length: float = 12,
        max_symbol_word_ratio: float = 0.1,
        max_bullet_lines_ratio: float = 0.9,
        max_ellipsis_lines_ratio: float = 0.3,
        max_non_alpha_words_ratio: float = 0.6,
        min_stop_words: int = 0,
        min_words: int = 20,
        min_lines: int = 4,
    ) -> None:
        super().__init__(
            languages,
            tokenizer,
            min_doc_words,
            max_doc_words,
            min_avg_word_length,
            max_avg_word_length,
            max_symbol_word_ratio,
            max_bullet_lines_ratio,
            max_ellipsis_lines_ratio,
            max_non_alpha_words_ratio,
            min_stop_words,
            impl="fast",
        )
        self.min_words, self.min_lines = min_words, min_lines

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        words = doc_words(doc, self.tokenizer)
        reason = short_rules.gopher_reason(doc.text, words, self.inner, self.min_words, self.min_lines)
        return True if reason is None else self.drop(reason)


class FineWebQualityV2(FineWebQuality):
    name = "fineweb_quality_v2"

    def __init__(
        self,
        languages: list[str] = ENGLISH,
        tokenizer: str = "fast",
        line_punct_thr: float = 0.0,
        line_punct_exclude_zero: bool = False,
        short_line_thr: float = 0.67,
        short_line_length: int = 30,
        char_duplicates_ratio: float = 0.1,
        new_line_ratio: float = 0.3,
        min_lines: int = 3,
    ) -> None:
        super().__init__(
            languages,
            tokenizer,
            line_punct_thr,
            line_punct_exclude_zero,
            short_line_thr,
            short_line_length,
            char_duplicates_ratio,
            new_line_ratio,
            impl="fast",
        )
        self.min_lines = min_lines

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        words = doc_words(doc, self.tokenizer)
        reason = short_rules.fineweb_reason(doc.text, words, self.inner, self.min_lines)
        return True if reason is None else self.drop(reason)
