"""`curator eval pii|langid|quality|dedup --truth FILE`: thin; scoring lives in curator.eval."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, print_json, table
from curator.errors import CuratorError


def _show(value: Any) -> str:
    return "-" if value is None else str(value)


def _scalars(metrics: dict[str, Any]) -> list[str]:
    return [k for k, v in metrics.items() if not isinstance(v, dict | list)]


def _tables(metrics: dict[str, Any], suffix: str = "") -> None:
    for name, value in metrics.items():
        if name == "per_kind":
            continue
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            cols = list(next(iter(value.values())))
            table(
                name + suffix,
                [name.removeprefix("per_"), *cols],
                ([k, *(_show(v.get(c)) for c in cols)] for k, v in value.items()),
            )
        elif isinstance(value, dict) and value:
            table(name + suffix, ["", "count"], ([k, _show(v)] for k, v in value.items()))


def render(result: dict[str, Any], show_missed: int) -> None:
    metrics = result["metrics"]
    title = f"curator eval {result['task']} — {result['truth']}" + (
        f" (baseline {result['baseline']})" if result["baseline"] else ""
    )
    kinds = metrics.get("per_kind") or {}
    rows = ([k, _show(metrics[k]), *(_show(kinds[kind].get(k)) for kind in kinds)] for k in _scalars(metrics))
    table(title, ["metric", "all" if kinds else "value", *kinds], rows)
    _tables(metrics)
    for kind, figures in kinds.items():
        _tables(figures, f" — {kind}")
    missed = metrics.get("missed") or []
    if show_missed and missed:
        table(
            f"missed values (first {show_missed} of {len(missed)})",
            ["id", "kind", "type", "value"],
            ([m["id"], m.get("kind", "-"), m["type"], m["value"]] for m in missed[:show_missed]),
        )
    console.print(f"run {result['run_id']} (stored in the catalog: `curator query` on runs)")


@app.command("eval")
def eval_cmd(
    task: Annotated[str, typer.Argument(help="pii | langid | quality | dedup")],
    truth: Annotated[Path, typer.Option("--truth", help="Truth file (JSONL, schemas/eval/TASK.schema.json).")],
    recipe: Annotated[
        Path | None, typer.Option("--recipe", help="Recipe YAML, a preset or `auto` (default: pipelines/default.yaml).")
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="pii only: `presidio` scores Presidio's default engine instead.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Parallel datatrove tasks.")] = max(
        1, min(2, os.cpu_count() or 1)
    ),
    show_missed: Annotated[int, typer.Option("--show-missed", help="pii: print up to N values left in the text.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Score a stage on a labeled set, through the recipe. Example: curator eval pii --truth data/eval/dev/pii.jsonl"""
    from curator.eval import evaluate

    if workers < 1:
        raise CuratorError(f"--workers {workers}: must be at least 1")
    result = evaluate(workspace(), task, truth, recipe, baseline, workers)
    if as_json:
        if not show_missed:
            result["metrics"].pop("missed", None)
        print_json(result)
        return
    render(result, show_missed)
