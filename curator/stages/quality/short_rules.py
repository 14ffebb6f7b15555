"""Rules fit for short and technical texts (issue 15): what the v2 quality steps change in datatrove's rules.

Web-page rules misjudge labeling data: a one-line note has one line (so every line is "short" and every ellipsis
ends "most lines"), a changelog item counts `#512` as a hash line and `(v2.1)` as non-words, inline `code` and
brackets count as symbols. Each function here is one such rule in its length-aware or reference-aware form; the
steps (`outliers_v2`, `gopher_quality_v2`, `fineweb_quality_v2`) call them where their v1 rule was. Junk still meets
a rule that sees it: symbol noise (mostly_non_letters), repeated lines (char_dup_ratio, repeated_words), keyboard
mash (repeated_words, mostly_non_letters), and the two new ones — base64/hex blobs and pasted diffs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter

from curator.stages.quality import fast_rules
from curator.stages.quality.words import Words

# `#512`, `Closes: #981417`, `owner/repo#12`, `LP: #1953201`, `GH-12`: references, not hashtags
REFERENCE = re.compile(r"(?<!#)#\d+\b")
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t])", re.MULTILINE)  # markdown heading markers
INLINE_CODE = re.compile(r"```.*?(?:```|$)|`[^`\n]+`", re.DOTALL)  # fenced blocks, then inline spans
BLOB_CHARS = 48
BLOB = re.compile(rf"[A-Za-z0-9+/=]{{{BLOB_CHARS},}}")
HEX = re.compile(r"^(?:0x)?[0-9a-fA-F]+$")
BULLET = re.compile(r"^[-+*] \S")  # "- item": a list, not a changed line ("-    return x", "-foo")
HUNK = re.compile(r"^(@@ -\d+(,\d+)? \+\d+(,\d+)? @@|diff --git |index [0-9a-f]{7,}\.\.[0-9a-f]{7,})", re.MULTILINE)


def hashes(text: str) -> int:
    """'#' characters that are neither in a reference (`#512`) nor a markdown heading marker (`## Install`)."""
    n = text.count("#")
    if not n:
        return 0
    return n - len(REFERENCE.findall(text)) - sum(len(m) for m in HEADING.findall(text))


def without_code(text: str) -> str:
    """The text with its ``` code blocks and inline `code` spans taken out (their symbols are code, not noise)."""
    return INLINE_CODE.sub(" ", text) if "`" in text else text


def blob_share(text: str) -> float:
    """Share of the text's visible characters inside base64- or hex-like runs of ≥ 48 characters that mix letters
    and digits (a pasted key, digest or encoded payload); words and paths do not qualify."""
    runs = [r for r in BLOB.findall(text) if _encoded(r)]
    if not runs:
        return 0.0
    visible = len(text) - sum(map(str.isspace, text))
    return sum(map(len, runs)) / max(visible, 1)


def _encoded(run: str) -> bool:
    digits = sum(map(str.isdigit, run))
    if HEX.match(run):
        return True
    upper, lower = sum(map(str.isupper, run)), sum(map(str.islower, run))
    return digits >= 4 and upper >= 4 and lower >= 4  # base64 mixes all three; a long identifier rarely does


def is_diff(text: str, min_lines: int = 3, min_share: float = 0.5) -> bool:
    """A pasted diff: a hunk or `diff --git` header, or ≥ `min_lines` lines of which ≥ `min_share` start with '+'
    or '-' (not a "- item" bullet) with both signs present."""
    if HUNK.search(text):
        return True
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < min_lines:
        return False
    changed = [line[0] for line in lines if line[0] in "+-" and not BULLET.match(line)]
    plus, minus = changed.count("+"), changed.count("-")
    return plus > 0 and minus > 0 and (plus + minus) / len(lines) >= min_share


def gopher_reason(text: str, words: Words, r: GopherQualityFilter, min_words: int, min_lines: int) -> str | None:
    """Gopher's quality rules (datatrove's names, thresholds and order) fit for short texts: the average word length
    and ellipsis counts judge texts of ≥ `min_words` words, the bullet and end-ellipsis line shares texts of
    ≥ `min_lines` lines; references and heading markers are no hashes; the alphabetic share is over words, not
    punctuation marks (datatrove counts each mark as a word, so "(mips64) (n32)" looked like non-words) and judges
    texts of ≥ 3 words ("1984" is a fine chat answer)."""
    n_words, n_real = len(words), words.n_non_symbol
    if r.min_doc_words and n_real < r.min_doc_words or not n_real:
        return "gopher_short_doc"
    if r.max_doc_words and n_real > r.max_doc_words:
        return "gopher_long_doc"
    long_enough = n_real >= min_words
    avg = words.non_symbol_chars / n_real
    if long_enough and r.min_avg_word_length and avg < r.min_avg_word_length:
        return "gopher_below_avg_threshold"
    if long_enough and r.max_avg_word_length and avg > r.max_avg_word_length:
        return "gopher_above_avg_threshold"
    if r.max_symbol_word_ratio and hashes(text) / n_words > r.max_symbol_word_ratio:
        return "gopher_too_many_hashes"
    ellipsis = text.count("...") + text.count("…")
    if long_enough and r.max_symbol_word_ratio and ellipsis / n_words > r.max_symbol_word_ratio:
        return "gopher_too_many_ellipsis"
    if text.count("\n") + 1 >= min_lines:
        reason = fast_rules._line_rules(text, r)
        if reason:
            return reason
    if (
        n_real >= ALPHA_MIN_WORDS
        and r.max_non_alpha_words_ratio
        and words.n_alpha / n_real < r.max_non_alpha_words_ratio
    ):
        return "gopher_below_alpha_threshold"
    if r.min_stop_words and len(r.stop_words.intersection(words.tokens())) < r.min_stop_words:
        return "gopher_enough_stop_words"
    return None


