"""The catalog side of the audit without Label Studio: answers already pulled (rows written here as `annotate
pull` writes them; tests/audit/test_audit_loop.py runs the real server) → report, apply, resolve."""

from __future__ import annotations

import json

import duckdb
import pytest

from curator.audit.apply import apply
from curator.audit.report import report
from curator.catalog import connect, decisions, transaction, utcnow
from curator.label.resolve import ResolveOptions, resolve

from .conftest import sql

RULE = "outliers_v1"


@pytest.fixture
def answered(ws):
    """8 samples dropped by outliers_v1, audited in project 'rules'; answers: 6 right, 2 wrong (one by two people
    who disagree on a third sample: a tie is unsure)."""
    from curator.ingest import IngestOptions, ingest

    path = ws.tmp_dir / "t.jsonl"
    path.write_text("".join(json.dumps({"id": f"k{i}", "text": f"short {i}", "label": "a"}) + "\n" for i in range(8)))
    ingest(ws, [path], IngestOptions("t"))
    ids = [r[0] for r in sql(ws, "SELECT sample_id FROM samples ORDER BY source_key")]
    rows = [
        {"sample_id": s, "step": RULE, "decision": "drop", "reason": f"{RULE}: too_short (7 < 20 chars)", "seq": i}
        for i, s in enumerate(ids)
    ]
    with connect(ws) as con, transaction(con):
        decisions.write(con, rows, run_id="run-q", stage="quality")
        con.execute("UPDATE samples SET pii_scrubbed = true")
    answers = {0: ["wrong"], 1: ["wrong"], 2: ["right", "wrong"]} | {i: ["right"] for i in range(3, 8)}
    _seed_answers(ws, ids, answers)
    return ids


def _seed_answers(ws, ids: list[str], answers: dict[int, list[str]]) -> None:
    """TEST HELPER: the rows `audit decisions` and `annotate pull` write (project, tasks, audit items, answers)."""
    con = duckdb.connect(str(ws.catalog_path))
    now = utcnow()
    try:
        con.execute(
            "INSERT INTO ls_projects VALUES ('rules', 1, 'http://x', 'audit', '[\"right\",\"wrong\",\"unsure\"]', "
            "2, 0.5, NULL, NULL, ?, 'r', NULL)",
            [now],
        )
        ann = 0
        for i, sid in enumerate(ids):
            con.execute(
                "INSERT INTO ls_tasks (project, task_id, sample_id, kind, overlap, round, text_hash, pushed_at, "
                "run_id) VALUES ('rules', ?, ?, 'audit', 1, 0, 'h', ?, 'r')",
                [i, sid, now],
            )
            con.execute(
                "INSERT INTO audit_items (project, task_id, sample_id, stage, step, kind, reason_class, decision_run, "
                "decision_seq, text_hash, pushed_at, run_id) VALUES ('rules', ?, ?, 'quality', ?, 'drop', 'c', "
                "'run-q', ?, 'h', ?, 'r')",
                [i, sid, RULE, i, now],
            )
            for who, label in enumerate(answers[i]):
                ann += 1
                con.execute(
                    "INSERT INTO annotations (project, annotation_id, task_id, sample_id, annotator, label, "
                    "was_cancelled, deleted, simulated, pulled_at, run_id) "
                    "VALUES ('rules', ?, ?, ?, ?, ?, false, false, false, ?, 'p')",
                    [ann, i, sid, f"auditor{who}@x", label, now],
                )
    finally:
        con.close()


def test_report_counts_ties_as_unsure_and_flags_with_the_parameter(answered, ws):
    result = report(ws, min_precision=0.95)
    (r,) = result["rules"]
    assert (r["n_audited"], r["n_right"], r["n_wrong"], r["n_unsure"]) == (8, 5, 2, 1)
    assert r["precision"] == pytest.approx(5 / 7) and r["n_decisions"] == 8
    assert r["est_wrong"] == pytest.approx(round(2 / 7 * 8, 1))
    assert (r["n_overlapped"], r["agreement"]) == (1, 0.0)
    assert r["flagged"] and r["ci_high"] < 0.95
    assert r["parameter"] is None  # no `curator run` recorded its recipe here: nothing to name


