"""Runs stages' datatrove phases in a child process: `python -m curator.engine.launch RUN_DIR`, or `--serve FD`.

The CLI never starts datatrove workers itself: with forkserver/spawn, LocalPipelineExecutor's workers re-import
the launching `__main__` (docs/stack.md), so the launcher is this small module behind a `__main__` guard, and its
local workers fork from it (after it imported the steps' modules once). Finished
tasks leave datatrove completion markers in RUN_DIR/logs/<phase>/completions, so re-launching a killed run
only redoes unfinished tasks.

`--serve FD` (the local executor; curator.engine.process.Launcher): one child for a whole recipe. It reads run
folders from stdin, one per line, runs each with its output sent to RUN_DIR/launch.log, and answers "ok" or
"failed" on the pipe FD. datatrove, the steps' modules and their models (fastText, spaCy) are imported and
loaded once per recipe instead of once per stage; end of stdin (the CLI exited or was killed) ends it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

from curator.engine.executors import init_ray, make_executor


def stage_phases(plan: dict[str, Any], run_dir: Path) -> list[tuple[str, list[Any], int]]:
    """(phase name, datatrove pipeline, tasks) for the plan's stage: the stage builds them."""
    from curator.stages.registry import adopt_env, get_stage

    adopt_env()
    return get_stage(plan["stage"]).phases(plan, run_dir)


def warm_up(plan: dict[str, Any]) -> None:
    """Import the steps' modules and load their models and compiled kernels once, before the workers fork."""
    from curator.stages.pipeline import build_steps
    from curator.stages.registry import adopt_env

    adopt_env()
    for step in build_steps(plan["steps"]):
        if hasattr(step, "warm_up"):
            step.warm_up()


def main(run_dir: Path) -> int:
    plan = json.loads((run_dir / "plan.json").read_text())
    kind, workers = plan["executor"], plan["workers"]
    if kind == "ray":
        init_ray(workers)
    previous = None
    phases = stage_phases(plan, run_dir)
    warm_up(plan)
    for name, pipeline, tasks in phases:
        executor = make_executor(
            kind, pipeline, tasks, workers, str(run_dir / "logs" / name), plan.get("executor_options"), depends=previous
        )
        executor.run()
        previous = executor
    if kind == "slurm":
        (run_dir / "slurm_submitted").touch()
    return 0


def serve(reply_fd: int) -> int:
    """Run each run folder read from stdin; reply one line per folder on reply_fd.

    A line "warm PLANS-JSON" (sent when a recipe starts) loads the first stage's models and kernels at once,
    while the CLI exports that stage's shards, and each later stage's right after the previous one replied,
    while the CLI imports its results and exports the next shards."""
    reply = os.fdopen(reply_fd, "w", buffering=1)
    ahead: list[dict[str, Any]] = []
    for line in sys.stdin:
        if line.startswith("warm "):
            ahead = json.loads(line[5:])
            _warm_next(ahead)
            continue
        answer = _serve_one(Path(line.strip()))
        reply.write(answer + "\n")
        if answer == "failed":
            return 1  # a fresh launcher for whatever comes next
        _warm_next(ahead)
    return 0


def _warm_next(ahead: list[dict[str, Any]]) -> None:
    if not ahead:
        return
    with contextlib.suppress(Exception):  # the stage's own warm-up raises it again, into its log
        warm_up(ahead.pop(0))


def _serve_one(run_dir: Path) -> str:
    with open(run_dir / "launch.log", "ab") as log:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log.fileno(), 1)  # this process's and its forked workers' output go to the stage's log
        os.dup2(log.fileno(), 2)
        print(
            f"{datetime.now().isoformat(' ', 'milliseconds')} curator launcher pid {os.getpid()}: stage {run_dir.name}",
            flush=True,
        )
        try:
            main(run_dir)
            answer = "ok"
        except BaseException:  # noqa: BLE001 - reported to the CLI, which raises with the log's last error
            traceback.print_exc()
            answer = "failed"
        sys.stdout.flush()
        sys.stderr.flush()
    return answer


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        code = serve(int(sys.argv[2]))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # every reply and log is written: skip the interpreter's teardown (0.4 s the CLI waits for)
    sys.exit(main(Path(sys.argv[1])))
