"""`curator revert RUN_ID` (issue 20): a run's drops undone by new decisions; history kept; refusals with reasons."""

from __future__ import annotations

from curator.catalog import Run, connect, decisions
from curator.catalog.runs import utcnow
from tests.engine.test_rejudge import CLEAR, LOW, _recipe, _review_drop, _sid, _status
from tests.ingest.hazards import write_jsonl


def _langid_run(cli, ws, tmp_path) -> str:
    from curator.engine import run_recipe

    rows = [{"id": key, "text": text} for key, text in {**LOW, **CLEAR}.items()]
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    strict = _recipe(tmp_path, 0.4)
    return run_recipe(ws, strict, strict.stages, "local", 1)[0].run_id


def test_revert_restores_the_runs_drops_and_explain_shows_both(cli, ws, tmp_path):
    run_id = _langid_run(cli, ws, tmp_path)
    assert {k for k, (s, _) in _status(ws).items() if s == "dropped"} == {*LOW, "ru", "zh"}
    _review_drop(ws, "dhcp")  # a later decision by a curator: it stands

    out = cli("revert", run_id).output

    assert f"reverted langid run {run_id}" in out and "5 sample(s) active again" in out
    assert "skipped 1 sample(s): a later decision of run review-test sets their status" in out
    after = _status(ws)
    assert {k for k, (s, _) in after.items() if s == "active"} == {*LOW, *CLEAR} - {"dhcp"}
    assert after["dhcp"] == ("dropped", "review")
    with connect(ws, read_only=True) as con:
        n_decisions = con.execute("SELECT count(*) FROM decisions WHERE run_id = ?", [run_id]).fetchall()[0][0]
        revert = con.execute("SELECT command, stage, n_kept FROM runs WHERE command = 'revert'").fetchall()
    assert n_decisions == len(LOW) + len(CLEAR)  # the run's own decisions are all still there
    assert revert == [("revert", "langid", 5)]
    story = cli("explain", _sid(ws, "perl")).output
    assert "language score 0.22 < 0.4" in story and f"revert of run {run_id}: drop undone" in story

    again = cli("revert", run_id, ok=False)
    assert again.exit_code == 1 and f"run {run_id} was already reverted by run revert-" in again.output


def test_reverted_samples_are_not_dropped_again_by_the_same_recipe(cli, ws, tmp_path):
    from curator.engine import run_recipe

    run_id = _langid_run(cli, ws, tmp_path)
    cli("revert", run_id)
    strict = _recipe(tmp_path, 0.4)
    assert run_recipe(ws, strict, strict.stages, "local", 1)[0].status == "nothing to do"
    assert all(status == "active" for status, _ in _status(ws).values())


def test_revert_refusals_name_the_reason(cli, ws, tmp_path):
    _langid_run(cli, ws, tmp_path)
    with connect(ws) as con:
        ingest = con.execute("SELECT run_id FROM runs WHERE command = 'ingest'").fetchall()[0][0]
        pii, dedup = Run("run", {}, "pii"), Run("run", {}, "dedup")
        for run in (pii, dedup):
            run.record(con, status="succeeded")
        con.execute(
            "INSERT INTO splits (name, version, created_at, run_id, mode, label_source, n_members, path) "
            "VALUES ('main', 'v1', ?, 'build-split-x', 'stratified', 'source', 0, 'splits/main/v1')",
            [utcnow()],
        )
    cases = {
        "no-such-run": "revert: no run 'no-such-run' in this workspace",
        ingest: f"revert: run {ingest} is a `ingest` run; revert undoes a stage run of `curator run`",
        pii.run_id: "is a PII run: it drops nothing, and its scrubbed text is what later stages",
        dedup.run_id: f"split main@v1 (run build-split-x) was built after dedup run {dedup.run_id}",
    }
    for run_id, reason in cases.items():
        result = cli("revert", run_id, ok=False)
        assert result.exit_code == 1 and reason in result.output, result.output
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'revert'").fetchall()[0][0] == 0


def test_review_kept_sample_is_untouched_by_revert(cli, ws, tmp_path):
    run_id = _langid_run(cli, ws, tmp_path)
    sid = _sid(ws, "x11")
    with connect(ws) as con:
        keep = {"sample_id": sid, "step": "review_v1", "decision": "keep", "reason": "curator: English", "seq": 1}
        decisions.write(con, [keep], run_id="review-keep", stage="review")
    out = cli("revert", run_id).output
    assert "1 sample(s) it dropped are already active (re-judged or reviewed)" in out and "skipped" not in out
    with connect(ws, read_only=True) as con:
        row = con.execute("SELECT status, status_stage FROM samples WHERE sample_id = ?", [sid]).fetchall()
        reverts = con.execute(
            "SELECT count(*) FROM decisions WHERE sample_id = ? AND step = 'revert_v1'", [sid]
        ).fetchall()[0][0]
    assert row == [("active", "review")] and reverts == 0


def test_revert_holds_the_writer_lock(cli, ws, tmp_path, monkeypatch):
    import fcntl
    import os

    import pytest

    from curator.catalog.lock import lock_path
    from curator.catalog.revert import revert_run
    from curator.errors import WorkspaceBusy

    run_id = _langid_run(cli, ws, tmp_path)
    monkeypatch.setenv("CURATOR_WAIT", "0.2")
    lock_path(ws, "writer").parent.mkdir(exist_ok=True)
    held = os.open(lock_path(ws, "writer"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(WorkspaceBusy, match="writer lock"):
            revert_run(ws, run_id)
    finally:
        os.close(held)
    assert {k for k, (s, _) in _status(ws).items() if s == "dropped"} == {*LOW, "ru", "zh"}
