"""Kill -9 in the middle of `curator run`, run it again: the catalog ends identical to an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.engine.conftest import ingest_corpus, snapshot


def curator(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from curator.cli import main; main()", "--home", str(home), *args]


def completions(home: Path) -> int:
    return sum(1 for _ in (home / "shards").glob("*/logs/*/completions/*"))


def test_kill_9_then_rerun_equals_uninterrupted(reference, tmp_path):
    from curator.catalog.init import init_workspace

    _, recipe_path, expected, _ = reference
    ws, _ = init_workspace(tmp_path / "ws")
    ingest_corpus(ws, tmp_path)
    child = subprocess.Popen(
        curator(ws.home, "run", str(recipe_path), "--workers", "1"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while completions(ws.home) < 5 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)  # the CLI, the launcher and its workers, mid-run
    child.wait()
    killed_at = completions(ws.home)
    assert child.returncode == -signal.SIGKILL and killed_at >= 5
    assert any(not (d / "results").exists() or not _imported(ws, d.name) for d in (ws.home / "shards").iterdir())

    done = subprocess.run(curator(ws.home, "run", str(recipe_path), "--workers", "1"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "(resumed)" in done.stdout  # the killed stage continued in its own folder, same run id
    assert snapshot(ws) == expected


def _imported(ws, run_id: str) -> bool:
    from curator.catalog import connect

    with connect(ws, read_only=True) as con:
        return bool(con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchall()[0][0])
