"""catalog/decisions.py: the one writer of `decisions`, and the status rule (real DuckDB catalog)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from curator.catalog import connect, decisions, transaction, utcnow


def _samples(con, *ids: str) -> None:
    con.execute(
        "INSERT INTO samples (sample_id, source, source_key, text, text_hash, ingested_at) "
        "SELECT i, 't', i, 'text ' || i, i, now() FROM unnest(?) AS u(i)",
        [list(ids)],
    )


def _status(con, sid: str) -> tuple:
    return con.execute("SELECT status, status_stage, status_reason FROM samples WHERE sample_id = ?", [sid]).fetchall()[
        0
    ]


@pytest.fixture
def con(ws):
    with connect(ws, quiet=True) as con:
        _samples(con, "a", "b", "c")
        yield con


def test_sql_rows_get_run_stage_and_time_and_a_drop_sets_status(con):
    now = utcnow()
    sql = "SELECT sample_id, 'rule_v1' AS step, decision, reason, 0.5 AS score, NULL AS details, seq FROM x"
    con.execute(
        "CREATE TEMP TABLE x AS SELECT * FROM (VALUES ('a', 'drop', 'too short', 1), ('b', 'keep', NULL, 2)) "
        "t(sample_id, decision, reason, seq)"
    )
    with transaction(con):
        assert decisions.write(con, sql, run_id="r1", stage="quality", now=now) == 2
    rows = con.execute(
        "SELECT run_id, sample_id, stage, step, decision, reason, score, created_at, seq "
        "FROM decisions WHERE run_id = 'r1' ORDER BY seq"
    ).fetchall()
    assert rows == [
        ("r1", "a", "quality", "rule_v1", "drop", "too short", 0.5, now, 1),
        ("r1", "b", "quality", "rule_v1", "keep", None, 0.5, now, 2),
    ]
    assert _status(con, "a") == ("dropped", "quality", "too short")
    assert _status(con, "b") == ("active", None, None)  # a stage's keep changes nothing


def test_dicts_with_named_params_and_json_details(con):
    rows = [
        {
            "sample_id": "c",
            "step": "majority_v1",
            "decision": "label",
            "reason": "resolved",
            "seq": 0,
            "details": '{"label": "billing"}',
        }
    ]
    assert decisions.write(con, rows, run_id="r2", stage="label") == 1
    assert decisions.write(con, [], run_id="r2", stage="label") == 0
    assert con.execute("SELECT details->>'label', score FROM decisions WHERE run_id = 'r2'").fetchall() == [
        ("billing", None)
    ]
    assert _status(con, "c") == ("active", None, None)  # a label decision never changes the status


def test_review_keep_reactivates_and_review_decisions_win(con):
    drop = pa.table(
        {
            "sample_id": ["a", "b"],
            "step": ["s", "s"],
            "decision": ["drop", "drop"],
            "reason": ["spam", "spam"],
            "score": [None, None],
            "details": [None, None],
            "seq": [0, 1],
        },
        schema=decisions.ROW_SCHEMA,
    )
    decisions.write(con, drop, run_id="run1", stage="quality")
    keep = [{"sample_id": "a", "step": "review_keep_v1", "decision": "keep", "reason": "review keep: fine", "seq": 0}]
    decisions.write(con, keep, run_id="rev1", stage="review")
    assert _status(con, "a") == ("active", "review", "review keep: fine")
    # a later stage run's drop of a reviewed sample is recorded but does not overturn the review
    later = [{"sample_id": s, "step": "t", "decision": "drop", "reason": "later", "seq": i} for i, s in enumerate("ac")]
    decisions.write(con, later, run_id="run2", stage="dedup")
    assert _status(con, "a") == ("active", "review", "review keep: fine")
    assert _status(con, "c") == ("dropped", "dedup", "later")
    assert con.execute("SELECT count(*) FROM decisions WHERE run_id = 'run2'").fetchall() == [(2,)]
    review_drop = [{"sample_id": "b", "step": "review_drop_v1", "decision": "drop", "reason": "review drop", "seq": 0}]
    decisions.write(con, review_drop, run_id="rev2", stage="review")
    assert _status(con, "b") == ("dropped", "review", "review drop")


def test_latest_decision_within_a_run_decides(con):
    rows = [
        {"sample_id": "a", "step": "review_drop_v1", "decision": "drop", "reason": "first", "seq": 0},
        {"sample_id": "a", "step": "review_keep_v1", "decision": "keep", "reason": "second", "seq": 1},
    ]
    decisions.write(con, rows, run_id="rev", stage="review")
    assert _status(con, "a") == ("active", "review", "second")


def test_a_select_missing_a_column_is_refused(con):
    with pytest.raises(Exception, match="seq"):
        decisions.write(
            con,
            "SELECT 'a' AS sample_id, 's' AS step, 'keep' AS decision, NULL AS reason, NULL AS score, NULL AS details",
            run_id="r",
            stage="x",
        )


def test_positional_parameters_and_a_write_of_nothing_changes_nothing(con):
    sql = "SELECT sample_id, ? AS step, 'drop' AS decision, ? AS reason, NULL AS score, NULL AS details, 0 AS seq "
    assert (
        decisions.write(con, sql + "FROM samples WHERE sample_id = ?", run_id="p", stage="pii", params=["s", "r", "b"])
        == 1
    )
    assert _status(con, "b") == ("dropped", "pii", "r")
    assert decisions.write(con, sql + "FROM samples WHERE false", run_id="q", stage="pii", params=["s", "r"]) == 0
    assert con.execute("SELECT count(*) FROM decisions WHERE run_id = 'q'").fetchall() == [(0,)]
