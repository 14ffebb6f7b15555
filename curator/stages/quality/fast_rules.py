"""datatrove's Gopher quality, Gopher repetition, C4 and FineWeb rules, computed with fewer Python-level loops.

Same rules, same order, same thresholds and same reason names as `GopherQualityFilter`,
`GopherRepetitionFilter` (Gopher paper table A1), `C4QualityFilter` and `FineWebQualityFilter`; the words
come from the stage's shared tokenization (`doc_words`) instead of one tokenization per filter. Tests compare
the verdicts of both implementations on real and generated text. Thresholds are read from the stock filter
object itself (`r`), so both always share them; `impl: stock` in a recipe runs datatrove's own classes.

One deliberate difference: datatrove compares its duplicate n-grams (5..10 words) as words joined WITHOUT a
separator, so "ab c d e f" repeats "a bc d e f"; here n-grams are compared as word sequences, which is what
the Gopher rule means and lets a document with no repeated 5-gram skip the longer n-grams.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
from datatrove.pipeline.filters.c4_filters import (
    CITATION_REGEX,
    ELLIPSIS,
    END_PUNCTUATION,
    POLICY_SUBSTRINGS,
    C4QualityFilter,
)
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter
from datatrove.utils.text import split_into_sentences

from curator.stages.quality import kernels
from curator.stages.quality.words import Words

PARAGRAPHS = re.compile(r"\n{2,}")
LINES = re.compile("\n+")


def quality_reason(text: str, words: Words, r: GopherQualityFilter) -> str | None:
    """The first Gopher quality rule `text` breaks (datatrove's reason name), or None."""
    n_words = len(words)
    n_non_symbol, non_symbol_chars, n_alpha = words.n_non_symbol, words.non_symbol_chars, words.n_alpha
    if r.min_doc_words and n_non_symbol < r.min_doc_words:
        return "gopher_short_doc"
    if r.max_doc_words and n_non_symbol > r.max_doc_words:
        return "gopher_long_doc"
    if not n_words:  # datatrove divides by zero here (only reachable with min_doc_words=0)
        return "gopher_short_doc"
    avg = non_symbol_chars / n_non_symbol if n_non_symbol else float("nan")
    if r.min_avg_word_length and avg < r.min_avg_word_length:
        return "gopher_below_avg_threshold"
    if r.max_avg_word_length and avg > r.max_avg_word_length:
        return "gopher_above_avg_threshold"
    if r.max_symbol_word_ratio and text.count("#") / n_words > r.max_symbol_word_ratio:
        return "gopher_too_many_hashes"
    if r.max_symbol_word_ratio and (text.count("...") + text.count("…")) / n_words > r.max_symbol_word_ratio:
        return "gopher_too_many_ellipsis"
    reason = _line_rules(text, r)
    if reason:
        return reason
    if r.max_non_alpha_words_ratio and n_alpha / n_words < r.max_non_alpha_words_ratio:
        return "gopher_below_alpha_threshold"
    if r.min_stop_words and len(r.stop_words.intersection(words.tokens())) < r.min_stop_words:
        return "gopher_enough_stop_words"
    return None


def _line_rules(text: str, r: GopherQualityFilter) -> str | None:
    if "•" not in text and "-" not in text and "..." not in text and "…" not in text:
        return None  # neither rule can fire: no line starts with a bullet or ends with an ellipsis
    lines = text.splitlines()
    if not lines:
        return None
    bullets = sum(s.lstrip().startswith(("•", "-")) for s in lines)
    if r.max_bullet_lines_ratio and bullets / len(lines) > r.max_bullet_lines_ratio:
        return "gopher_too_many_bullets"
    ellipsis = sum(s.rstrip().endswith(("...", "…")) for s in lines)
    if r.max_ellipsis_lines_ratio and ellipsis / len(lines) > r.max_ellipsis_lines_ratio:
        return "gopher_too_many_end_ellipsis"
    return None


def repetition_reason(text: str, words: Words, r: GopherRepetitionFilter) -> str | None:
    """The first Gopher repetition rule `text` breaks (datatrove's reason name), or None."""
    if not text:
        return "empty"
    paragraphs = PARAGRAPHS.split(text.strip()) if "\n\n" in text else [text.strip()]
    dups, chars = _duplicates(paragraphs)
    if r.dup_para_frac and dups / len(paragraphs) > r.dup_para_frac:
        return "dup_para_frac"
    if r.dup_para_char_frac and chars / len(text) > r.dup_para_char_frac:
        return "dup_para_char_frac"
    lines = LINES.split(text) if "\n" in text else [text]
    dups, chars = _duplicates(lines)
    if r.dup_line_frac and dups / len(lines) > r.dup_line_frac:
        return "dup_line_frac"
    if r.dup_line_char_frac and chars / len(text) > r.dup_line_char_frac:
        return "dup_line_char_frac"
    return ngram_reason(text, words, r)


def ngram_reason(text: str, words: Words, r: GopherRepetitionFilter) -> str | None:
    """The top and duplicated n-gram rules, compiled (`kernels.ngram_rule`, on word ids). Tests compare its verdicts
    with datatrove's GopherRepetitionFilter and with a readable Python version (tests/stages/ngram_reference.py)."""
    top, dup = r.top_n_grams, r.dup_n_grams
    k = kernels.ngram_rule(words.ids, words.lens, len(text), *_rule_arrays(top, dup))
    if k < 0:
        return None
    return f"top_{top[k][0]}_gram" if k < len(top) else f"duplicated_{dup[k - len(top)][0]}_n_grams"


@cache
def _rule_arrays(top: tuple, dup: tuple) -> tuple[np.ndarray, ...]:
    """(top n, top fraction, dup n, dup fraction) arrays for the compiled rules, built once per threshold set."""
    return (
        np.array([n for n, _ in top], dtype=np.int64),
        np.array([f for _, f in top], dtype=np.float64),
        np.array([n for n, _ in dup], dtype=np.int64),
        np.array([f for _, f in dup], dtype=np.float64),
    )


def _duplicates(items: list[str]) -> tuple[int, int]:
    """(repeated elements, their characters): every occurrence after the first counts."""
    if len(set(items)) == len(items):
        return 0, 0
    seen: set[str] = set()
    dups = chars = 0
    for item in items:
        if item in seen:
            dups, chars = dups + 1, chars + len(item)
        else:
            seen.add(item)
    return dups, chars


def fineweb_reason(text: str, words: Words, r: FineWebQualityFilter) -> str | None:
    """The first FineWeb rule `text` breaks (datatrove's reason name), or None."""
    lines = [line for line in text.split("\n") if line.strip() != ""]
    if not lines:
        return "empty"
    ratio = sum(1 for line in lines if line.endswith(r.stop_chars)) / len(lines)
    if ratio < r.line_punct_thr and not (ratio == 0 and r.line_punct_exclude_zero):
        return "line_punct_ratio"
    ratio = sum(1 for line in lines if len(line) <= r.short_line_length) / len(lines)
    if ratio > r.short_line_threshold:
        return "short_line_ratio"
    if _duplicates(lines)[1] / len(text.replace("\n", "")) > r.char_duplicates_ratio:
        return "char_dup_ratio"
    if text.count("\n") / len(words) > r.new_line_ratio:
        return "list_ratio"
    return None


def c4_reason(text: str, words: Words | list, r: C4QualityFilter) -> str | None:
    """C4QualityFilter's document-level verdict (lorem_ipsum, curly_bracket, too_few_sentences), or None.

    The same line loop as datatrove's, which also edits the text: as a filter only the verdict matters, so
    the loop stops as soon as no later line can change it (enough sentences and no "lorem ipsum" or "{"
    anywhere in the text), and a line's sentences are only counted while the count could fall short."""
    may_drop = (r.filter_lorem_ipsum and "lorem ipsum" in text.lower()) or (r.filter_curly_bracket and "{" in text)
    lines = text.splitlines() if r.split_paragraph else split_into_sentences(text, r.language)
    sentences = 0
    for line in lines:
        if not may_drop and sentences >= r.min_num_sentences:
            return None
        line = line.strip()
        line_words = line.split()
        if r.max_word_length != -1 and max(map(len, line_words), default=0) > r.max_word_length:
            continue
        if r.remove_citations:
            line = CITATION_REGEX.sub("", line)
        if r.filter_no_terminal_punct and (not line.endswith(END_PUNCTUATION) or line.endswith(ELLIPSIS)):
            continue
        if len(line_words) < r.min_words_per_line:
            continue
        line_l = line.lower()
        if r.filter_lorem_ipsum and "lorem ipsum" in line_l:
            return "lorem_ipsum"
        if r.filter_javascript and "javascript" in line_l:
            continue
        if r.filter_curly_bracket and "{" in line:
            return "curly_bracket"
        if r.filter_policy and any(p in line_l for p in POLICY_SUBSTRINGS):
            continue
        if r.min_num_sentences == -1:
            continue
        if not r.split_paragraph or sentences + 1 >= r.min_num_sentences:
            sentences += 1  # a line has at least one sentence: enough to decide, no need to split it
        else:
            sentences += len(split_into_sentences(line, r.language))
    return "too_few_sentences" if sentences < r.min_num_sentences else None
