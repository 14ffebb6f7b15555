"""`curator audit decisions | report | apply`: people verify a sample of each rule's decisions (curator.audit)."""

from __future__ import annotations

from typing import Annotated

import typer

from curator.cli.app import JsonOpt, workspace
from curator.cli.pii import audit_app
from curator.cli.render import console, dict_table, print_json


@audit_app.command("decisions")
def audit_decisions_cmd(
    project: Annotated[
        str, typer.Option("--project", help="The audit project (created in Label Studio on first use).")
    ],
    stages: Annotated[str, typer.Option("--stages", help="Comma-separated stages whose rules to audit.")] = (
        "langid,quality,dedup,pii"
    ),
    per_rule: Annotated[int, typer.Option("--per-rule", help="Decisions per rule, spread over its reasons.")] = 30,
    near: Annotated[int, typer.Option("--near", help="Kept samples per rule just inside its threshold.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Sampling seed.")] = 0,
    again: Annotated[bool, typer.Option("--again", help="Also decisions audited before.")] = False,
    overlap: Annotated[int, typer.Option("--overlap", help="Auditors per overlapped task (a new project).")] = 1,
    overlap_fraction: Annotated[
        float, typer.Option("--overlap-fraction", help="Share of tasks with --overlap auditors (a new project).")
    ] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Send a stratified sample of each rule's decisions to a Label Studio verification project (scrubbed text
    only; a decision is never sent twice unless --again). Example: `curator audit decisions --project rules`."""
    from curator.audit.push import AuditOptions, audit_decisions
    from curator.audit.sample import SampleOptions, parse_stages

    sample = SampleOptions(stages=parse_stages(stages), per_rule=per_rule, near=near, seed=seed, again=again)
    opts = AuditOptions(project=project, sample=sample, overlap=overlap, overlap_fraction=overlap_fraction)
    result = audit_decisions(workspace(), opts)
    if as_json:
        print_json(result)
        return
    console.print(
        f"sent {result['sent']:,} audit tasks to project {result['project']} "
        f"({result['scrubbed_first']:,} texts scrubbed first; run {result['run_id']})",
        markup=False,
    )
    rows = [{"rule": k, **v} for k, v in result["by_rule"].items()]
    if rows:
        dict_table("tasks per rule", rows, ["rule", "drop", "modify", "near"])


@audit_app.command("report")
def audit_report_cmd(
    min_precision: Annotated[
        float, typer.Option("--min-precision", help="Flag rules whose whole 95% interval lies below this.")
    ] = 0.8,
    as_json: JsonOpt = False,
) -> None:
    """Per rule: audited decisions, precision with a 95% Wilson interval, estimated wrong drops, false keeps near
    the threshold, agreement; stored in the catalog. Run `annotate pull` first. Example: `curator audit report`."""
    from curator.audit.report import report

    result = report(workspace(), min_precision)
    if as_json:
        print_json(result)
        return
    if not result["rules"]:
        console.print("no audit answers yet: `curator audit decisions`, answer in Label Studio, `annotate pull`")
        return
    dict_table("rule precision (95% Wilson interval)", [_row(r) for r in result["rules"]])
    for r in result["rules"]:
        if r["flagged"]:
            console.print(
                f"flagged: {r['step']} precision below {min_precision} — parameter: {r['parameter']}", markup=False
            )


def _row(r: dict) -> dict:
    def num(x: float | None, fmt: str = ".2f") -> str:
        return "" if x is None else format(x, fmt)

    return {
        "rule": r["step"],
        "decisions": r["n_decisions"],
        "audited": r["n_audited"],
        "right/wrong/unsure": f"{r['n_right']}/{r['n_wrong']}/{r['n_unsure']}",
        "precision": num(r["precision"]),
        "95% interval": "" if r["ci_low"] is None else f"[{r['ci_low']:.2f}, {r['ci_high']:.2f}]",
        "est. wrong": num(r["est_wrong"], ".0f"),
        "false keeps": "" if r["false_keep_rate"] is None else f"{r['near_wrong']}/{r['near_audited']}",
        "agreement": num(r["agreement"]),
        "flagged": "yes" if r["flagged"] else "",
    }


@audit_app.command("apply")
def audit_apply_cmd(as_json: JsonOpt = False) -> None:
    """Restore the samples auditors judged wrongly dropped (review decisions; no stage re-judges them).
    Example: `curator audit apply`."""
    from curator.audit.apply import apply

    result = apply(workspace())
    if as_json:
        print_json(result)
        return
    console.print(f"restored {result['restored']:,} samples judged wrongly dropped", markup=False)
    if result["by_rule"]:
        dict_table("restored per rule", result["by_rule"])
    for item in result["not_acted"]:
        console.print(f"not acted on: wrong {item['kind']} verdicts of {item['rule']} (see the report)", markup=False)
