"""`curator eval TASK --truth FILE`: load and check the truth, run the recipe on it, score, store the run."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from curator.catalog import Run, config_hash, connect
from curator.catalog.lock import writer_lock
from curator.errors import BadInput
from curator.eval import baseline as baselines
from curator.eval import dedup, kinds, langid, pii, quality, truth
from curator.eval.outcome import run_on
from curator.workspace import Workspace

SCORERS = {"pii": pii.score, "langid": langid.score, "quality": quality.score, "dedup": dedup.score}
NOT_STORED = ("missed",)  # injected values: kept out of the catalog (printed only on request)


def _stages(task: str, recipe_stages: list[str], baseline: str | None) -> list[str]:
    """Every stage of the recipe (scores are of the recipe as a whole); a PII baseline replaces the PII stage."""
    if baseline:
        return [s for s in recipe_stages if s != "pii"]
    return recipe_stages


def evaluate(
    ws: Workspace,
    task: str,
    truth_path: Path,
    recipe_path: Path | None = None,
    baseline: str | None = None,
    workers: int = 2,
) -> dict[str, Any]:
    """Score `task` on a truth file through the recipe; the run (config and metrics) is stored in the catalog."""
    from curator.profile.auto import recipe_for_texts

    records = truth.load(truth_path, task)
    if baseline is not None and (task != "pii" or baseline not in baselines.BASELINES):
        raise BadInput(f"--baseline {baseline}: only `presidio`, and only for `curator eval pii`")
    recipe = recipe_for_texts(recipe_path, [r["text"] for r in records])  # `auto`: a preset picked by profile
    stages = _stages(task, [s.stage for s in recipe.stages], baseline)
    run = Run(f"eval {task}", _config(task, truth_path, recipe, stages, baseline), stage=task)
    outcomes = run_on(ws, records, recipe, stages, workers)
    if baseline:
        outcomes = baselines.apply(records, outcomes)
    metrics = SCORERS[task](records, outcomes)
    if split := kinds.per_kind(SCORERS[task], records, outcomes):
        metrics["per_kind"] = split
    stored = {k: v for k, v in metrics.items() if k not in NOT_STORED}
    with writer_lock(ws, f"eval {task}"), connect(ws) as con:
        run.record(con, status="succeeded", counts=stored, n_in=len(records))
    return {"run_id": run.run_id, **run.config, "metrics": metrics}


def _config(task: str, truth_path: Path, recipe: Any, stages: list[str], baseline: str | None) -> dict[str, Any]:
    return {
        "task": task,
        "truth": str(truth_path),
        "truth_sha256": hashlib.sha256(truth_path.read_bytes()).hexdigest(),
        "recipe": str(recipe.path),
        "recipe_hash": config_hash(recipe.resolved()),
        "stages": stages,
        "baseline": baseline,
        **({"auto": recipe.auto} if getattr(recipe, "auto", None) else {}),
    }
