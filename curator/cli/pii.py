"""PII commands: `curator audit pii` (residual PII in what left the raw zone) and `curator purge-raw`."""

from __future__ import annotations

from typing import Annotated

import typer

from curator.cli.app import app, sub_app, workspace
from curator.cli.render import console, dict_table, print_json, table
from curator.errors import CuratorError

audit_app = sub_app("audit", "Audits of what leaves the raw zone.")


@audit_app.command("pii")
def audit_pii(
    target: Annotated[str, typer.Option("--target", help="catalog | splits | labelstudio")] = "catalog",
    entities: Annotated[
        str | None, typer.Option(help="Comma-separated entity types (default: those of the last PII stage run).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes for scanning.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Re-scan scrubbed text for residual PII; exit 1 if any is found. Example: `curator audit pii --target splits`."""
    from curator.stages.pii.audit import audit, stage_params
    from curator.stages.pii.scrubber import PiiScrubber

    ws = workspace()
    params = stage_params(ws)  # what the PII stage was configured with, if it ran
    if entities:
        params["entities"] = [e.strip() for e in entities.split(",") if e.strip()]
    with PiiScrubber(**params, n_process=workers) as scrubber:
        report = audit(ws, target, scrubber)
    if as_json:
        print_json(report)
    else:
        console.print(f"[bold]audit pii --target {target}[/]: scanned {report['scanned']:,} · "
                      f"with residual PII {report['with_pii']:,}  (report {report['report_path']})")  # fmt: skip
        if report["by_type"]:
            table("residual PII by type", ["entity type", "findings"], report["by_type"].items())
            dict_table("items (first 50; ids only, never values)", report["items"], ["id", "types"])
    if not report["ok"]:
        raise typer.Exit(1)


@app.command("purge-raw")
def purge_raw_cmd(
    all_: Annotated[bool, typer.Option("--all", help="Every raw_texts row, not only scrubbed ones.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the raw texts are deleted for good.")] = False,
    no_compact: Annotated[bool, typer.Option("--no-compact", help="Skip rewriting the catalog file.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Delete the raw texts the PII stage replaced, for good, recorded as a run. Example: `curator purge-raw --yes`.

    A sample not scrubbed yet has no raw copy: its current text is its raw text, which purge-raw cannot remove.
    """
    from curator.stages.pii.purge import count_purgeable, purge_raw

    ws = workspace()
    if not yes:
        n = count_purgeable(ws, all_)
        raise CuratorError(f"purge-raw would delete {n:,} raw texts for good; run again with --yes to do it")
    result = purge_raw(ws, all_=all_, compact=not no_compact)
    if as_json:
        print_json(result)
        return
    console.print(f"purged {result['deleted']:,} raw texts ({result['scope']}); {result['remaining']:,} remain · "
                  f"catalog rewritten: {result['compacted']} (run {result['run_id']})")  # fmt: skip
