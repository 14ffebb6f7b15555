"""`curator run`: the same loop for every stage of a recipe, whatever the stage and the executor:
export (Stage.export_sql) → Stage.prepare → Stage.phases on datatrove (child process) → Stage.finish → one import
transaction (decisions, Stage.import_rows, runs row). The stage object comes from curator.stages.registry.

Every stage run has its own folder <workspace>/shards/<run_id>/ with plan.json (written last, once the
export is complete). A stage whose folder exists but whose run is not in the catalog as succeeded (killed,
crashed, or still on Slurm) is resumed from that folder: same run_id, same export, datatrove skips the tasks
it finished, and the import happens once. A stage with no pending samples does nothing.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.catalog import Run, connect
from curator.catalog.lock import run_lock, writer_lock
from curator.catalog.runs import new_run_id, utcnow
from curator.engine.export import count_pending, export_pending
from curator.engine.importer import import_results
from curator.engine.process import Launcher, run_launcher
from curator.engine.recipe import Recipe, StagePlan
from curator.faults import fault_point
from curator.stages.base import DECIDED
from curator.stages.registry import get_stage
from curator.workspace import Workspace

Progress = Callable[[str, int, int], None]  # (stage, tasks done, tasks total)


@dataclass
class StageReport:
    stage: str
    run_id: str | None
    status: str  # succeeded | nothing to do | submitted
    counts: dict[str, Any] = field(default_factory=dict)
    resumed: bool = False
    seconds: float = 0.0


def run_recipe(
    ws: Workspace,
    recipe: Recipe,
    stages: list[StagePlan],
    executor: str = "local",
    workers: int = 2,
    progress: Progress | None = None,
) -> list[StageReport]:
    """Run the stages in order; stops after a stage submitted to Slurm (later stages need its results).

    The workspace's run lock is held throughout, so a second `curator run` waits and then finds the shards done.
    """
    reports = []
    # local stages share one launcher process (imports and models loaded once)
    with run_lock(ws), Launcher(ws.home) as launcher:
        if executor == "local":
            launcher.warm([_warm_plan(p) for p in stages if get_stage(p.stage).warm_ahead])
        for plan in stages:
            report = run_stage(ws, recipe, plan, executor, workers, progress, launcher)
            reports.append(report)
            if report.status == "submitted":
                break
    return reports


def _warm_plan(plan: StagePlan) -> dict[str, Any]:
    return {"stage": plan.stage, "steps": plan.steps}


def find_resumable(ws: Workspace, stage: str, key: str) -> Path | None:
    """The newest run folder of this stage and key whose run is not recorded as succeeded."""
    found = []
    for plan_file in ws.shards_dir.glob("*/plan.json"):
        plan = json.loads(plan_file.read_text())
        if plan["stage"] == stage and plan["key"] == key:
            found.append((plan["created"], plan_file.parent))
    if not found:
        return None
    with connect(ws, read_only=True) as con:
        done = {
            r[0]
            for r in con.execute("SELECT run_id FROM runs WHERE command = 'run' AND status = 'succeeded'").fetchall()
        }
    todo = [item for item in sorted(found) if item[1].name not in done]
    return todo[-1][1] if todo else None


def run_stage(
    ws: Workspace,
    recipe: Recipe,
    plan: StagePlan,
    executor: str,
    workers: int,
    progress: Progress | None,
    launcher: Launcher | None = None,
) -> StageReport:
    t0, started_at = time.perf_counter(), utcnow()  # the stage's wall time: export → phases → import
    run_dir = find_resumable(ws, plan.stage, plan.key)
    resumed = run_dir is not None
    if run_dir is None:
        run_dir = _new_run(ws, recipe, plan, executor, workers)
        if run_dir is None:
            return StageReport(plan.stage, None, "nothing to do")
        fault_point(f"run.{plan.stage}.after_export")
    meta = json.loads((run_dir / "plan.json").read_text())
    meta.update(executor=executor, workers=workers, home=str(ws.home))
    done = launcher.run(run_dir, meta, progress) if launcher else run_launcher(run_dir, meta, progress)
    if not done:
        return StageReport(plan.stage, meta["run_id"], "submitted", resumed=resumed)
    stage = get_stage(plan.stage)
    stage.finish(run_dir, meta)
    config = _config(recipe, plan, executor, workers)
    run = Run("run", config, plan.stage, executor, meta["run_id"], started_at, t0)
    fault_point(f"run.{plan.stage}.before_import")
    with writer_lock(ws, "run"), connect(ws) as con:
        counts = import_results(con, run, run_dir, stage, plan.key)
        if not stage.rejudges:
            counts = {**counts, "not_revisited": not_revisited(con, plan.stage, plan.key)}
    fault_point(f"run.{plan.stage}.after_import")
    _cleanup(run_dir, stage.scratch)
    return StageReport(plan.stage, run.run_id, "succeeded", counts, resumed, time.perf_counter() - t0)


def not_revisited(con: Any, stage: str, key: str) -> int:
    """Samples this stage dropped under another configuration that a stage which does not re-judge (dedup decides
    clusters as a whole) leaves dropped: `curator run` says so and how to re-judge them (`curator revert`)."""
    sql = f"SELECT count(*) FROM samples s WHERE s.status = 'dropped' AND s.status_stage = $stage AND NOT {DECIDED}"
    return int(con.execute(sql, {"stage": stage, "key": key}).fetchone()[0])


def _config(recipe: Recipe, plan: StagePlan, executor: str, workers: int) -> dict[str, Any]:
    return {
        "stage": plan.stage,
        "key": plan.key,
        "steps": plan.steps,
        "executor": executor,
        "workers": workers,
        "recipe": recipe.resolved(),
    }


def _new_run(ws: Workspace, recipe: Recipe, plan: StagePlan, executor: str, workers: int) -> Path | None:
    """Export the pending samples into a fresh run folder; None when nothing is pending."""
    stage = get_stage(plan.stage)
    with connect(ws, read_only=True) as con:
        if count_pending(con, stage, plan.key) == 0:
            return None
        run_id = new_run_id("run")
        run_dir = ws.shards_dir / run_id
        rows = int(recipe.engine["rows_per_shard"])
        shards = export_pending(con, stage, plan.key, run_dir / "input", rows, workers)
    meta = {
        "run_id": run_id,
        "stage": plan.stage,
        "key": plan.key,
        "steps": plan.steps,
        "shards": len(shards),
        "batch_size": int(recipe.engine["batch_size"]),
        "created": time.time(),
        "executor_options": recipe.engine.get(executor, {}),
    }
    meta.update(stage.prepare(run_dir, plan.steps, shards))
    tmp = run_dir / "plan.json.tmp"
    tmp.write_text(json.dumps(meta, indent=2, default=str))
    tmp.replace(run_dir / "plan.json")
    return run_dir


def _cleanup(run_dir: Path, scratch: tuple[str, ...]) -> None:
    """After a successful import: drop the exported inputs (they may hold raw text) and the stage's scratch."""
    for name in scratch:
        shutil.rmtree(run_dir / name, ignore_errors=True)
