"""One writer at a time per workspace, and a curator's review decision is never overturned by an earlier run.

Real processes (`python -m curator.cli`) against one workspace; a run is held at a named point
(CURATOR_PAUSE_AT, curator.faults) so that the interleaving is the one under test, not a matter of timing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from curator.catalog import connect
from curator.catalog.lock import holder, writer_lock
from curator.review.actions import apply_action
from tests.engine.conftest import ingest_corpus, write_corpus
from tests.engine.conftest import test_recipe as recipe_file
from tests.trust.procs import wait_for


def _ids(ws) -> dict[str, str]:  # noqa: ANN001
    with connect(ws, read_only=True) as con:
        return dict(con.execute("SELECT source_key, sample_id FROM samples").fetchall())


def _paused_run(spawn, ws, tmp_path: Path, point: str = "run.langid.after_export", stages: str = "langid"):  # noqa: ANN001, ANN202
    """A `curator run` held at `point`; returns (child, go) where go() lets it continue."""
    pause = tmp_path / "pause"
    child = spawn(
        ws.home,
        "run",
        str(recipe_file(tmp_path)),
        "--stages",
        stages,
        "--workers",
        "1",
        CURATOR_PAUSE_AT=point,
        CURATOR_PAUSE_DIR=str(pause),
    )
    wait_for(lambda: (pause / f"{point}.paused").exists() or child.proc.poll() is not None, what=f"run at {point}")
    assert child.proc.poll() is None, child.stderr()
    return child, lambda: (pause / f"{point}.go").touch()


def test_review_keep_after_export_is_not_overturned(ws, tmp_path, spawn):
    """A curator keeps 'zh' (langid would drop it) and drops 'clean03' while a langid run's export is out."""
    ingest_corpus(ws, tmp_path)
    ids = _ids(ws)
    run, go = _paused_run(spawn, ws, tmp_path)
    apply_action(ws, [ids["zh"]], "keep", "customer writes Chinese; we answer it", reviewer="ana")
    apply_action(ws, [ids["clean03"]], "drop", "test ticket", reviewer="ana")
    go()
    assert run.wait() == 0, run.stderr()

    with connect(ws, read_only=True) as con:
        status = dict(con.execute("SELECT source_key, (status, status_stage) FROM samples").fetchall())
        zh = con.execute(
            "SELECT decision, details FROM decisions WHERE stage = 'langid' AND sample_id = ?", [ids["zh"]]
        ).fetchall()
        clean03 = con.execute(
            "SELECT count(*) FROM decisions WHERE stage = 'langid' AND sample_id = ?", [ids["clean03"]]
        ).fetchall()[0][0]
        counts = json.loads(con.execute("SELECT counts FROM runs WHERE command = 'run'").fetchall()[0][0])
    assert status["zh"] == ("active", "review")  # the curator's keep stands
    assert status["clean03"] == ("dropped", "review")  # the curator's drop stands
    assert status["clean00"] == ("active", None)
    # the stage's verdict is on record, marked as held by the review; the dropped sample got no stage decision
    assert [(d, json.loads(details).get("review_held")) for d, details in zh] == [("drop", True)]
    assert clean03 == 0
    assert counts["dropped"] == 0 and counts["held_by_review"] == 1


def test_second_run_waits_and_does_not_redo_shards(ws, tmp_path, spawn):
    ingest_corpus(ws, tmp_path)
    first, go = _paused_run(spawn, ws, tmp_path)
    second = spawn(ws.home, "run", str(tmp_path / "recipe.yaml"), "--stages", "langid", "--workers", "1", "--json")
    wait_for(lambda: "waiting for" in second.stderr() or second.proc.poll() is not None, what="the second run")
    assert f"waiting for pid {first.pid} (`curator run`, since " in second.stderr()
    go()
    assert first.wait() == 0, first.stderr()
    assert second.wait() == 0, second.stderr()

    (report,) = json.loads(second.stdout())
    assert report["status"] == "nothing to do"
    with connect(ws, read_only=True) as con:
        runs = con.execute("SELECT count(*) FROM runs WHERE command = 'run'").fetchall()[0][0]
        per_sample = con.execute(
            "SELECT max(n) FROM (SELECT count(*) n FROM decisions WHERE stage = 'langid' GROUP BY sample_id)"
        ).fetchall()[0][0]
    assert runs == 1 and per_sample == 1
    assert len([p for p in (ws.home / "shards").iterdir() if p.is_dir()]) == 1  # one export, one set of shards


