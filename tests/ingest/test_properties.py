"""Invariants: normalization is idempotent, ids are stable and depend only on (source, key)."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.catalog.ids import make_sample_id
from curator.ingest.normalize import count_words, normalize_text, text_hash
from curator.ingest.records import FieldMap, parse_time, to_row

WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())

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


@given(st.text(alphabet=st.sampled_from(WHITESPACE + "ab\u00e9\u200b"), max_size=40) | st.text(max_size=40))
def test_count_words_is_len_split(text):
    assert count_words(text) == len(text.split())


@pytest.mark.parametrize("ws", list(WHITESPACE) + ["\u200b", "\ufeff", "\x1b"])
def test_count_words_on_every_whitespace_character(ws):
    for text in (f"a{ws}b", f"{ws}a{ws}{ws}b{ws}", ws, f"x{ws}", f"{ws}x", ""):
        assert count_words(text) == len(text.split()), repr(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-01T00:02:00Z", datetime(2024, 1, 1, 0, 2)),
        ("2024-01-01T00:02:00+00:00", datetime(2024, 1, 1, 0, 2)),
        ("2024-03-01T10:00:00+05:30", datetime(2024, 3, 1, 4, 30)),
        (" 2024-03-01 10:00:00 ", datetime(2024, 3, 1, 10)),
        (datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=-2))), datetime(2024, 1, 1, 14)),
        (datetime(2024, 1, 1, 12, tzinfo=UTC), datetime(2024, 1, 1, 12)),
        (1700000000, datetime(2023, 11, 14, 22, 13, 20)),
        ("1700000000.5", datetime(2023, 11, 14, 22, 13, 20, 500000)),
        ("", None),
        (None, None),
    ],
)
def test_parse_time_gives_naive_utc(value, expected):
    got = parse_time(value)
    assert got == expected and (got is None or got.tzinfo is None)