def fineweb_reason(text: str, words: Words, r: FineWebQualityFilter, min_lines: int) -> str | None:
    """FineWeb's rules with the short-line and list ratios judging texts of ≥ `min_lines` lines only: a one-line
    note is all "short lines", and a quote with its attribution line is half. Lines of a ``` code block are code,
    not prose lines: the short-line and list ratios leave them out."""
    lines = [line for line in text.split("\n") if line.strip() != ""]
    prose = _outside_fences(lines) if "```" in text else lines
    if not lines:
        return "empty"
    ratio = sum(1 for line in lines if line.endswith(r.stop_chars)) / len(lines)
    if ratio < r.line_punct_thr and not (ratio == 0 and r.line_punct_exclude_zero):
        return "line_punct_ratio"
    many = len(prose) >= min_lines
    if many and sum(1 for line in prose if len(line) <= r.short_line_length) / len(prose) > r.short_line_threshold:
        return "short_line_ratio"
    if fast_rules._duplicates(lines)[1] / len(text.replace("\n", "")) > r.char_duplicates_ratio:
        return "char_dup_ratio"
    newlines = text.count("\n") if prose is lines else len(prose) - 1  # as FineWeb counts them, outside code
    if many and newlines / max(len(words), 1) > r.new_line_ratio:
        return "list_ratio"
    return None


def _outside_fences(lines: list[str]) -> list[str]:
    out, inside = [], False
    for line in lines:
        if line.lstrip().startswith("```"):
            inside = not inside
        elif not inside:
            out.append(line)
    return out


MASH_WORDS = 40
ALPHA_MIN_WORDS = 3  # "1984", "12 May": a share of one or two words says nothing
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouy")
MASH_PUNCT = re.compile(r"[a-z][,;][a-z.,;/]*[a-z]")  # "vbnm,.vbnm", "b.n,m": keys between letters, no space
ADDRESS_LINE = re.compile(r"0x[0-9a-fA-F]{6,}")
HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}[ \t]+){8}")
HEX_BYTES = re.compile(r"^\s*(?:[0-9a-fA-F]{4,16}:?\s+)?(?:[0-9a-fA-F]{2}\s+){8,}")  # `hexdump -C`, `xxd` lines


@lru_cache(maxsize=200_000)  # words repeat across documents: each distinct one is judged once per process
def mash_token(token: str) -> bool | None:
    """Whether a token looks typed by sliding over the keyboard; None for tokens that say nothing (fewer than three
    letters, numbers, ACRONYMS). Mash: a unit repeated ("jkljkljkl", "vbnm,.vbnm,."), four or more ASCII letters
    without a vowel ("dfghj"), a run along one keyboard row ("tyuio", "lkjh"), keys between letters ("b.n,m")."""
    if token.isupper():
        return None
    word = token.lower()
    letters = "".join(c for c in word if c.isalpha())
    if len(letters) < 3:
        return None
    core = word.strip("\"'()[]{}!?:…").rstrip(".,;/")
    if len(core) >= 6 and _repeated_unit(core):
        return True
    if len(letters) >= 4 and letters.isascii() and not VOWELS.intersection(letters):
        return True
    if len(letters) >= 4 and any(letters in row or letters in row[::-1] for row in KEYBOARD_ROWS):
        return True
    return MASH_PUNCT.search(core) is not None


def _repeated_unit(word: str) -> bool:
    """The word is a unit of 2+ characters written at least twice (a trailing partial unit allowed)."""
    return any(word == (word[:u] * (len(word) // u + 1))[: len(word)] for u in range(2, len(word) // 2 + 1))


def mash_share(text: str, max_words: int = MASH_WORDS) -> tuple[float, int]:
    """(share of mash tokens among the first `max_words` tokens that say something, how many said something): mash
    is short junk; a long text of it has no language either, and langid drops long texts it cannot place."""
    votes = [v for v in map(mash_token, text.split(maxsplit=max_words)[:max_words]) if v is not None]
    return (sum(votes) / len(votes) if votes else 0.0), len(votes)


def address_lines(text: str, min_lines: int = 3) -> float:
    """Share of lines carrying a machine address (`0x7ffd5e8a1c20`): a pasted backtrace or memory dump; 0 for texts
    of fewer than `min_lines` lines."""
    if "0x" not in text:
        return 0.0
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < min_lines:
        return 0.0
    return sum(1 for line in lines if ADDRESS_LINE.search(line)) / len(lines)


def hex_dump_lines(text: str) -> float:
    """Share of lines that are a hex dump's (an optional offset, then eight or more hex byte pairs)."""
    if not HEX_RUN.search(text):  # no eight hex pairs in a row anywhere: no line can be a dump's
        return 0.0
    lines = [line for line in text.split("\n") if line.strip()]
    return sum(1 for line in lines if HEX_BYTES.match(line)) / len(lines) if lines else 0.0
