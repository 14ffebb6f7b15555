"""Invariants: normalization is idempotent, ids are stable and depend only on (source, key)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from curator.ingest.normalize import make_sample_id, normalize_text, text_hash
from curator.ingest.records import FieldMap, to_row

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    ["Cafe\u0301", " a\r\nb\r", "\x00x\x00", "\u212b", "  \n\t "]
)


@given(texts)
def test_normalize_is_idempotent_and_normal(text):
    once, _ = normalize_text(text)
    twice, changes = normalize_text(once)
    assert twice == once and changes == []
    assert "\r" not in once and "\x00" not in once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()


@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_sample_id_is_stable_and_distinct_per_source(source, key):
    assert make_sample_id(source, key) == make_sample_id(source, key)
    assert make_sample_id(source + "x", key) != make_sample_id(source, key)


@given(st.text(min_size=1, max_size=100).filter(lambda t: t.strip() and "\x00" not in t))
def test_content_ids_follow_the_normalized_text(text):
    a = to_row({"text": text}, "src", FieldMap(), 10_000)
    b = to_row({"text": "  " + text + "\r\n"}, "src", FieldMap(), 10_000)
    assert a.sample_id == b.sample_id and a.text_hash == b.text_hash == text_hash(a.text)


@given(st.integers() | st.text(min_size=1, max_size=20))
def test_own_ids_win_over_content(own_id):
    a = to_row({"id": own_id, "text": "one"}, "src", FieldMap(), 100)
    b = to_row({"id": own_id, "text": "two"}, "src", FieldMap(), 100)
    assert a.sample_id == b.sample_id and a.source_key == b.source_key
