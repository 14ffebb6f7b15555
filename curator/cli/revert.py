"""`curator revert RUN_ID`: undo one stage run's drops through new decisions (curator.catalog.revert)."""

from __future__ import annotations

from typing import Annotated

import typer

from curator.catalog.revert import revert_run
from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, print_json


@app.command("revert")
def revert_cmd(
    run_id: Annotated[str, typer.Argument(help="The stage run to undo (`curator runs` lists them).")],
    as_json: JsonOpt = False,
) -> None:
    """Make the samples a stage run dropped active again, recorded as decisions (history is kept).

    Samples whose status a later run or a review now decides are skipped and named. Refused for PII runs, for a
    dedup run a later split relies on, and for a run already reverted.

    Example: `curator revert run-20261201T0900-ab12cd` (a run id from `curator runs`)."""
    report = revert_run(workspace(), run_id)
    if as_json:
        print_json(report.__dict__)
        return
    console.print(
        f"reverted {report.stage} run {report.reverted} (revert run {report.run_id}): "
        f"{report.restored} sample(s) active again"
    )
    for holder, n in report.skipped.items():
        console.print(f"skipped {n} sample(s): a later decision of run {holder} sets their status")
    if report.already_active:
        console.print(f"{report.already_active} sample(s) it dropped are already active (re-judged or reviewed)")
    if report.restored:
        console.print("run `curator run` to pass the restored samples through the recipe's later stages")
