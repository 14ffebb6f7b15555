"""PII commands: `curator audit pii` (residual PII in what left the raw zone) and `curator purge-raw`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from curator.cli.app import JsonOpt, app, sub_app, workspace
from curator.cli.render import console, dict_table, print_json, table
from curator.errors import CuratorError

audit_app = sub_app("audit", "Audits of what leaves the raw zone.")


@audit_app.command("pii")
def audit_pii(
    target: Annotated[str, typer.Option("--target", help="catalog | splits | files | labelstudio")] = "catalog",
    path: Annotated[
        Path | None, typer.Option("--path", help="With --target files: an export folder or file to scan.")
    ] = None,
    entities: Annotated[
        str | None, typer.Option(help="Comma-separated entity types (default: those of the last PII stage run).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Processes for scanning.")] = 1,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on the second opinion's flags too, not only the scrubber's.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Re-scan what leaves the raw zone (every string field) for residual PII; exit 1 if any is found.

    The scrubber looks again, and an independent second opinion (its own patterns and name lexicon) reports what
    it flags by type, place and masked preview; with --strict its flags fail the audit too.
    Example: `curator audit pii --target splits`, `curator audit pii --target files --path exported/`."""
    from curator.stages.pii.audit import audit, stage_params
    from curator.stages.pii.scrubber import PiiScrubber

    ws = workspace()
    params = stage_params(ws)  # what the PII stage was configured with, if it ran
    if entities:
        params["entities"] = [e.strip() for e in entities.split(",") if e.strip()]
    with PiiScrubber(**params, n_process=workers) as scrubber:
        report = audit(ws, target, scrubber, path, strict=strict)
    if as_json:
        print_json(report)
    else:
        console.print(
            f"[bold]audit pii --target {target}[/]: scanned {report['scanned']:,} · "
            f"with residual PII {report['with_pii']:,}  (report {report['report_path']})"
        )
        if report["by_type"]:
            table("residual PII by type", ["entity type", "findings"], report["by_type"].items())
            dict_table("items (first 50; ids only, never values)", report["items"], ["id", "types"])
        _second_opinion(report["second_opinion"])
    if not report["ok"]:
        raise typer.Exit(1)


def _second_opinion(second: dict[str, Any]) -> None:
    """Print the second opinion's summary and its first flags (masked previews, never values)."""
    console.print(
        f"second opinion ({second['detector']}): {second['flags']:,} flags in {second['with_flags']:,} of "
        f"{second['scanned']:,} texts (independent detector; masked previews, never values)",
        markup=False,
    )
    if second["flags"]:
        table("second opinion by type", ["entity type", "flags"], second["by_type"].items())
        rows = [{**f, "at": f"{f['start']}-{f['end']}"} for f in second["items"]]
        dict_table("second opinion flags (first 50)", rows, ["id", "entity_type", "at", "preview"])


@app.command("purge-raw")
def purge_raw_cmd(
    all_: Annotated[
        bool,
        typer.Option("--all", help="Every sample's, not only scrubbed ones; never-scrubbed texts are scrubbed first."),
    ] = False,
    keep_metadata: Annotated[
        str | None, typer.Option("--keep-metadata", help="Comma-separated metadata fields to keep (e.g. channel).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: the raw zone is deleted for good.")] = False,
    no_compact: Annotated[bool, typer.Option("--no-compact", help="Skip rewriting the catalog file.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete the raw zone for good — raw texts, raw metadata, reject excerpts, leftover staging/shard folders —
    recorded as a run, then rewrite the catalog file. Example: `curator purge-raw --yes`.

    A sample not scrubbed yet (e.g. dropped by langid or quality before the PII stage ran) has no raw copy: its
    current text is its raw text. Only --all removes it: it scrubs those texts with the PII stage's scrubber first
    (their status stays; each changed text is a `modify` decision).
    """
    from curator.stages.pii.purge import count_purgeable, purge_raw

    ws = workspace()
    keep = [f.strip() for f in (keep_metadata or "").split(",") if f.strip()]
    if not yes:
        n = count_purgeable(ws, all_, keep)
        scrub = f"scrub {n['unscrubbed']:,} never-scrubbed texts and " if all_ else ""
        raise CuratorError(
            f"purge-raw would {scrub}delete {n['raw_texts']:,} raw texts, the raw metadata of "
            f"{n['metadata']:,} samples and {n['excerpts']:,} reject excerpts for good; "
            "run again with --yes to do it"
        )
    result = purge_raw(ws, all_=all_, compact=not no_compact, keep_metadata=keep)
    if as_json:
        print_json(result)
        return
    swept = result["swept"]
    if result["scrubbed_at_purge"]:
        console.print(
            f"scrubbed {result['scrubbed_at_purge']:,} texts the PII stage had not seen "
            f"({result['modified_at_purge']:,} changed)",
            markup=False,
        )
    console.print(
        f"purged {result['deleted']:,} raw texts ({result['scope']}), the raw metadata of "
        f"{result['metadata_purged']:,} samples and {result['excerpts_purged']:,} reject excerpts; "
        f"{result['remaining']:,} raw texts remain · swept {len(swept['staging'])} staging and "
        f"{len(swept['shards'])} run folders · catalog rewritten: {result['compacted']} "
        f"(run {result['run_id']})",
        markup=False,
    )
    if swept["shards_kept"]:
        console.print(f"run folders kept: {swept['shards_kept']}; purge again once it has finished", markup=False)
