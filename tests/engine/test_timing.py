"""Issue 20: a stage run records the wall time of the whole stage (export → phases → import), and `curator run`
reports progress per stage in a log (no terminal), not only its final table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from curator.catalog import connect
from curator.catalog.init import init_workspace
from curator.engine.progress import LogProgress
from tests.engine.conftest import ingest_corpus
from tests.engine.conftest import test_recipe as write_recipe

ROOT = Path(__file__).resolve().parents[2]


def test_runs_record_the_whole_stage_wall_time(tmp_path):
    from curator.engine import load_recipe, run_recipe

    ws, _ = init_workspace(tmp_path / "ws")
    ingest_corpus(ws, tmp_path)
    recipe = load_recipe(write_recipe(tmp_path, drop_stages=("dedup", "pii")))
    seen: dict[str, list[float]] = {}  # stage -> times of its progress calls (its datatrove phases)

    def progress(stage: str, done: int, total: int) -> None:
        seen.setdefault(stage, []).append(time.perf_counter())

    reports = run_recipe(ws, recipe, recipe.stages, "local", 1, progress)
    with connect(ws, read_only=True) as con:
        recorded = dict(con.execute("SELECT stage, duration_s FROM runs WHERE command = 'run'").fetchall())
    assert sorted(recorded) == ["langid", "quality"]
    for stage, seconds in recorded.items():
        phases = seen[stage][-1] - seen[stage][0]
        assert seconds >= phases > 0, (stage, seconds, phases)  # not just the import transaction
    shown = {**_cli_seconds(ws.home, "status"), **_cli_seconds(ws.home, "runs")}
    assert sorted(shown) == sorted((cmd, stage) for cmd in ("status", "runs") for stage in recorded)
    assert all(abs(seconds - recorded[stage]) <= 0.01 for (_, stage), seconds in shown.items()), shown
    for report in reports:  # the table `curator run` prints: the same stage time (plus the clean-up after the row)
        assert recorded[report.stage] <= report.seconds < recorded[report.stage] + 0.5


def _cli_seconds(home: Path, command: str) -> dict[tuple[str, str], float]:
    from typer.testing import CliRunner

    from curator.cli import app

    out = CliRunner().invoke(app, ["--home", str(home), command, "--json"], catch_exceptions=False).stdout
    runs = json.loads(out)
    runs = runs["runs"] if command == "status" else runs
    return {(command, r["stage"]): r["seconds"] for r in runs if r["command"] == "run"}


def test_log_progress_prints_start_heartbeat_and_end(tmp_path):
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            pass

    p = LogProgress(Out(), every=0.05)
    p("langid", 0, 4)
    p("langid", 1, 4)  # too soon: no line
    time.sleep(0.06)
    p("langid", 1, 4)  # a heartbeat even without progress
    p("langid", 4, 4)
    p("langid", 4, 4)  # finished once
    assert [ln.split(",")[0] for ln in lines] == [
        "langid: 0/4 tasks done",
        "langid: 1/4 tasks done",
        "langid: 4/4 tasks done",
    ]


def test_run_in_a_log_reports_progress_per_stage(tmp_path):
    ws, _ = init_workspace(tmp_path / "ws")
    ingest_corpus(ws, tmp_path)
    recipe = write_recipe(tmp_path, drop_stages=("dedup", "pii"))
    env = {**os.environ, "CURATOR_HOME": str(ws.home), "CURATOR_PROGRESS_EVERY": "1"}
    cmd = [str(Path(sys.executable).with_name("curator")), "run", str(recipe), "--workers", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)  # pipes: no TTY
    assert done.returncode == 0, done.stderr
    progress = [ln for ln in done.stderr.splitlines() if " tasks done, " in ln]
    for stage in ("langid", "quality"):
        mine = [ln for ln in progress if ln.startswith(f"{stage}: ")]
        assert mine[0].startswith(f"{stage}: 0/"), progress
        total = mine[0].split("/")[1].split()[0]
        assert mine[-1].startswith(f"{stage}: {total}/{total} tasks done"), progress
