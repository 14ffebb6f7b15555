"""`status` groups drops by rule: one row per rule, not per rejected language or per sample id in a reason."""

from __future__ import annotations

from curator.catalog import connect
from curator.catalog.queries import status

REASONS = [
    "fasttext_langid_v1: language sv not kept (en, de, fr, es, it, nl, pt)",
    "fasttext_langid_v1: language ru not kept (en, de, fr, es, it, nl, pt)",
    "fasttext_langid_v1: language ta not kept (en, de, fr, es, it, nl, pt)",
    "fasttext_langid_v1: language score 0.08 < 0.4",
    "fasttext_langid_v1: language score 0.21 < 0.4",
    "gopher_repetition_v1: duplicated_9_n_grams 0.25 > 0.1",
    "exact_dup_v1: duplicate of s1f3ab09cc",
    "exact_dup_v1: duplicate of s77b0e1d2a",
    "outliers_v1: too_short (2 < 20 chars)",
    "c4_quality_v1: curly_bracket",
]


def test_drops_group_by_rule_not_by_language_or_sample(ws):
    with connect(ws) as con:
        for i, reason in enumerate(REASONS):
            con.execute(
                "INSERT INTO samples (sample_id, source, source_key, text, text_hash, ingested_at, status, "
                "status_stage, status_reason) VALUES (?, 'src', ?, 't', ?, now(), 'dropped', 'x', ?)",
                [f"s{i}", str(i), str(i), reason],
            )
        drops = {d["reason"]: d["samples"] for d in status(con)["drops"]}
    assert drops == {
        "fasttext_langid_v1: language not kept": 3,
        "fasttext_langid_v1: language score": 2,
        "gopher_repetition_v1: duplicated_9_n_grams": 1,  # the rule's name keeps its digit
        "exact_dup_v1: duplicate of": 2,
        "outliers_v1: too_short": 1,
        "c4_quality_v1: curly_bracket": 1,
    }
