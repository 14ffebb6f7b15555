"""datatrove's stock quality filters as curator steps, with defaults tuned for short texts.

Stock thresholds were built for web pages: Gopher wants ≥ 50 words and C4 ≥ 5 sentences, which drops most
clean support tickets and forum posts. The defaults here keep clean short texts and still catch junk; every
threshold is a recipe param. The filters only judge languages they were built for (`languages`).
Reasons are the stock rule names, prefixed with the step name ("gopher_quality_v1: gopher_short_doc").
`impl`: "fast" (the default) computes the Gopher, C4 and FineWeb rules in curator.stages.quality.fast_rules on
words tokenized once per document; "stock" calls datatrove's own filter class. The verdicts are the same (tests
compare them on the corpora and on generated text) except for the one difference fast_rules documents: datatrove
compares duplicated 5..10-grams as words joined without a separator, fast_rules as word sequences.
"""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.c4_filters import C4QualityFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter

from curator.stages.base import CuratorStep, wrap_stock
from curator.stages.quality import fast_rules
from curator.stages.quality.tokenizer import pick_tokenizer
from curator.stages.quality.words import Words, doc_words

ENGLISH = ("en",)
IMPLS = ("fast", "stock")


class DatatroveFilterStep(CuratorStep):
    """A datatrove filter (`inner`) run by a fast_rules function (impl: fast, the default) or by itself (stock)."""

    fast_rule = None  # fast_rules function (text, words, inner) -> reason | None
    needs_words = True  # False: the fast rule gets [] (it does not look at words)

    def setup(self, languages: list[str], tokenizer: str, impl: str) -> None:
        if impl not in IMPLS:
            raise ValueError(f"impl {impl!r}: use {' or '.join(IMPLS)}")
        super().__init__(languages=list(languages))
        self.tokenizer, self.impl = tokenizer, impl

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if self.impl == "stock" or self.fast_rule is None:
            return wrap_stock(self, self.inner, doc)
        words = doc_words(doc, self.tokenizer) if self.needs_words else []
        reason = type(self).fast_rule(doc.text, words, self.inner)
        return True if reason is None else self.drop(reason)


class GopherQuality(DatatroveFilterStep):
    name = "gopher_quality_v1"
    fast_rule = fast_rules.quality_reason

    def __init__(
        self,
        languages: list[str] = ENGLISH,
        tokenizer: str = "fast",
        min_doc_words: int = 5,
        max_doc_words: int = 100_000,
        min_avg_word_length: float = 2.5,
        max_avg_word_length: float = 12,
        max_symbol_word_ratio: float = 0.1,
        max_bullet_lines_ratio: float = 0.9,
        max_ellipsis_lines_ratio: float = 0.3,
        max_non_alpha_words_ratio: float = 0.6,
        min_stop_words: int = 0,
        impl: str = "fast",
    ) -> None:
        self.setup(languages, tokenizer, impl)
        self.inner = GopherQualityFilter(
            language=pick_tokenizer(tokenizer),
            min_doc_words=min_doc_words,
            max_doc_words=max_doc_words,
            min_avg_word_length=min_avg_word_length,
            max_avg_word_length=max_avg_word_length,
            max_symbol_word_ratio=max_symbol_word_ratio,
            max_bullet_lines_ratio=max_bullet_lines_ratio,
            max_ellipsis_lines_ratio=max_ellipsis_lines_ratio,
            max_non_alpha_words_ratio=max_non_alpha_words_ratio,
            min_stop_words=min_stop_words,
        )


class GopherRepetition(DatatroveFilterStep):
    """Repetition statistics are noise on short texts (any 4-gram is a large share of 15 words): the step
    judges documents with at least `min_words` words; outliers_v1 catches repetition in short ones."""

    name = "gopher_repetition_v1"
    fast_rule = fast_rules.repetition_reason

    def __init__(
        self,
        languages: list[str] = ENGLISH,
        tokenizer: str = "fast",
        min_words: int = 50,
        dup_line_frac: float = 0.3,
        dup_para_frac: float = 0.3,
        dup_line_char_frac: float = 0.2,
        dup_para_char_frac: float = 0.2,
        top_n_grams: list[list[float]] = ((2, 0.2), (3, 0.18), (4, 0.16)),
        dup_n_grams: list[list[float]] = ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)),
        impl: str = "fast",
    ) -> None:
        self.setup(languages, tokenizer, impl)
        self.inner = GopherRepetitionFilter(
            language=pick_tokenizer(tokenizer),
            dup_line_frac=dup_line_frac,
            dup_para_frac=dup_para_frac,
            dup_line_char_frac=dup_line_char_frac,
            dup_para_char_frac=dup_para_char_frac,
            top_n_grams=tuple((int(n), f) for n, f in top_n_grams),
            dup_n_grams=tuple((int(n), f) for n, f in dup_n_grams),
        )
        self.min_words = min_words

    def warm_up(self) -> None:
        """Load the compiled n-gram rules now (the launcher does this once; forked workers share them)."""
        fast_rules.ngram_reason("warm up warm up", Words("warm up warm up"), self.inner)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if len(doc.text.split()) < self.min_words:
            return True
        return super().filter(doc)


class C4Quality(DatatroveFilterStep):
    """C4's rules as a filter only: C4QualityFilter can also edit lines; here a would-be edit is ignored."""

    fast_rule = fast_rules.c4_reason
    needs_words = False

    name = "c4_quality_v1"

    def __init__(
        self,
        languages: list[str] = ENGLISH,
        tokenizer: str = "fast",
        min_num_sentences: int = 1,
        min_words_per_line: int = -1,
        max_word_length: int = 1000,
        filter_no_terminal_punct: bool = False,
        filter_lorem_ipsum: bool = True,
        filter_javascript: bool = True,
        filter_curly_bracket: bool = True,
        filter_policy: bool = True,
        impl: str = "fast",
    ) -> None:
        self.setup(languages, tokenizer, impl)
        self.inner = C4QualityFilter(
            language=pick_tokenizer(tokenizer),
            split_paragraph=True,
            remove_citations=False,
            filter_no_terminal_punct=filter_no_terminal_punct,
            min_num_sentences=min_num_sentences,
            min_words_per_line=min_words_per_line,
            max_word_length=max_word_length,
            filter_lorem_ipsum=filter_lorem_ipsum,
            filter_javascript=filter_javascript,
            filter_curly_bracket=filter_curly_bracket,
            filter_policy=filter_policy,
        )

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        text = doc.text
        try:
            return super().filter(doc)
        finally:
            doc.text = text  # filter only: never keep C4's line edits


class FineWebQuality(DatatroveFilterStep):
    name = "fineweb_quality_v1"
    fast_rule = fast_rules.fineweb_reason

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
        impl: str = "fast",
    ) -> None:
        self.setup(languages, tokenizer, impl)
        self.inner = FineWebQualityFilter(
            language=pick_tokenizer(tokenizer),
            line_punct_thr=line_punct_thr,
            line_punct_exclude_zero=line_punct_exclude_zero,
            short_line_thr=short_line_thr,
            short_line_length=short_line_length,
            char_duplicates_ratio=char_duplicates_ratio,
            new_line_ratio=new_line_ratio,
        )
