"""`curator run`: the curation recipe (langid → quality → dedup → pii) on datatrove, with progress per stage."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.dryrun_view import preview
from curator.cli.render import console, err_console, print_json, table
from curator.engine import load_recipe, run_recipe, select_stages
from curator.engine.executors import EXECUTORS
from curator.engine.progress import LogProgress
from curator.engine.recipe import Recipe, StagePlan
from curator.errors import CuratorError
from curator.workspace import Workspace


def _default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _run_with_bar(ws: Workspace, rec: Recipe, plans: list[StagePlan], executor: str, workers: int) -> list:
    cols = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress("[progress.description]{task.description}", *cols, console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage} (tasks)", total=total)
            bar.update(tasks[stage], completed=done)

        return run_recipe(ws, rec, plans, executor, workers, progress)


def _load(ws: Workspace, recipe: Path | None) -> Recipe:
    """A recipe file, a preset name, or `auto`: the preset curator.profile.auto picks for this workspace's samples."""
    if recipe is None or str(recipe) != "auto" or recipe.is_file():
        return load_recipe(recipe)
    from curator.profile.profile import auto_recipe

    rec = auto_recipe(ws)
    err_console.print(f"recipe auto: {rec.auto['preset']} ({rec.auto['reason']})", markup=False, highlight=False)
    return rec


@app.command("run")
def run_cmd(
    recipe: Annotated[
        Path | None,
        typer.Argument(
            help="Recipe YAML, a preset (web, short_text, technical, chat) or `auto` (picked by profile; "
            "default: pipelines/default.yaml)."
        ),
    ] = None,
    stages: Annotated[
        str | None, typer.Option("--stages", help="Comma-separated stages to run, e.g. langid,quality")
    ] = None,
    executor: Annotated[str, typer.Option("--executor", help="local|ray|slurm (datatrove executors)")] = "local",
    workers: Annotated[int, typer.Option("--workers", help="Parallel datatrove tasks.")] = _default_workers(),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Preview: what would flip per rule; the catalog is not changed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Run the curation recipe. Example: `curator run --stages langid,quality --workers 2`."""
    if executor not in EXECUTORS:
        raise CuratorError(f"--executor {executor!r}: use {', '.join(EXECUTORS)}")
    if workers < 1:
        raise CuratorError(f"--workers {workers}: must be at least 1")
    ws = workspace()
    rec = _load(ws, recipe)
    plans = select_stages(rec, [s.strip() for s in stages.split(",") if s.strip()] if stages else None)
    if dry_run:  # curator/engine/dryrun.py: the same stages on a scratch copy of the catalog
        preview(ws, rec, plans, executor, workers, as_json)
        return
    if not err_console.is_terminal:  # a log: a plain line per stage every few seconds
        reports = run_recipe(ws, rec, plans, executor, workers, LogProgress())
    else:
        reports = _run_with_bar(ws, rec, plans, executor, workers)
    if as_json:
        print_json([r.__dict__ for r in reports])
        return
    rows = [
        (
            r.stage,
            r.status + (" (resumed)" if r.resumed else ""),
            r.counts.get("in", 0),
            r.counts.get("kept", 0),
            r.counts.get("dropped", 0),
            r.counts.get("modified", 0),
            f"{r.seconds:.1f}",
            r.run_id or "",
        )
        for r in reports
    ]
    table(f"curator run {rec.path}", ["stage", "status", "in", "kept", "dropped", "modified", "seconds", "run"], rows)
    _notes(reports)
    if reports and reports[-1].status == "submitted":
        console.print("submitted to Slurm: run `curator run` again to import when the jobs are done")


def _notes(reports: list) -> None:
    """A line per stage for what the table's columns do not show: restored earlier drops, samples kept with a flag."""
    for r in reports:
        if r.counts.get("restored"):
            console.print(
                f"{r.stage}: {r.counts['restored']} earlier drop(s) re-judged with the new params pass: "
                "active again (`curator explain` shows both decisions)"
            )
        if r.counts.get("not_revisited"):
            console.print(
                f"{r.stage}: {r.counts['not_revisited']:,} earlier drop(s) under other params not revisited (the stage "
                "decides clusters as a whole): `curator revert RUN_ID` of the run that dropped them re-judges them",
                markup=False,
                highlight=False,
            )
        # a `flag` decision keeps the sample (active) but is neither `kept` nor `dropped` in the counts
        flagged = r.counts.get("in", 0) - r.counts.get("kept", 0) - r.counts.get("dropped", 0)
        if flagged > 0:
            console.print(
                f"{r.stage}: {flagged:,} more kept with a flag (unsure; active, not counted in `kept`): "
                f"`curator query \"FROM decisions WHERE run_id = '{r.run_id}' AND decision = 'flag'\"` lists them",
                markup=False,
                highlight=False,
            )
