"""Offline pieces of the audit: the Wilson interval against published values, stratified allocation, reason
classes, what a task shows, verdicts and the recipe parameter named for a flagged rule."""

from __future__ import annotations

import pytest

from curator.audit.plain import marked, reason_line, task_data
from curator.audit.sample import allocate, reason_class
from curator.audit.verdicts import Verdict, majority
from curator.audit.wilson import proportion, wilson
from curator.catalog.outbound import AUDIT_TASK_FIELDS


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),  # statsmodels proportion_confint(81, 263, method="wilson"); Wikipedia's example
        (28, 30, 0.7868, 0.9815),  # the "precision 0.93 [0.79, 0.98]"
        (0, 10, 0.0, 0.2775),  # k = 0: the lower bound is 0, the upper one is not
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),  # symmetric around one half
    ],
)
def test_wilson_interval_known_values(k, n, low, high):
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_edges():
    assert wilson(0, 0) is None and proportion(0, 0) == (None, None, None)
    assert proportion(3, 4)[0] == 0.75
    with pytest.raises(ValueError):
        wilson(5, 4)


def test_allocate_is_proportional_with_one_per_stratum():
    assert allocate({"a": 100, "b": 10, "c": 1}, 30) == {"a": 25, "b": 4, "c": 1}
    assert allocate({"a": 3, "b": 2}, 30) == {"a": 3, "b": 2}  # fewer than asked: all of them
    got = allocate({"a": 5, "b": 5, "c": 5}, 2)
    assert sum(got.values()) == 2 and set(got.values()) <= {0, 1}
    assert sum(allocate({str(i): i + 1 for i in range(12)}, 30).values()) == 30


def test_reason_class_blanks_numbers_and_ids_not_rule_names():
    assert reason_class("fasttext_langid_v1: language score 0.38 < 0.4") == "fasttext_langid_v1: language score # < #"
    assert reason_class("exact_dup_v1: duplicate of sa27494fc99d88a83") == "exact_dup_v1: duplicate of #"
    assert reason_class("gopher_repetition_v1: duplicated_5_n_grams") == "gopher_repetition_v1: duplicated_5_n_grams"


def _item(**kw):
    base = {"sample_id": "s1", "stage": "quality", "step": "outliers_v1", "kind": "drop", "score": None}
    return {**base, **kw}


def test_task_shows_rule_reason_question_and_marks_replacements():
    pii = _item(stage="pii", step="presidio_pii_v1", kind="modify", reason="presidio_pii_v1: scrubbed 1 PHONE_NUMBER")
    data = task_data(pii, "call me at <PHONE_NUMBER> or <PERSON_2>", None)
    assert tuple(data) == AUDIT_TASK_FIELDS
    assert data["text"] == "call me at ⟦PHONE_NUMBER⟧ or ⟦PERSON_2⟧"
    assert "missed" in data["question"] and "over-scrubbed" in data["question"]
    dup = _item(stage="dedup", step="exact_dup_v1", reason="exact_dup_v1: duplicate of sa27494fc99d88a83")
    data = task_data(dup, "same", "same")
    assert data["question"].startswith("Same content?") and data["other_text"] == "same"
    assert reason_line(_item(reason="outliers_v1: too_short (2 < 20 chars)")) == (
        "Dropped because: too short (2 < 20 chars)."
    )
    # a reason that is not the rule's own text is not shown
    assert reason_line(_item(reason="a curator's note with a name")) == "Dropped by this rule."
    assert marked("no placeholder <here>") == "no placeholder <here>"


def test_majority_and_pair_agreement():
    assert majority(["right", "wrong", "right"]) == "right"
    assert majority(["right", "wrong"]) == "unsure"  # a tie decides nothing
    v = Verdict("p", 1, "r", "quality", "drop", "s", "right", ("right", "right", "wrong"), True)
    assert v.pairs() == (1, 3)


def test_stages_option_is_checked_on_one_line():
    from curator.audit.sample import parse_stages
    from curator.errors import CuratorError

    assert parse_stages("langid, dedup") == ("langid", "dedup")
    with pytest.raises(CuratorError, match=r"--stages 'langid,bogus\\u001b': use a comma-separated subset"):
        parse_stages("langid,bogus\x1b")
