"""`curator run --dry-run`'s output: per rule, how many samples would flip, with example ids (helper of cli/run.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from curator.cli.render import console, esc, print_json, table
from curator.errors import CuratorError

if TYPE_CHECKING:  # the engine is imported when a preview runs, not when the CLI starts
    from curator.engine.recipe import Recipe, StagePlan
    from curator.workspace import Workspace


def preview(ws: Workspace, rec: Recipe, plans: list[StagePlan], executor: str, workers: int, as_json: bool) -> None:
    """Run the recipe on a scratch copy of the catalog, write the report, print it."""
    if executor == "slurm":
        raise CuratorError("--dry-run runs on this machine (--executor local or ray): a preview waits for its stages")
    from curator.engine.dryrun import dry_run
    from curator.engine.dryrun_report import write_report
    from curator.engine.progress import LogProgress

    result = dry_run(ws, rec, plans, executor, workers, LogProgress())
    summary = result.summary()
    paths = write_report(ws, summary)
    if as_json:
        print_json({**summary, **paths})
        return
    _print(summary, paths)


def _print(summary: dict[str, Any], paths: dict[str, str | None]) -> None:
    would = {"succeeded": "run", "nothing to do": "nothing to do"}
    stages = [
        (s["stage"], would.get(s["status"], s["status"]), s["in"], s["kept"], s["dropped"], s["restored"])
        for s in summary["stages"]
    ]
    table(
        f"curator run --dry-run {summary['recipe']}: nothing written",
        ["stage", "would", "judged", "kept", "dropped", "restored"],
        stages,
    )
    rows = [
        (
            r["stage"],
            r["rule"],
            r["kept_to_dropped"],
            r["dropped_to_kept"],
            r["rule_changed"]
            and f"{r['rule_changed']} (was " + ", ".join(f"{k} {v}" for k, v in r["from_rules"].items()) + ")",
            ", ".join(ids[0] for ids in r["examples"].values()),
        )
        for r in summary["rules"]
    ]
    if rows:
        table(
            "flips per rule",
            ["stage", "rule", "kept → dropped", "dropped → kept", "rule changed", "e.g. (--json: more)"],
            rows,
        )
    t = summary["totals"]
    console.print(
        f"{summary['samples']:,} samples: {t['kept_to_dropped']:,} kept would be dropped, {t['dropped_to_kept']:,} "
        f"dropped would be restored, {t['rule_changed']:,} dropped by another rule · {summary['seconds']:.1f} s "
        f"(copy {summary['copy_seconds']:.1f} s)"
    )
    for s in summary["stages"]:  # a `flag` keeps a sample (active) but is neither `kept` nor `dropped`
        if (flagged := s["in"] - s["kept"] - s["dropped"]) > 0:
            console.print(
                f"{esc(s['stage'])}: {flagged:,} more would be kept with a flag (unsure; active, not in `kept`)"
            )
    console.print(f"report: {esc(paths['report'])}" + (f" · plot: {esc(paths['plot'])}" if paths["plot"] else ""))