def test_apply_restores_exactly_the_wrong_drops_as_review_keeps(answered, ws):
    done = apply(ws)
    assert done["restored"] == 2 and done["by_rule"][0]["rule"] == RULE
    status = dict(sql(ws, "SELECT sample_id, status FROM samples"))
    assert [sid for sid in answered if status[sid] == "active"] == answered[:2]
    reasons = sql(ws, "SELECT DISTINCT stage, decision, reason FROM decisions WHERE stage = 'review'")
    assert reasons == [("review", "keep", f"review keep: audit: auditors judged the {RULE} drop wrong")]
    assert apply(ws)["restored"] == 0  # restored once


def test_resolve_leaves_audit_answers_out_of_labels(answered, ws):
    resolve(ws, ResolveOptions())
    assert sql(ws, "SELECT count(*) FROM labels")[0][0] == 0


def test_a_bare_annotate_command_never_picks_the_audit_project(answered, ws):
    from curator.errors import CuratorError
    from curator.label.client import get_project

    with connect(ws, read_only=True) as con:
        assert get_project(con, "rules").task_type == "audit"  # by name it is there
        with pytest.raises(CuratorError, match="no Label Studio project yet"):
            get_project(con, None)  # `annotate push` without --project would otherwise send samples into it


def test_a_flagged_rule_names_the_parameter_of_its_most_frequent_reason(ws):
    from curator.audit.params import parameter
    from curator.catalog import Run

    steps = [{"name": "outliers_v2", "params": {"min_chars": 20, "min_letter_ratio": 0.5}}]
    run = Run("run", {"recipe": {"stages": [{"stage": "quality", "steps": steps}]}}, stage="quality")
    with connect(ws) as con, transaction(con):
        run.record(con, status="succeeded")
    with connect(ws, read_only=True) as con:
        assert parameter(con, "outliers_v2", "outliers_v2: too_short (# < # chars)") == (
            "quality › outliers_v2 › min_chars = 20"  # a later version of a known rule maps like its first
        )
        assert parameter(con, "outliers_v2", "outliers_v2: something new") == (
            "quality › outliers_v2 › params (min_chars, min_letter_ratio)"
        )
        assert parameter(con, "never_ran_v1", "x") is None


def test_annotate_push_refuses_an_audit_project(answered, ws):
    from curator.errors import CuratorError
    from curator.label.push import PushOptions, push

    with pytest.raises(CuratorError, match="audits decisions: send them with `curator audit decisions`"):
        push(ws, PushOptions(project="rules"))


def test_the_review_qa_page_leaves_audit_answers_out(answered, ws):
    from curator.review.db import read
    from curator.review.qa import qa_summary

    assert read(ws, qa_summary)["available"] is False  # only audit answers: no labeling annotation yet


def test_cli_report_and_apply(answered, cli):
    out = cli("audit", "report", "--min-precision", "0.95").output
    assert "outliers_v1" in out and "5/2/1" in out and "[0.36, 0.92]" in out
    assert "flagged: outliers_v1 precision below 0.95" in out
    assert json.loads(cli("audit", "report", "--json").output)["rules"][0]["n_wrong"] == 2
    line = "audit: outliers_v1 dropped 8 samples; 8 audited; precision 0.71 [0.36, 0.92]"
    assert line in cli("status").output.replace("\n", " ")
    assert "restored 2 samples judged wrongly dropped" in cli("audit", "apply").output
    bad = cli("audit", "decisions", "--project", "rules", "--stages", "nope", ok=False)
    assert bad.exit_code == 1 and "--stages 'nope'" in bad.output
