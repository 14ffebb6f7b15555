"""Curator overrides: each is a reviews row + a decisions row (stage 'review') + a runs row, and moves status."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.catalog import connect
from curator.errors import CuratorError
from curator.review.actions import apply_action
from curator.review.db import read
from curator.review.detail import reveal_raw_text, sample_detail
from curator.stages.pii.purge import purge_raw


def _ids(ws, n=40):
    with connect(ws, read_only=True) as con:
        return [r[0] for r in con.execute("SELECT sample_id FROM samples ORDER BY source_key LIMIT ?", [n]).fetchall()]


def test_drop_then_keep_is_recorded_and_explained(seeded, cli):
    sid = _ids(seeded)[5]
    res = apply_action(seeded, [sid], "drop", "off-topic spam", reviewer="ann")
    assert res.reason == "review drop: off-topic spam"
    with connect(seeded, read_only=True) as con:
        st_ = con.execute(
            "SELECT status, status_stage, status_reason FROM samples WHERE sample_id = ?", [sid]
        ).fetchone()
        review = con.execute("SELECT action, note, reviewer, previous_status, run_id FROM reviews").fetchone()
        run = con.execute("SELECT command, stage, n_dropped FROM runs WHERE run_id = ?", [res.run_id]).fetchone()
    assert st_ == ("dropped", "review", "review drop: off-topic spam")
    assert review == ("drop", "off-topic spam", "ann", "active", res.run_id)
    assert run == ("review", "review", 1)
    out = cli("explain", sid).output
    assert "review_drop_v1" in out and "off-topic spam" in out
    apply_action(seeded, [sid], "keep", "actually fine")
    hist = json.loads(cli("explain", sid, "--json").output)
    assert hist["sample"]["status"] == "active"
    assert [(h["stage"], h["decision"]) for h in hist["history"]][-2:] == [("review", "drop"), ("review", "keep")]


def test_keep_reinstates_a_sample_a_stage_dropped(seeded):
    sid = _ids(seeded)[10]  # dropped by quality (too_short)
    apply_action(seeded, [sid], "keep", "long enough for us")
    with connect(seeded, read_only=True) as con:
        assert con.execute("SELECT status, status_reason FROM samples WHERE sample_id = ?", [sid]).fetchone() == (
            "active",
            "review keep: long enough for us",
        )


def test_set_label_writes_the_resolved_label_and_relabel_queues(seeded):
    a, b = _ids(seeded)[0], _ids(seeded)[1]
    apply_action(seeded, [a], "set_label", "clearly shipping", label="shipping")
    res = apply_action(seeded, [b], "relabel", "ambiguous")
    assert res.queued
    with connect(seeded, read_only=True) as con:
        assert con.execute("SELECT label, method FROM labels WHERE sample_id = ?", [a]).fetchone() == (
            "shipping",
            "review",
        )
        prev = con.execute("SELECT previous_label FROM reviews WHERE sample_id = ?", [a]).fetchone()[0]
        queue = con.execute(
            "SELECT reason, status FROM relabel_queue WHERE sample_id = ? AND run_id = ?", [b, res.run_id]
        ).fetchone()
        dec = con.execute(
            "SELECT decision, reason FROM decisions WHERE sample_id = ? AND stage = 'review'", [a]
        ).fetchone()
    assert prev == "billing" and queue == ("review", "pending")
    assert dec == ("label", "review set_label → shipping: clearly shipping")


def test_bulk_action_is_one_run(ingested):
    ids = _ids(ingested, 12)
    res = apply_action(ingested, ids + ids[:3], "drop", "bad batch")
    assert res.n == 12
    with connect(ingested, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM decisions WHERE run_id = ?", [res.run_id]).fetchone()[0] == 12
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'review'").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("ids", "action", "label", "reason"),
    [
        ([], "drop", None, "no samples selected"),
        (["nope"], "drop", None, "no sample 'nope'"),
        (None, "frobnicate", None, "action 'frobnicate'"),
        (None, "set_label", " ", "set_label needs a label"),
    ],
)
def test_bad_actions_are_one_line_errors_and_write_nothing(ingested, ids, action, label, reason):
    ids = _ids(ingested, 1) if ids is None else ids
    with pytest.raises(CuratorError, match=reason):
        apply_action(ingested, ids, action, "x", label=label)
    with connect(ingested, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'review'").fetchone()[0] == 0


def test_raw_text_needs_a_reason_and_every_reveal_is_logged(seeded):
    sid = _ids(seeded)[0]
    with pytest.raises(CuratorError, match="needs a reason"):
        reveal_raw_text(seeded, sid, "ann", "  ")
    raw = reveal_raw_text(seeded, sid, "ann", "check the scrubber")
    assert "user0@example.com" in raw
    with connect(seeded, read_only=True) as con:
        assert con.execute("SELECT reviewer, reason, found FROM raw_text_views").fetchall() == [
            ("ann", "check the scrubber", True)
        ]


def test_raw_text_is_the_raw_row_or_the_current_text_until_purged(seeded):
    ids = _ids(seeded)
    changed, unchanged, unscrubbed = ids[0], ids[4], ids[-1]  # t000 had an e-mail; t004 none; t039 not scrubbed
    state = {sid: read(seeded, sample_detail, sid) for sid in (changed, unchanged, unscrubbed)}
    assert {sid: (d["raw_state"], d["raw_available"]) for sid, d in state.items()} == {
        changed: ("stored", True),
        unchanged: ("unchanged", False),
        unscrubbed: ("current", True),
    }
    assert "the text shown is the original" in state[unchanged]["raw_note"]
    assert (
        reveal_raw_text(seeded, changed, "ann", "check") == "Ticket 0: my order 1000 is late, please help with "
        "billing. Write to me at user0@example.com."
    )
    assert reveal_raw_text(seeded, unchanged, "ann", "check") == state[unchanged]["sample"]["text"]
    raw = reveal_raw_text(seeded, unscrubbed, "ann", "check")  # its current text, hidden in the app
    assert raw == "Ticket 39: my order 1039 is late, please help with billing."
    purge_raw(seeded, compact=False)
    assert read(seeded, sample_detail, changed)["raw_state"] == "purged"
    assert reveal_raw_text(seeded, changed, "ann", "after purge") is None
    with connect(seeded, read_only=True) as con:
        assert con.execute("SELECT reason, found FROM raw_text_views ORDER BY viewed_at").fetchall()[-1] == (
            "after purge",
            False,
        )


def _status_matches_latest_keep_or_drop(con) -> int:
    """Samples whose status disagrees with their latest keep/drop decision (0 when the invariant holds)."""
    return con.execute(
        "WITH last AS (SELECT sample_id, arg_max(decision, (created_at, seq)) AS d FROM decisions "
        "WHERE decision IN ('keep', 'drop') GROUP BY 1) SELECT count(*) FROM samples s JOIN last USING (sample_id) "
        "WHERE (s.status = 'dropped') <> (last.d = 'drop')"
    ).fetchone()[0]


ACTION = st.tuples(st.sampled_from(["keep", "drop", "relabel", "set_label"]), st.lists(st.integers(0, 7), min_size=1))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(ACTION, min_size=1, max_size=4))
def test_status_always_follows_the_latest_keep_or_drop(ingested, steps):
    ids = _ids(ingested, 8)
    for action, picks in steps:
        apply_action(ingested, [ids[i] for i in picks], action, "prop", label="x" if action == "set_label" else None)
    with connect(ingested, read_only=True) as con:
        assert _status_matches_latest_keep_or_drop(con) == 0
        n_reviews = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
        n_decisions = con.execute("SELECT count(*) FROM decisions WHERE stage = 'review'").fetchone()[0]
    assert n_reviews == n_decisions
    assert read(ingested, lambda con: con.execute("SELECT count(*) FROM samples").fetchone()[0]) == 40
