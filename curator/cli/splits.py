"""Split commands: `curator build-split`, `curator splits list|show|diff`, `curator export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TimeElapsedColumn

from curator import splits as lib
from curator.catalog import connect
from curator.cli.app import JsonOpt, app, sub_app, workspace
from curator.cli.render import console, dict_table, err_console, esc, print_json, table
from curator.errors import CuratorError
from curator.splits.build import STEPS
from curator.splits.diff import explain_diff
from curator.splits.options import PARTS, parse_cutoffs, parse_list, parse_ratios

splits_app = sub_app("splits", "Split versions: list, show, diff.")


@app.command("build-split")
def build_split(
    name: Annotated[str, typer.Argument(help="Split name (versions are kept under it).")],
    ratios: Annotated[str, typer.Option(help="train,val,test shares summing to 1.")] = "0.8,0.1,0.1",
    stratify: Annotated[str, typer.Option(help="label[,COLUMN...]: samples columns or metadata fields.")] = "label",
    group_by: Annotated[str, typer.Option(help="dup_cluster (keep duplicates in one part) | none.")] = "dup_cluster",
    by_time: Annotated[str | None, typer.Option(help="Time split on this field: oldest train, newest test.")] = None,
    cutoffs: Annotated[str | None, typer.Option(help="T1,T2 with --by-time: train < T1 <= val < T2 <= test.")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the per-sample shuffle.")] = 13,
    label_source: Annotated[
        str, typer.Option(help="resolved (labels table) | source (samples.label) | resolved_or_source.")
    ] = "resolved",
    min_per_class: Annotated[int, typer.Option(help="Classes with fewer samples are excluded and reported.")] = 3,
    where: Annotated[str | None, typer.Option(help="Extra SQL predicate over samples (alias s).")] = None,
    near_dup: Annotated[bool, typer.Option("--near-dup/--no-near-dup", help="MinHash near-duplicate audit.")] = True,
    near_threshold: Annotated[float, typer.Option(help="Jaccard estimate that makes a near duplicate.")] = 0.8,
    as_json: JsonOpt = False,
) -> None:
    """Build a stratified, leakage-free, versioned split. Example: `curator build-split tickets --seed 7`."""
    opts = lib.SplitOptions(
        name,
        ratios=parse_ratios(ratios),
        stratify=tuple(parse_list(stratify)) or ("label",),
        group_by=group_by,
        by_time=by_time,
        cutoffs=parse_cutoffs(cutoffs),
        seed=seed,
        label_source=label_source,
        min_per_class=min_per_class,
        where=where,
        near_dup=near_dup,
        near_threshold=near_threshold,
    )
    cols = (BarColumn(), TimeElapsedColumn())  # no bar in a log: a transient one still leaves an empty line
    with Progress(
        "{task.description}", *cols, console=err_console, transient=True, disable=not err_console.is_terminal
    ) as bar:
        task = bar.add_task(f"build-split {esc(name)}", total=len(STEPS))
        res = lib.build_split(workspace(), opts, lambda step: bar.update(task, advance=1, description=step))
    if as_json:
        print_json(res)
        return
    _print_build(res)


def _print_build(res: dict[str, Any]) -> None:
    ref = f"[bold]{esc(res['name'])}@{esc(res['version'])}[/]"
    if res["created"]:
        console.print(f"{ref}: new version (parent {res['parent_version'] or 'none'}, run {res['run_id']})")
    else:
        console.print(f"{ref}: nothing changed — this version already exists; nothing written")
    c = res["counts"]
    console.print(" · ".join(f"{p} {c['parts'][p]:,}" for p in PARTS) + f" · {len(c['labels'])} classes")
    table(
        "members per part and label",
        ["label", *PARTS],
        [[lab, *(c["by_label"][p].get(lab, 0) for p in PARTS)] for lab in c["labels"]],
    )
    if res.get("left_out") is not None:
        _print_left_out(res["left_out"])
    else:  # a version built before left_out was recorded: its exclusions only
        for ex in res["excluded"]:
            of = f" of class {esc(repr(ex['label']))}" if ex.get("label") else ""
            console.print(f"[yellow]excluded[/] {ex['samples']:,} samples{of}: {esc(ex['reason'])}")
    leak, near = res["leakage"], res["leakage"]["near_duplicate"]
    near_txt = (
        f"{near['links_across_parts']} near-duplicate links" if near["checked"] else "near duplicates not checked"
    )
    console.print(
        f"balance: max deviation {res['balance']['max_abs_deviation']} samples · leakage across parts: "
        f"{leak['exact_pairs_across_parts']} exact pairs, {near_txt}"
    )
    console.print(f"files: {esc(res['path'])}")


def _print_left_out(left: list[dict[str, Any]]) -> None:
    if not left:
        console.print("left out: nothing (every sample in the catalog is a member)")
        return
    console.print(f"[yellow]left out[/] {sum(e['samples'] for e in left):,} samples:")
    for e in left:
        console.print(f"  {e['samples']:,} {esc(e['reason'])} → {esc(e['include'])}", soft_wrap=True)


@splits_app.command("list")
def list_cmd(
    name: Annotated[str | None, typer.Argument(help="Only versions of this split.")] = None, as_json: JsonOpt = False
) -> None:
    """Split versions, newest first per name. Example: `curator splits list`."""
    with connect(workspace(), read_only=True) as con:
        rows = lib.list_splits(con, name)
    if as_json:
        print_json(rows)
        return
    dict_table("splits", rows, ["name", "version", "created", "mode", *PARTS, "n_excluded", "leaks", "parent_version"])


@splits_app.command("show")
def show_cmd(
    ref: Annotated[str, typer.Argument(help="NAME or NAME@VERSION (latest when no version).")], as_json: JsonOpt = False
) -> None:
    """Counts, class balance, leakage and lineage of a version. Example: `curator splits show tickets`."""
    ws = workspace()
    with connect(ws, read_only=True) as con:
        info = lib.show_split(con, ws, ref)
    if as_json:
        print_json(info)
        return
    m = info["manifest"]
    _print_build(
        {
            **info["split"],
            "created": True,
            "path": info["path"],
            "counts": m["counts"],
            "excluded": m["candidates"]["excluded"],
            "left_out": m["candidates"].get("left_out"),
            "balance": m["balance"],
            "leakage": m["leakage"],
        }
    )
    console.print(f"params: {esc(m['params'])}")
    console.print(f"card: {esc(info['path'])}/README.md")


@splits_app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="NAME@A")],
    b: Annotated[str, typer.Argument(help="NAME@B")],
    sample: Annotated[str | None, typer.Option("--sample", help="One sample's story across the two.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Changes listed (all with --json).")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """What changed between two versions, and why. Example: `curator splits diff tickets@1a2b tickets@3c4d`."""
    if limit < 0:
        raise CuratorError(f"--limit {limit}: must be 0 or more")
    with connect(workspace(), read_only=True) as con:
        d = explain_diff(con, a, b, sample)
    if as_json:
        print_json(d)
        return
    if d["swapped"]:
        console.print(f"{esc(a)} is the newer version: showing the older → the newer")
    console.print(
        f"{esc(d['a'])} → {esc(d['b'])}: added {d['added']:,} · removed {d['removed']:,} · "
        f"moved {d['moved']:,} · relabeled {d['relabeled']:,} · unchanged {d['unchanged']:,}"
    )
    if sample is not None:
        _print_story(d["sample"])
        return
    if d["moves"]:
        dict_table("moved between parts", d["moves"])
    dict_table("per part and label", [r for r in d["balance"] if r["delta"]] or d["balance"])
    if d["by_cause"]:
        dict_table("changes by cause", d["by_cause"])
        shown_rows = d["changes"][:limit]
        dict_table(
            f"changes ({len(shown_rows)} of {len(d['changes'])}; --json for all, --sample ID for one)",
            shown_rows,
            ["sample_id", "change", "from", "to", "cause", "run_id", "detail"],
        )


def _print_story(st: dict[str, Any]) -> None:
    for key in ("a", "b"):
        where = st[key]
        at = f"{where['part']} as {esc(where['label'])}" if where["part"] else "not a member"
        console.print(f"{esc(where['split'])}: {at}")
    dict_table("what changed and why", st["changes"], ["change", "from", "to", "cause", "run_id", "detail"])
    events = [{**e, "details": None} for e in st["events"]]
    dict_table(
        "decisions between the two builds", events, ["at", "run_id", "command", "stage", "step", "decision", "reason"]
    )


@app.command("export")
def export_cmd(
    ref: Annotated[str, typer.Argument(help="NAME@VERSION (or NAME for the latest).")],
    out: Annotated[Path, typer.Option("--out", help="New (or empty) folder to write.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet | jsonl | hf (datasets.DatasetDict).")] = "parquet",
    as_json: JsonOpt = False,
) -> None:
    """Export a split version. Example: `curator export tickets@1a2b3c4d5e6f --format hf --out ./tickets_hf`."""
    ws = workspace()
    with connect(ws, read_only=True) as con:
        res = lib.export_split(con, ws, ref, fmt, out)
    if as_json:
        print_json(res)
        return
    console.print(
        f"exported {esc(res['split'])} as {esc(fmt)} to {esc(res['out'])} ("
        + " · ".join(f"{p} {n:,}" for p, n in res["rows"].items())
        + ")"
    )
