"""Start the datatrove launcher as a child process, show its progress, and report its failure in one line.

`Launcher` keeps one `--serve` child for all the local stages of a recipe (imports and models loaded once);
Ray and Slurm stages start one launcher process each, as `run_launcher` does.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from curator.errors import CuratorError
from curator.stages.registry import child_env

POLL_S = 0.2


def completed_tasks(run_dir: Path) -> int:
    """Tasks finished so far, over all phases (datatrove completion markers)."""
    return sum(1 for _ in (run_dir / "logs").glob("*/completions/*"))


Progress = Callable[[str, int, int], None]


def _child_env(home: str | Path | None = None) -> dict[str, str]:
    # LOGURU_DIAGNOSE=NO: datatrove logs tracebacks through loguru, whose default prints local variables
    # (document texts: raw PII in the PII stage) into the log file. child_env: stages registered at runtime.
    # CURATOR_HOME: the workspace of this run (`--home` included), where steps find workspace files by name
    # (learned_quality_v1's filters).
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LOGURU_DIAGNOSE": "NO", **child_env()}
    return {**env, "CURATOR_HOME": str(home)} if home is not None else env


def _prepare(run_dir: Path, meta: dict[str, Any]) -> bool:
    """Write the plan; True when there is nothing left to run."""
    tmp = run_dir / "plan.json.tmp"
    tmp.write_text(json.dumps(meta, indent=2, default=str))
    tmp.replace(run_dir / "plan.json")
    total, stage = int(meta["tasks"]), meta["stage"]
    if total == 0 or completed_tasks(run_dir) >= total:
        return True
    if meta["executor"] == "slurm" and (run_dir / "slurm_submitted").exists():
        done = completed_tasks(run_dir)
        raise CuratorError(
            f"{stage}: run {meta['run_id']} is still on Slurm ({done}/{total} tasks done); "
            "run `curator run` again later"
        )
    return False


def _failed(run_dir: Path, stage: str, code: int | str) -> CuratorError:
    log = run_dir / "launch.log"
    return CuratorError(
        f"{stage}: datatrove pipeline failed (exit {code}): {_last_error(log)} "
        f"— full log: {log}; run `curator run` again to resume"
    )


class Launcher:
    """One `python -m curator.engine.launch --serve` child for the local stages of a recipe (a context manager)."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = home
        self.child: subprocess.Popen | None = None
        self.replies: Any = None
        self.used = False  # a stage was sent: close() waits for the child instead of killing it

    def warm(self, plans: list[dict[str, Any]]) -> None:
        """Start the child now and have it load these stages' models and kernels while the CLI exports."""
        if plans:
            self._start()
            self.child.stdin.write(f"warm {json.dumps(plans)}\n".encode())
            self.child.stdin.flush()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        self.child = subprocess.Popen(
            [sys.executable, "-m", "curator.engine.launch", "--serve", str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            env=_child_env(self.home),
        )
        os.close(write_fd)
        self.replies = os.fdopen(read_fd, "r")

    def run(self, run_dir: Path, meta: dict[str, Any], progress: Progress | None) -> bool:
        """Like `run_launcher`, in the long-lived child when the executor is local."""
        if meta["executor"] != "local":
            return run_launcher(run_dir, meta, progress)
        if _prepare(run_dir, meta):
            return True
        if self.child is None or self.child.poll() is not None:
            self._start()
        self.used = True
        try:
            self.child.stdin.write(f"{run_dir}\n".encode())
            self.child.stdin.flush()
            answer = self._wait(run_dir, meta, progress)
        except BaseException:
            self.close(kill=True)
            raise
        if answer != "ok":
            self.close(kill=True)
            raise _failed(run_dir, meta["stage"], answer or "launcher exited")
        return True

    def _wait(self, run_dir: Path, meta: dict[str, Any], progress: Progress | None) -> str:
        total = int(meta["tasks"])
        while True:
            if progress:
                progress(meta["stage"], completed_tasks(run_dir), total)
            ready, _, _ = select.select([self.replies], [], [], POLL_S)
            if ready:
                answer = self.replies.readline().strip()
                if progress:
                    progress(meta["stage"], completed_tasks(run_dir), total)
                return answer

    def close(self, kill: bool = False) -> None:
        if self.child is None:
            return
        if kill or not self.used:  # nothing was run: do not wait for a warm-up nobody needs
            self.child.kill()
        else:
            self.child.stdin.close()
        self.child.wait()
        self.replies.close()
        self.child, self.used = None, False


def run_launcher(run_dir: Path, meta: dict[str, Any], progress: Progress | None) -> bool:
    """Run (or resume) the stage's datatrove phases; True when all tasks are done, False when queued on Slurm."""
    if _prepare(run_dir, meta):
        return True
    log, stage, total = run_dir / "launch.log", meta["stage"], int(meta["tasks"])
    env = _child_env(meta.get("home"))
    with open(log, "ab") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "curator.engine.launch", str(run_dir)], stdout=out, stderr=subprocess.STDOUT, env=env
        )
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
        raise _failed(run_dir, stage, child.returncode)
    return not (meta["executor"] == "slurm" and completed_tasks(run_dir) < total)


def _last_error(log: Path) -> str:
    lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    errs = [ln for ln in lines if "Error" in ln or "error" in ln]
    return (errs or lines or ["no output"])[-1][:300]
