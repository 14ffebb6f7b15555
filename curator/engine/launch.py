"""Runs one stage's datatrove phases in a child process: `python -m curator.engine.launch RUN_DIR`.

The CLI never starts datatrove workers itself: with forkserver/spawn, LocalPipelineExecutor's workers re-import
the launching `__main__` (STACK.md), so the launcher is this small module behind a `__main__` guard, and its
local workers fork from it (after it imported the steps' modules once). Finished
tasks leave datatrove completion markers in RUN_DIR/logs/<phase>/completions, so re-launching a killed run
only redoes unfinished tasks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from curator.engine.executors import init_ray, make_executor


def stage_phases(plan: dict[str, Any], run_dir: Path) -> list[tuple[str, list[Any], int]]:
    """(phase name, datatrove pipeline, tasks) for the plan's stage."""
    from datatrove.pipeline.readers import ParquetReader

    from curator.engine.steps import Judge, ResultWriter

    if plan["stage"] == "dedup":
        from curator.stages.registry import build

        near = next((s for s in plan["steps"] if s["name"].startswith("minhash")), None)
        if near is None or plan["near_shards"] == 0:
            return []
        return build(near["name"], near["params"]).phases(run_dir / "near_input", run_dir / "minhash",
                                                          plan["near_shards"])  # fmt: skip
    reader = ParquetReader(str(run_dir / "input"), id_key="sample_id", text_key="text", glob_pattern="*.parquet")
    names = [s["name"] for s in plan["steps"]]
    judge = Judge(plan["steps"], batch_size=plan["batch_size"])
    return [("steps", [reader, judge, ResultWriter(str(run_dir / "results"), plan["stage"], names)], plan["shards"])]


def main(run_dir: Path) -> int:
    plan = json.loads((run_dir / "plan.json").read_text())
    kind, workers = plan["executor"], plan["workers"]
    if kind == "ray":
        init_ray(workers)
    previous = None
    phases = stage_phases(plan, run_dir)
    if plan["stage"] != "dedup":
        from curator.engine.steps import build_steps

        for step in build_steps(plan["steps"]):  # import modules and load models once, before workers fork
            if hasattr(step, "warm_up"):
                step.warm_up()
    for name, pipeline, tasks in phases:
        executor = make_executor(kind, pipeline, tasks, workers, str(run_dir / "logs" / name),
                                 plan.get("executor_options"), depends=previous)  # fmt: skip
        executor.run()
        previous = executor
    if kind == "slurm":
        (run_dir / "slurm_submitted").touch()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
