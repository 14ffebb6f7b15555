"""The fast implementations of datatrove's quality rules give datatrove's verdicts, reason for reason.

Reference: the same step with `impl: stock` (datatrove's own filter classes). Corpora: the shipped demo files,
the bench generator (1 KB documents with junk, duplicates and foreign text), and hypothesis-generated texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from datatrove.data import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.demo.corpus import generate_records
from curator.stages.quality.datatrove_filters import C4Quality, FineWebQuality, GopherQuality, GopherRepetition
from curator.stages.quality.outliers import LETTER, RUN, count_letters, has_run
from tests.stages import ngram_reference

ROOT = Path(__file__).resolve().parents[2]
STEPS = (GopherQuality, GopherRepetition, C4Quality, FineWebQuality)
# datatrove's stock thresholds (web pages) make the rules fire far more often on short texts: both sets are checked
STOCK_PARAMS = {
    "gopher_quality_v1": {
        "min_doc_words": 50,
        "min_avg_word_length": 3,
        "max_avg_word_length": 10,
        "max_non_alpha_words_ratio": 0.8,
        "min_stop_words": 2,
    },
    "gopher_repetition_v1": {"min_words": 0},
    "c4_quality_v1": {"min_num_sentences": 5, "filter_no_terminal_punct": True, "min_words_per_line": 3},
    "fineweb_quality_v1": {"line_punct_thr": 0.12, "char_duplicates_ratio": 0.01},
}


def _texts() -> list[str]:
    demo = ROOT / "data" / "demo"
    texts = [json.loads(line)["text"] for line in (demo / "support_tickets.jsonl").read_text().splitlines()][:800]
    texts += [r["text"] for r in generate_records(700, seed=11, target_chars=1000, junk_rate=0.2)]
    texts += [r["text"] for r in generate_records(500, seed=12, junk_rate=0.3, dup_rate=0.2)]
    return texts


TEXTS = _texts()


def verdicts(step, texts: list[str]) -> list:
    return [step.filter(Document(text=t, id=str(i), metadata={"language": "en"})) for i, t in enumerate(texts)]


@pytest.mark.parametrize("cls", STEPS, ids=lambda c: c.name)
@pytest.mark.parametrize("params", ["recipe", "stock"])
def test_fast_equals_stock_on_corpora(cls, params):
    kw = STOCK_PARAMS[cls.name] if params == "stock" else {}
    fast, stock = verdicts(cls(**kw, impl="fast"), TEXTS), verdicts(cls(**kw, impl="stock"), TEXTS)
    assert fast == stock
    if params == "stock":  # the comparison is not vacuous: rules fire, with their datatrove names
        reasons = {v[1] for v in fast if v is not True}
        assert reasons and all(r.startswith(f"{cls.name}: ") for r in reasons), reasons


def test_fast_reasons_are_datatrove_rule_names():
    step = GopherRepetition(min_words=0)
    text = "same line\nsame line\nsame line\nother"
    assert verdicts(step, [text]) == [(False, "gopher_repetition_v1: dup_line_frac")]
    q = GopherQuality(min_doc_words=50)
    assert q.filter(Document(text="too short to judge", id="2", metadata={"language": "en"})) == (
        False,
        "gopher_quality_v1: gopher_short_doc",
    )


WORDS3 = ["the", "cat", "sat", "mat", "dog", "ran", "far", "sun", "red", "box"]  # equal lengths: see below
PIECES = st.lists(
    st.sampled_from([*WORDS3, " ", " ", "\n", "\n\n", ".", ",", "#", "...", "-", "•", "{", "1"]), max_size=300
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PIECES)
def test_fast_equals_stock_on_generated_text(pieces):
    """Words of equal length, so joined n-grams are equal exactly when the word sequences are (see the next test)."""
    text = " ".join(pieces)
    if not text.strip():
        return
    for cls in STEPS:
        for kw in ({}, STOCK_PARAMS[cls.name]):
            assert verdicts(cls(**kw, impl="fast"), [text]) == verdicts(cls(**kw, impl="stock"), [text]), cls.name


def test_duplicate_ngrams_compare_word_sequences_not_joined_strings():
    """datatrove joins n-gram words without a separator, so 'ab c d e f' repeats 'a bc d e f'; we do not."""
    filler = " ".join(f"w{i}x" for i in range(60))
    text = f"{filler} ab c d e f g a bc d e f g end"
    kw = {"min_words": 0, "top_n_grams": [], "dup_n_grams": [[5, 0.001]]}
    stock = verdicts(GopherRepetition(**kw, impl="stock"), [text])[0]
    assert stock == (False, "gopher_repetition_v1: duplicated_5_n_grams")
    assert verdicts(GopherRepetition(**kw, impl="fast"), [text])[0] is True
    repeated = f"{filler} ab c d e f g ab c d e f g end"  # a real repeat is caught by both
    assert verdicts(GopherRepetition(**kw, impl="fast"), [repeated])[0] == stock


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=12))
def test_outlier_counts_match_their_regex(text, limit):
    assert count_letters(text) == LETTER.subn("", text)[1]
    pattern = RUN.pattern % limit
    import re

    assert has_run(text, limit, pattern) == (re.search(pattern, text) is not None)


def test_unknown_impl_is_refused():
    with pytest.raises(ValueError, match="impl 'turbo'"):
        GopherQuality(impl="turbo")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fast_tokenizer_equals_its_regex(text):
    from curator.stages.quality.tokenizer import WORDS, FastTokenizer

    assert FastTokenizer().word_tokenize(text) == WORDS.findall(text)


WORD_LISTS = st.lists(st.sampled_from(["a", "bb", "ccc", "the", "x", ".", "longer"]), max_size=80)
RULES = st.lists(st.tuples(st.integers(1, 10), st.floats(0.0, 0.5)), max_size=6)


@settings(max_examples=400, deadline=None)
@given(WORD_LISTS, RULES, RULES, st.integers(0, 200))
def test_compiled_ngram_rules_equal_the_python_reference(words, top, dup, extra_chars):
    """kernels.ngram_rule (word ids, open addressing) = the Python version in tests/stages/ngram_reference.py, for
    any rule list, tie, repeat and length; words from a tiny vocabulary repeat a lot."""
    from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter

    from curator.stages.quality import fast_rules as F
    from curator.stages.quality.words import Words

    r = GopherRepetitionFilter(top_n_grams=tuple(top), dup_n_grams=tuple(dup))
    text = " ".join(words) + "." * extra_chars or "."
    assert F.ngram_reason(text, Words(text, tokens=words), r) == ngram_reference.ngram_reason(text, words, r)


def test_compiled_ngram_rules_on_the_corpus():
    from curator.stages.quality import fast_rules as F
    from curator.stages.quality.tokenizer import FastTokenizer
    from curator.stages.quality.words import Words

    r, tk, fired = GopherRepetition(min_words=0).inner, FastTokenizer(), set()
    for text in TEXTS:
        words = tk.word_tokenize(text)
        want = ngram_reference.ngram_reason(text, words, r)
        assert F.ngram_reason(text, Words(text), r) == want  # compiled ASCII words, or Python ones
        fired.add(want)
    assert len(fired) >= 3  # the corpus exercises several rules, not only "passes"


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=127), max_size=200),
        st.lists(
            st.sampled_from(
                ["a", "B1", "_", "__", "x.y", "'s", "-", "e.g.", ".", "a-b", " ", "\n", "\x1c", "\x00", "it's"]
            )
        ).map("".join),
    )
)
def test_compiled_ascii_words_equal_the_tokenizer(text):
    """kernels.ascii_words = FastTokenizer's tokens: same count, lengths, Gopher classes, equal ids ⇔ equal words."""
    from curator.stages.quality.tokenizer import FastTokenizer
    from curator.stages.quality.words import Words, word_classes

    tokens = FastTokenizer().word_tokenize(text)
    words = Words(text)
    assert list(words.lens) == [len(t) for t in tokens]
    assert (words.n_non_symbol, words.non_symbol_chars, words.n_alpha) == word_classes(tokens)
    first = {}
    assert [first.setdefault(t, i) for i, t in zip(words.ids.tolist(), tokens, strict=True)] == words.ids.tolist()
    assert len(set(words.ids.tolist())) == len(set(tokens))
