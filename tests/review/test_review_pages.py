"""Every page of the review app rendered by Streamlit's AppTest, on a seeded and on an empty workspace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from curator.catalog import connect

APP = str(Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py")
PAGES = ("overview", "samples", "duplicates", "qa", "splits", "models")


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _sample(ws, key: str) -> str:
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT sample_id FROM samples WHERE source_key = ?", [key]).fetchone()[0]


def frame(at: AppTest, *cols: str):
    """The first table on the page that has these columns (AppTest does not keep a dataframe's key)."""
    return next(d.value for d in at.dataframe if set(cols) <= set(d.value.columns))


def _shown(source: str) -> str:
    """What Markdown source the app escaped (curator.plain.markdown) shows: escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", source).replace("\u2060", "")


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(str(c.value) for c in at.caption)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_what_to_run_on_an_empty_workspace(ws, page):
    at = open_page(page)
    text = " ".join(str(i.value) for i in at.info) + _markdown(at)
    assert "run" in text and "curator" in text, text
    assert not at.error


def test_missing_workspace_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CURATOR_HOME", str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "curator init" in at.error[0].value


def test_overview_shows_funnel_drops_sources_runs(seeded):
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Samples"] == "40" and metrics["Dropped"] == "4" and metrics["PII-scrubbed"] == "38"
    assert len(at.get("vega_lite_chart")) == 1  # the funnel chart
    drops = frame(at, "stage", "reason", "decisions")
    assert set(drops["reason"]) == {"too_short", "near_duplicate"}
    assert "quality" in set(frame(at, "run_id", "config")["stage"])


def test_samples_filter_and_sample_view_hide_raw_text(seeded):
    sid = _sample(seeded, "t000")
    at = open_page("samples", sample=sid)
    at.selectbox(key="f_status").set_value("dropped").run()
    assert len(frame(at, "sample_id", "cluster", "text")) == 4
    html = _markdown(at)
    assert "&lt;EMAIL_ADDRESS&gt;</mark>" in html and "example.com" not in html
    assert frame(at, "step", "decision")["stage"].tolist() == ["ingest"]


def test_samples_page_action_reaches_the_catalog(seeded):
    sid = _sample(seeded, "t007")
    at = open_page("samples", sample=sid)
    at.radio(key="action_kind").set_value("drop")
    at.text_input(key="action_note").input("spam from page test")
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception
    assert "review drop: spam from page test" in _shown(at.success[0].value)
    with connect(seeded, read_only=True) as con:
        row = con.execute("SELECT status, status_reason FROM samples WHERE sample_id = ?", [sid]).fetchone()
        review = con.execute("SELECT action, note FROM reviews WHERE sample_id = ?", [sid]).fetchone()
    assert row == ("dropped", "review drop: spam from page test") and review == ("drop", "spam from page test")


def test_bulk_action_on_a_filtered_page_is_one_review_run(seeded):
    at = open_page("samples")
    at.selectbox(key="f_stage").set_value("quality").run()
    at.radio(key="bulk_kind").set_value("keep")
    at.text_input(key="bulk_note").input("short is fine here")
    next(b for b in at.button if b.label == "Apply to this page").click().run()
    assert not at.exception and "Keep (2 samples)" in _shown(at.success[0].value)
    with connect(seeded, read_only=True) as con:
        runs = con.execute("SELECT DISTINCT run_id FROM reviews").fetchall()
        back = con.execute(
            "SELECT count(*) FROM samples WHERE status_reason = 'review keep: short is fine here' AND status = 'active'"
        ).fetchone()[0]
    assert len(runs) == 1 and back == 2


def test_revealing_raw_text_is_explicit_and_logged(seeded):
    sid = _sample(seeded, "t005")
    at = open_page("samples", sample=sid)
    assert "user5@example.com" not in _markdown(at)
    at.text_input(key="raw_reason").input("verify scrubbing").run()
    at.button(key="raw_reveal").click().run()
    assert any("user5@example.com" in t.value for t in at.text)
    with connect(seeded, read_only=True) as con:
        assert con.execute("SELECT sample_id, reason FROM raw_text_views").fetchall() == [(sid, "verify scrubbing")]


def test_sample_without_a_raw_copy_says_why(seeded):
    at = open_page("samples", sample=_sample(seeded, "t004"))  # scrubbed, nothing replaced
    assert "found nothing to replace: the text shown is the original" in _markdown(at)
    assert not [b for b in at.button if b.key == "raw_reveal"]
    at = open_page("samples", sample=_sample(seeded, "t039"))  # not scrubbed: the current text is the raw text
    assert "its current (hidden) text is the raw text" in _markdown(at)
    assert [b for b in at.button if b.key == "raw_reveal"]


def test_duplicates_page_marks_the_keeper(seeded):
    at = open_page("duplicates")
    assert frame(at, "cluster_id", "size")["size"].tolist() == [3]
    assert sum("★ keeper" in str(m.value) for m in at.markdown) == 1


def test_qa_page_shows_agreement_and_queue(seeded):
    at = open_page("qa")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Annotators"] == "3" and float(metrics["Krippendorff's alpha"]) < 1
    assert len(frame(at, "annotator_a", "kappa")) == 3
    assert frame(at, "sample_id", "priority")["reason"].tolist() == ["disagreement"]


def test_splits_page_balance_leakage_and_diff(seeded):
    at = open_page("splits")
    assert {m.label: m.value for m in at.metric}["moved"] == "1"
    assert set(frame(at, "part", "label", "share")["part"]) == {"train", "val", "test"}


def test_models_page_one_click_relabel(seeded):
    at = open_page("models")
    issues = frame(at, "sample_id", "predicted", "score")
    assert len(issues) == 2
    at.button(key="issue_relabel").click().run()
    assert not at.exception
    with connect(seeded, read_only=True) as con:
        rows = con.execute("SELECT sample_id, reason FROM relabel_queue WHERE reason = 'review'").fetchall()
    assert rows == [(issues["sample_id"].iloc[0], "review")]