def test_writer_waits_for_the_holder_or_gives_up_after_wait(ws, tmp_path, spawn):
    """While another process holds the writer lock, ingest says who it waits for; --wait bounds the wait."""
    data = write_corpus(tmp_path / "a.jsonl", [{"id": "a1", "text": "A first ticket about a late parcel."}])
    with writer_lock(ws, "review keep"):
        impatient = spawn(ws.home, "--wait", "0.5", "ingest", str(data), "--source", "a")
        assert impatient.wait() == 1
        patient = spawn(ws.home, "ingest", str(data), "--source", "a")
        wait_for(lambda: "waiting for" in patient.stderr() or patient.proc.poll() is not None, what="waiting")
        assert patient.proc.poll() is None  # still waiting while the lock is held
    assert patient.wait() == 0, patient.stderr()

    err = impatient.stderr().strip().splitlines()
    assert err[-1].startswith(f"error: workspace {ws.home} is busy: pid {os.getpid()} ")
    assert "(`curator review keep`, since " in err[-1] and "waited 0.5s (--wait SECONDS" in err[-1]
    assert "waiting for pid " in patient.stderr() and "`curator review keep`" in patient.stderr()
    assert set(_ids(ws)) == {"a1"}


def test_ingest_during_purge_raw_swap_is_not_lost(ws, tmp_path, spawn):
    """purge-raw is held between copying the catalog and swapping the copy in; an ingest started then waits for it
    (before: it committed into the old file, which the swap then replaced — its rows silently lost)."""
    first = [{"id": f"a{i}", "text": f"First batch ticket {i}: my parcel is late again."} for i in range(3)]
    cli_ingest = spawn(ws.home, "ingest", str(write_corpus(tmp_path / "a.jsonl", first)), "--source", "a")
    assert cli_ingest.wait() == 0, cli_ingest.stderr()
    pause = tmp_path / "pause"
    purge = spawn(ws.home, "purge-raw", "--yes", CURATOR_PAUSE_AT="purge-raw.before_swap", CURATOR_PAUSE_DIR=str(pause))
    wait_for(lambda: (pause / "purge-raw.before_swap.paused").exists() or purge.proc.poll() is not None, what="purge")
    assert purge.proc.poll() is None, purge.stderr()

    second = [{"id": f"b{i}", "text": f"Second batch ticket {i}: I was charged twice."} for i in range(4)]
    ingest = spawn(ws.home, "ingest", str(write_corpus(tmp_path / "b.jsonl", second)), "--source", "b", "--json")
    wait_for(lambda: "waiting for" in ingest.stderr() or ingest.proc.poll() is not None, what="the ingest")
    assert f"waiting for pid {purge.pid} (`curator purge-raw`, since " in ingest.stderr()
    (pause / "purge-raw.before_swap.go").touch()
    assert purge.wait() == 0, purge.stderr()
    assert ingest.wait() == 0, ingest.stderr()

    assert json.loads(ingest.stdout())["accepted"] == 4
    assert set(_ids(ws)) == {"a0", "a1", "a2", "b0", "b1", "b2", "b3"}  # every committed row is there


def test_a_dead_writers_lock_is_taken_over_and_readers_never_wait(ws, tmp_path, spawn):
    """An ingest SIGKILLed inside its transaction leaves its name in the lock file but no lock: the next writer
    goes ahead at once; and readers do not take the writer lock at all."""
    data = write_corpus(tmp_path / "a.jsonl", [{"id": "a1", "text": "A ticket about a refund that never came."}])
    killed = spawn(ws.home, "ingest", str(data), "--source", "a", CURATOR_FAULT_AT="ingest.before_commit")
    assert killed.wait() == -9
    assert holder(ws) is not None and holder(ws)["pid"] == killed.pid and holder(ws)["command"] == "ingest"

    again = spawn(ws.home, "--wait", "0", "ingest", str(data), "--source", "a")
    assert again.wait() == 0, again.stderr()
    assert "waiting for" not in again.stderr() and set(_ids(ws)) == {"a1"}
    with writer_lock(ws, "test"):
        reader = spawn(ws.home, "--wait", "0", "status", "--json")
        assert reader.wait() == 0, reader.stderr()
    assert "waiting for" not in reader.stderr()
