"""Evaluation metrics against scikit-learn, the stored rows, the report and the PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from curator.train.evaluate import compute_metrics, macro_note

Y_TRUE = ["a", "a", "a", "b", "b", "c", "c", "c", "c", "a"]
Y_PRED = ["a", "b", "a", "b", "c", "c", "c", "a", "c", "a"]


def test_metrics_match_scikit_learn_on_a_fixed_case():
    m = compute_metrics(Y_TRUE, Y_PRED, ["a", "b", "c"])
    assert m["accuracy"] == pytest.approx(accuracy_score(Y_TRUE, Y_PRED)) == pytest.approx(0.7)
    assert m["macro_f1"] == pytest.approx(f1_score(Y_TRUE, Y_PRED, average="macro"))
    p, r, f, s = precision_recall_fscore_support(Y_TRUE, Y_PRED, labels=["a", "b", "c"])
    for i, c in enumerate(m["per_class"]):
        assert (c["precision"], c["recall"], c["f1"], c["support"]) == pytest.approx((p[i], r[i], f[i], s[i]))
    assert m["confusion"] == confusion_matrix(Y_TRUE, Y_PRED, labels=["a", "b", "c"]).tolist()
    assert m["confusion"] == [[3, 1, 0], [0, 1, 1], [1, 0, 3]]


def test_a_label_never_seen_in_test_does_not_lower_macro_f1():
    m = compute_metrics(["a", "b"], ["a", "b"], ["a", "b", "z"])
    assert m["macro_f1"] == 1.0 and m["labels"] == ["a", "b", "z"]
    # and the report says so: the average's classes and the ones listed at 0.000 without being averaged
    assert (m["macro_f1_classes"], m["classes_without_samples"]) == (2, ["z"])
    assert macro_note(m) == "over the 2 classes with a true sample; 1 without (listed at 0.000, not averaged): z"


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=50))
@settings(deadline=None)  # a shared CPU makes single examples slow now and then
def test_confusion_is_consistent_with_accuracy_and_support(pairs):
    y_true, y_pred = [t for t, _ in pairs], [p for _, p in pairs]
    m = compute_metrics(y_true, y_pred, ["a", "b", "c"])
    cm = m["confusion"]
    assert sum(map(sum, cm)) == len(pairs)
    assert sum(cm[i][i] for i in range(len(cm))) / len(pairs) == pytest.approx(m["accuracy"])
    assert [sum(row) for row in cm] == [c["support"] for c in m["per_class"]]


def test_evaluate_stores_metrics_predictions_report_and_png(ws, cli, tiny_split):
    from curator.catalog import connect

    cli("train", "tiny@v1", "--model", "fasttext", "--quiet")
    res = cli("evaluate", "latest", "--json")
    import json

    out = json.loads(res.stdout)
    assert out["part"] == "test" and out["n"] == 30
    with connect(ws, read_only=True) as con:
        stored = dict(con.execute("SELECT metric, value FROM metrics WHERE label IS NULL AND part = 'test'").fetchall())
        n_pred = con.execute("SELECT count(*) FROM predictions WHERE model_id = ?", [out["model_id"]]).fetchone()[0]
        cells = con.execute("SELECT sum(value) FROM metrics WHERE metric = 'confusion'").fetchone()[0]
        runs = con.execute("SELECT count(*) FROM runs WHERE command = 'evaluate' AND status = 'succeeded'").fetchone()
    assert stored["macro_f1"] == pytest.approx(out["macro_f1"]) and stored["accuracy"] == pytest.approx(out["accuracy"])
    assert n_pred == 30 and cells == 30 and runs[0] == 1
    report = Path(out["report"]).read_text()
    assert "macro-F1" in report and "| billing |" in report
    assert Path(out["confusion_png"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cli("evaluate", "latest", "--part", "val")
    cli("evaluate", "latest")  # re-evaluation replaces the earlier rows, no duplicates
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM predictions WHERE part = 'test'").fetchone()[0] == 30
