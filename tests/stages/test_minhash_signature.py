"""FastMinhashSignature shingles and signatures are datatrove's, value for value (so clusters agree)."""

from __future__ import annotations

import numpy as np
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
from datatrove.utils.text import simplify_text
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.demo.corpus import generate_records
from curator.stages.dedup.signature import FastMinhashSignature, simplify
from curator.stages.quality.tokenizer import pick_tokenizer

EDGE = [
    "",
    "   ",
    "Café naïve résumé — “quoted” 12,5 € and 3.14",
    "ﬁnancial ＡＢＣ１２３ Ω Σσς ñ",
    "a\x00b c_d e-f g'h",
    "Tuesday JANUARY 2024 " * 3,
    "İstanbul ǅ ß straße",
    "tab\tnew\nline\r\nend  of   text",
    "x y",
    "١٢٣ ٤٫٥ numbers",
]


def _pair(tmp_path, **cfg):
    config = MinhashConfig(**cfg)
    lang = pick_tokenizer("fast")
    return (
        MinhashDedupSignature(str(tmp_path / "a"), config=config, language=lang),
        FastMinhashSignature(str(tmp_path / "b"), config=config, language=lang),
    )


def _same(stock, fast, text: str) -> None:
    a, b = stock.get_shingles(text), fast.get_shingles(text)
    assert a.dtype == b.dtype and np.array_equal(a, b), text
    if a.size:
        assert stock.get_signature(a) == fast.get_signature(b)


def test_same_shingles_and_signatures_on_corpus_and_edge_cases(tmp_path):
    stock, fast = _pair(tmp_path)
    texts = [r["text"] for r in generate_records(600, seed=21, target_chars=1000, foreign_rate=0.3)] + EDGE
    for text in texts:
        _same(stock, fast, text)


def test_same_with_other_ngram_sizes(tmp_path):
    stock, fast = _pair(tmp_path, n_grams=3, num_buckets=4, hashes_per_bucket=2)
    for text in [r["text"] for r in generate_records(100, seed=22)] + EDGE:
        _same(stock, fast, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_simplify_is_datatroves(text):
    assert simplify(text, MinhashConfig().norm_config) == simplify_text(text, MinhashConfig().norm_config)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_same_shingles_on_generated_text(tmp_path_factory, text):
    stock, fast = _pair(tmp_path_factory.mktemp("sig"))
    _same(stock, fast, text)


ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=300)
ASCII_WORDS = st.lists(st.sampled_from(["a", "Bb", "12", "3.5", "1,000", "x.", ".7", "--", " ", "\t", "\x1c", "é"]))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=100))
def test_compiled_xxh64_is_xxhash(data):
    import xxhash

    from curator.stages.dedup.kernels import xxh64

    assert xxh64(np.frombuffer(data, dtype=np.uint8), 0, len(data)) == xxhash.xxh64_intdigest(data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ASCII_TEXT, ASCII_WORDS.map("".join)))
def test_compiled_ascii_path_is_datatroves(tmp_path_factory, text):
    """Numbers with decimal parts, punctuation runs, every ASCII control character and whitespace."""
    stock, fast = _pair(tmp_path_factory.mktemp("sig"))
    assert fast._ascii_kernel
    _same(stock, fast, text)


def test_compiled_signature_at_32_bit_precision(tmp_path):
    from datatrove.utils.hashing import HashConfig

    stock, fast = _pair(tmp_path, hash_config=HashConfig(precision=32))
    assert not fast._ascii_kernel  # XXH32 shingles take the Python path; the permutation minimum is compiled
    for text in [r["text"] for r in generate_records(100, seed=23)] + EDGE:
        _same(stock, fast, text)


def test_signature_phase_writes_datatroves_bucket_files(tmp_path):
    """FastMinhashSignature.run (signatures kept in one array, buckets sorted with lexsort) writes the same
    bytes as datatrove's record-by-record loop and sort, documents without shingles included."""
    from datatrove.data import Document

    stock, fast = _pair(tmp_path)
    texts = [r["text"] for r in generate_records(300, seed=24, target_chars=600)] + EDGE + ["too few words"]
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    stock.run(iter([Document(text=d.text, id=d.id) for d in docs]), rank=3)
    fast.run(iter(docs), rank=3)
    for bucket in range(MinhashConfig().num_buckets):
        name = f"bucket_{bucket:03d}/00003.minhash.sig"
        ours, theirs = (tmp_path / "b" / name).read_bytes(), (tmp_path / "a" / name).read_bytes()
        assert ours == theirs and len(ours) > 0
    assert fast.stats["total"].total == len(docs)
