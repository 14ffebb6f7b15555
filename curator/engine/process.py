"""Start the datatrove launcher as a child process, show its progress, and report its failure in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from curator.errors import CuratorError

POLL_S = 0.2


def completed_tasks(run_dir: Path) -> int:
    """Tasks finished so far, over all phases (datatrove completion markers)."""
    return sum(1 for _ in (run_dir / "logs").glob("*/completions/*"))


def run_launcher(run_dir: Path, meta: dict[str, Any], progress: Callable[[str, int, int], None] | None) -> bool:
    """Run (or resume) the stage's datatrove phases; True when all tasks are done, False when queued on Slurm."""
    tmp = run_dir / "plan.json.tmp"
    tmp.write_text(json.dumps(meta, indent=2, default=str))
    tmp.replace(run_dir / "plan.json")
    total, stage = int(meta["tasks"]), meta["stage"]
    if total == 0 or completed_tasks(run_dir) >= total:
        return True
    if meta["executor"] == "slurm" and (run_dir / "slurm_submitted").exists():
        done = completed_tasks(run_dir)
        raise CuratorError(f"{stage}: run {meta['run_id']} is still on Slurm ({done}/{total} tasks done); "
                           "run `curator run` again later")  # fmt: skip
    log = run_dir / "launch.log"
    # LOGURU_DIAGNOSE=NO: datatrove logs tracebacks through loguru, whose default prints local variables
    # (document texts: raw PII in the PII stage) into the log file.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LOGURU_DIAGNOSE": "NO"}
    with open(log, "ab") as out:
        child = subprocess.Popen([sys.executable, "-m", "curator.engine.launch", str(run_dir)],
                                 stdout=out, stderr=subprocess.STDOUT, env=env)  # fmt: skip
        try:
            while child.poll() is None:
                if progress:
                    progress(stage, completed_tasks(run_dir), total)
                time.sleep(POLL_S)
        except BaseException:
            child.kill()
            raise
    if progress:
        progress(stage, completed_tasks(run_dir), total)
    if child.returncode != 0:
        raise CuratorError(f"{stage}: datatrove pipeline failed (exit {child.returncode}): {_last_error(log)} "
                           f"— full log: {log}; run `curator run` again to resume")  # fmt: skip
    return not (meta["executor"] == "slurm" and completed_tasks(run_dir) < total)


def _last_error(log: Path) -> str:
    lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    errs = [ln for ln in lines if "Error" in ln or "error" in ln]
    return (errs or lines or ["no output"])[-1][:300]
