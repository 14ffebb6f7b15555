"""The review library's read side on a seeded workspace, and on workspaces where other areas have not run."""

from __future__ import annotations

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.catalog import connect
from curator.review import duplicates, models, qa, splits
from curator.review.db import read
from curator.review.detail import highlight_segments, sample_detail
from curator.review.overview import overview
from curator.review.samples import NOT_SCRUBBED, SampleFilter, filter_options, list_samples
from tests.review.conftest import LABELS, V1, V2


def test_empty_workspace_explains_what_to_run_first(ws):
    ov = read(ws, overview)
    assert ov["empty"] and ov["samples"] == 0
    assert any("curator ingest" in step for step in ov["next_steps"])
    assert read(ws, list_samples, SampleFilter()) == ([], 0)
    assert read(ws, qa.qa_summary)["available"] is False


def test_filters_page_and_hide_unscrubbed_text(seeded):
    rows, total = read(seeded, list_samples, SampleFilter(status="dropped"), 0, 50)
    assert total == 4 and {r["reason"] for r in rows} == {"too_short", "near_duplicate"}
    rows, total = read(seeded, list_samples, SampleFilter(stage="quality"))
    assert total == 2 and all(r["stage"] == "quality" for r in rows)
    rows, total = read(seeded, list_samples, SampleFilter(), 1, 15)
    assert total == 40 and len(rows) == 15
    hidden = [r for r in read(seeded, list_samples, SampleFilter(), 0, 100)[0] if r["text"] == NOT_SCRUBBED]
    assert len(hidden) == 2, "samples the PII stage has not scrubbed never show their text"
    _, n = read(seeded, list_samples, SampleFilter(search="EMAIL_ADDRESS"))
    assert n == 8  # scrubbed samples with an address: placeholders are searchable, the raw values are not
    assert read(seeded, list_samples, SampleFilter(search="example.com"))[1] == 0


def test_label_filter_uses_resolved_label_over_source_label(seeded):
    opts = read(seeded, filter_options)
    assert set(opts["label"]) == set(LABELS) and "near_duplicate" in opts["reason"]
    rows, total = read(seeded, list_samples, SampleFilter(label="billing"))
    assert total > 0 and all(r["label"] == "billing" for r in rows)


def test_sample_detail_has_lineage_duplicates_annotations_and_marks_placeholders(seeded):
    with connect(seeded, read_only=True) as con:
        sid = con.execute("SELECT sample_id FROM samples WHERE source_key = 't000'").fetchone()[0]
        dup = con.execute("SELECT sample_id FROM samples WHERE source_key = 't002'").fetchone()[0]
    d = read(seeded, sample_detail, sid)
    assert ("<EMAIL_ADDRESS>", True) in d["segments"] and "example.com" not in d["sample"]["text"]
    assert len(d["annotations"]) == 3 and d["label"][0]["label"] == "billing"
    assert [h["stage"] for h in d["history"]] == ["ingest"]
    d2 = read(seeded, sample_detail, dup)
    assert d2["history"][-1]["reason"] == "near_duplicate"
    assert {m["is_keeper"] for m in d2["duplicates"]} == {True, False}


def test_highlight_segments_round_trip():
    text = "mail <EMAIL_ADDRESS> or call [PHONE_NUMBER]!"
    segs = highlight_segments(text)
    assert "".join(t for t, _ in segs) == text
    assert [t for t, pii in segs if pii] == ["<EMAIL_ADDRESS>", "[PHONE_NUMBER]"]


def test_overview_funnel_and_drops_by_stage_and_reason(seeded):
    ov = read(seeded, overview)
    assert [f["stage"] for f in ov["funnel"]][:1] == ["ingest"] and ov["funnel"][-1]["remaining"] == 36
    assert {(d["stage"], d["reason"]) for d in ov["drops_by_stage_reason"]} == {
        ("quality", "too_short"),
        ("dedup", "near_duplicate"),
    }
    assert ov["scrubbed"] == 38


def test_duplicates_keeper_first(seeded):
    rows, total = read(seeded, duplicates.list_clusters)
    assert total == 1 and rows[0]["size"] == 3 and rows[0]["active"] == 1
    members = read(seeded, duplicates.cluster_members, rows[0]["cluster_id"])
    assert members[0]["is_keeper"] and members[0]["status"] == "active"


def test_qa_alpha_matches_the_krippendorff_package(seeded):
    s = read(seeded, qa.qa_summary)
    assert s["available"] and s["annotators"] == 3
    data = np.full((3, 15), np.nan)  # the seeded votes: c disagrees on every third sample
    for i in range(15):
        for a in range(3):
            data[a, i] = i % 3 if a < 2 or i % 3 else (i + 1) % 3
    assert abs(s["alpha"] - krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")) < 1e-9
    pairs = {(k["annotator_a"], k["annotator_b"]): k for k in s["kappa"]}
    assert pairs[("a@x.org", "b@x.org")]["kappa"] == 1.0 and pairs[("a@x.org", "c@x.org")]["kappa"] < 1.0
    assert s["queue"]["counts"] == [{"reason": "disagreement", "status": "pending", "n": 1}]


def test_splits_balance_leakage_and_diff(seeded):
    assert {v["version"] for v in read(seeded, splits.list_versions)} == {V1, V2}
    bal = read(seeded, splits.balance, "main", V1)
    assert {b["part"] for b in bal} == {"train", "val", "test"}
    leak = read(seeded, splits.leakage, "main", V1)
    assert leak["exact_text"] == [] and leak["dup_cluster"] == []
    d = read(seeded, splits.diff, ("main", V1), ("main", V2))
    assert d["counts"]["moved"] == 1 and d["rows"][0]["part_a"] == "train" and d["rows"][0]["part_b"] == "test"


def test_models_metrics_confusion_and_label_issues(seeded):
    rows = read(seeded, models.list_models)
    assert rows[0]["test_acc"] == 0.83 and rows[0]["split_version"] == V2
    assert len(read(seeded, models.confusion, rows[0]["model_id"])) == 9
    issues = read(seeded, models.label_issues, rows[0]["model_id"])
    assert len(issues) == 2 and all(i["predicted"] != i["label"] for i in issues)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), min_size=1, max_size=6),
)
def test_search_pattern_matches_the_text_literally_ignoring_case(text, needle):
    """The samples search (RE2, `\\Q…\\E`, flag i) finds exactly the texts containing the needle, any case."""
    import duckdb

    from curator.review.samples import literal_pattern

    found = duckdb.execute("SELECT regexp_matches(?, ?, 'i')", [text, literal_pattern(needle)]).fetchone()[0]
    if needle.lower() in text.lower():
        assert found
    if found:
        assert needle.casefold() in text.casefold()
