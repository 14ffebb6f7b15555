"""Agreement metrics and resolution policies against hand-computed small cases (no server needed)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.label import metrics
from curator.label.policies import Outcome, majority
from curator.label.qa import compute
from curator.label.resolve import classify

# 4 tasks × 3 raters, 2 classes: AAA, AAB, BBB, ABB.
TABLE = {
    1: {"r1": "A", "r2": "A", "r3": "A"},
    2: {"r1": "A", "r2": "A", "r3": "B"},
    3: {"r1": "B", "r2": "B", "r3": "B"},
    4: {"r1": "A", "r2": "B", "r3": "B"},
}


def test_fleiss_kappa_matches_hand_computation():
    # P_i = 1, 1/3, 1, 1/3 -> P_bar = 2/3; p_A = p_B = 1/2 -> P_e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3
    kappa, n = metrics.fleiss(TABLE, ["A", "B"])
    assert n == 4
    assert kappa == pytest.approx(1 / 3)


def test_krippendorff_alpha_matches_hand_computation():
    # coincidences o_AA = 4, o_BB = 4, o_AB = o_BA = 2 (n = 12); D_o = 4/12, D_e = 2*6*6/(12*11) = 6/11
    # alpha = 1 - (1/3)/(6/11) = 7/18
    assert metrics.krippendorff_alpha(TABLE, ["A", "B"]) == pytest.approx(7 / 18)


def test_cohen_kappa_pairwise_matches_hand_computation():
    table = {1: {"a": "A", "b": "A"}, 2: {"a": "A", "b": "B"}, 3: {"a": "B", "b": "B"}, 4: {"a": "B", "b": "B"}}
    # p_o = 3/4; p_e = 1/2*1/4 + 1/2*3/4 = 1/2; kappa = 1/2
    (pair,) = metrics.pairwise_cohen(table, ["A", "B"])
    assert (pair["annotator_a"], pair["annotator_b"], pair["n_common"]) == ("a", "b", 4)
    assert pair["cohen_kappa"] == pytest.approx(0.5)


def test_fleiss_uses_the_most_common_rater_count_only():
    table = {**TABLE, 5: {"r1": "A", "r2": "B"}, 6: {"r1": "A"}}
    kappa, n = metrics.fleiss(table, ["A", "B"])
    assert n == 4 and kappa == pytest.approx(1 / 3)


def test_perfect_agreement_is_one_not_undefined():
    table = {1: {"a": "A", "b": "A"}, 2: {"a": "A", "b": "A"}}
    assert metrics.krippendorff_alpha(table, ["A", "B"]) == 1.0
    assert metrics.fleiss(table, ["A", "B"])[0] == 1.0


def test_consensus_leaves_ties_and_single_labels_out():
    table = {1: {"a": "A", "b": "A", "c": "B"}, 2: {"a": "A", "b": "B"}, 3: {"a": "B"}}
    assert metrics.consensus(table) == {1: "A"}


def test_qa_per_annotator_agreement_gold_accuracy_and_confusion():
    # (task, annotator, label, lead_time, simulated, kind, gold_label)
    rows = [
        (1, "x", "A", 2.0, False, "gold", "A"),
        (1, "y", "A", 4.0, False, "gold", "A"),
        (1, "z", "B", 6.0, False, "gold", "A"),
        (2, "x", "B", 8.0, False, "normal", None),
        (2, "y", "B", 1.0, False, "normal", None),
        (2, "z", "B", 3.0, False, "normal", None),
    ]
    res = compute(rows, ["A", "B"])
    assert (res["n_tasks"], res["n_overlapped"], res["overlap_coverage"]) == (2, 2, 1.0)
    stats = {a["annotator"]: a for a in res["annotators"]}
    assert stats["z"]["agreement_with_consensus"] == 0.5  # consensus A then B; z said B, B
    assert stats["z"]["gold_accuracy"] == 0.0 and stats["x"]["gold_accuracy"] == 1.0
    assert stats["x"]["median_lead_time"] == 5.0
    conf = json.loads(stats["z"]["confusion"])
    assert conf["matrix"] == [[0, 1], [0, 1]]  # rows consensus (A, B), cols z's answer


def test_majority_winner_agreement_and_tie():
    out = {o.sample_id: o for o in majority({"s1": ["a", "a", "b"], "s2": ["a", "b"], "s3": ["c"]})}
    assert (out["s1"].label, out["s1"].agreement, out["s1"].votes) == ("a", 2 / 3, {"a": 2, "b": 1})
    assert out["s2"].tie and out["s2"].label is None
    assert (out["s3"].label, out["s3"].agreement, out["s3"].n) == ("c", 1.0, 1)


def test_classify_gives_the_relabel_reason():
    assert classify(Outcome("s", None, 0.5, {"a": 1, "b": 1}, 2, tie=True), {"gold": None}, 0.5) == "disagreement"
    assert classify(Outcome("s", "a", 1.0, {"a": 2}, 2), {"gold": "b"}, 0.5) == "gold_failure"
    assert classify(Outcome("s", "a", 0.4, {"a": 2}, 5), {"gold": None}, 0.5) == "low_agreement"
    assert classify(Outcome("s", "a", 0.6, {"a": 3}, 5), {"gold": "a"}, 0.5) is None


@given(st.lists(st.sampled_from("abcd"), min_size=1, max_size=9), st.randoms())
def test_majority_invariants(votes, rnd):
    (o,) = majority({"s": votes})
    shuffled = votes[:]
    rnd.shuffle(shuffled)
    (p,) = majority({"s": shuffled})
    assert (o.label, o.agreement, o.tie) == (p.label, p.agreement, p.tie)  # order does not matter
    assert 1 / len(votes) <= o.agreement <= 1.0 and o.n == len(votes)
    assert o.tie or (o.label in votes and votes.count(o.label) == max(votes.count(v) for v in votes))
