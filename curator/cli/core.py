"""Core commands: init, migrate, ingest, status, explain, samples, query, sources, runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn
from rich.text import Text

from curator.catalog import connect, queries
from curator.catalog.connection import migrate as migrate_catalog
from curator.catalog.export import export_samples
from curator.catalog.init import init_workspace
from curator.cli.app import JsonOpt, app, set_home, workspace
from curator.cli.render import (
    TEXT_CUT,
    console,
    cut_text,
    dict_table,
    duplicate_line,
    err_console,
    esc,
    print_json,
    table,
)
from curator.errors import CuratorError
from curator.ingest import IngestOptions, IngestReport, ingest
from curator.plain import visible


@app.command()
def init(home: Annotated[Path | None, typer.Option("--home", help="Workspace folder to create.")] = None) -> None:
    """Create a workspace (catalog + data folders). Example: `curator init --home ./ws`."""
    set_home(home)
    from curator.cli.app import _state

    ws, created = init_workspace(_state["home"])
    console.print(f"{'created' if created else 'already exists (schema up to date)'}: workspace {esc(ws.home)}")
    console.print(f"catalog: {esc(ws.catalog_path)}")


@app.command()
def migrate() -> None:
    """Apply pending catalog migrations (read commands never do). Example: `curator migrate`."""
    ws = workspace()
    applied = migrate_catalog(ws)
    if applied:
        console.print(f"applied {len(applied)} migration{'s' if len(applied) > 1 else ''}: {', '.join(applied)}")
    else:
        console.print(f"catalog {esc(ws.catalog_path)} is up to date: nothing to migrate")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (jsonl, csv, parquet, txt; .gz too).")],
    source: Annotated[
        str, typer.Option("--source", help="Name of this source (part of every sample_id): letters, digits, _ . -")
    ],
    fmt: Annotated[str, typer.Option("--format", help="auto|jsonl|csv|parquet|txt")] = "auto",
    text_field: Annotated[str, typer.Option(help="Field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field holding the record's own id.")] = "id",
    label_field: Annotated[str, typer.Option(help="Field holding a label, if any.")] = "label",
    time_field: Annotated[str, typer.Option(help="Field holding a timestamp, if any.")] = "created_at",
    license: Annotated[str | None, typer.Option("--license", help="SPDX license id of the source.")] = None,
    max_chars: Annotated[int, typer.Option(help="Reject texts longer than this (CSV fields may be this long).")] = (
        1_000_000
    ),
    strict: Annotated[bool, typer.Option("--strict", help="Any bad record is an error; nothing is written.")] = False,
    max_reject_rate: Annotated[
        float, typer.Option(help="More rejected records than this share of those read: an error, nothing written.")
    ] = 0.5,
    as_json: JsonOpt = False,
) -> None:
    """Ingest records. Example: `curator ingest data/demo/support_tickets.jsonl --source tickets`."""
    ws = workspace()
    opts = IngestOptions(
        source,
        format=fmt,
        text_field=text_field,
        id_field=id_field,
        label_field=label_field or None,
        time_field=time_field or None,
        license=license,
        max_chars=max_chars,
        strict=strict,
        max_reject_rate=max_reject_rate,
    )
    total = sum(p.stat().st_size if p.is_file() else 0 for p in paths if p.exists())
    cols = (BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn())
    quiet = not err_console.is_terminal  # a transient bar still leaves an empty line in a log
    with Progress(
        "[progress.description]{task.description}", *cols, console=err_console, transient=True, disable=quiet
    ) as bar:
        task = bar.add_task(f"ingest {esc(source)}", total=total or None)
        report = ingest(ws, paths, opts, progress=lambda n: bar.advance(task, n))
    if as_json:
        print_json(report.to_dict())
    else:
        _print_ingest(report)
    if report.failed_files:  # the rest was ingested and committed; exit 1 so that scripts notice
        raise CuratorError(report.partial_message())


def _print_ingest(report: IngestReport) -> None:
    console.print(
        f"[bold]{esc(report.source)}[/]: read {report.read:,} · accepted {report.accepted:,} · "
        f"updated {report.updated:,} · rejected {report.n_rejected:,} · already present {report.present:,} · "
        f"warnings {sum(report.warnings.values()):,}  (run {report.run_id})"
    )
    if report.rejected:
        table("rejected by reason", ["reason", "records"], sorted(report.rejected.items(), key=lambda kv: -kv[1]))
        console.print('see them with: curator query "SELECT file, line, reason, detail FROM rejects"')
    if report.warnings:
        table("warnings (value kept in metadata as <field>_raw)", ["warning", "records"], list(report.warnings.items()))
    if report.updated:
        console.print(f"{report.updated:,} known record(s) changed label, time or metadata: see `curator explain`")
    if report.read and not report.accepted and not report.updated and report.present:
        console.print("nothing new: every record was already in the catalog")


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """The funnel: samples per stage and status, per source, and the last runs. Example: `curator status`."""
    with connect(workspace(), read_only=True) as con:
        st = queries.status(con)
    if as_json:
        print_json(st)
        return
    console.print(
        f"[bold]{st['samples']:,} samples[/] · "
        + " · ".join(f"{esc(k)} {v:,}" for k, v in st["by_status"].items())
        + f" · rejected at ingest {st['rejected_at_ingest']:,}"
    )
    dict_table("funnel", st["funnel"], ["stage", "dropped", "remaining"])
    if st["drops"]:
        dict_table("drops by stage and reason", st["drops"])
    dict_table("sources", st["sources"])
    for audit in st["rule_audits"]:  # `curator audit report`: how often each rule was right
        console.print(f"audit: {audit['line']}", markup=False)
    dict_table(
        "last runs", st["runs"], ["run_id", "command", "stage", "status", "seconds", "n_in", "n_kept", "n_dropped"]
    )


@app.command()
def explain(
    sample: Annotated[str, typer.Argument(help="A sample_id or SOURCE:SOURCE_KEY.")],
    raw: Annotated[
        bool, typer.Option("--raw", help="Also show the raw text and metadata values (needs --reason; logged).")
    ] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why you need the raw values (logged).")] = None,
    full: Annotated[
        bool, typer.Option("--full", help=f"The whole text (else the first {TEXT_CUT:,} characters and a marker).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """A sample's whole history, status and text. Example: `curator explain tickets:tkt-000042`.

    Like the review app, it shows the text only once PII-scrubbed and the metadata by field name only;
    `--raw --reason TEXT` reveals the raw text and metadata values and logs the view in raw_text_views.
    A longer text is cut at 500 characters with "… (N more characters; --full shows all)"; --json is never cut."""
    if raw != bool(reason and reason.strip()):
        raise CuratorError("--raw needs --reason TEXT (the reveal is logged), and --reason goes with --raw")
    ws = workspace()
    with connect(ws, read_only=True) as con:
        info = queries.explain(con, sample)
    if raw:
        from curator.review.reveal import reveal_sample

        info["raw"] = reveal_sample(ws, info["sample"]["sample_id"], str(reason))
    if as_json:
        print_json(info)
        return
    _print_explain(info, full)


def _print_explain(info: dict, full: bool = False) -> None:
    s, limit = info["sample"], None if full else TEXT_CUT
    v = {k: esc(x) for k, x in s.items()}  # ids, labels, sources, reasons: plain text, never markup or escapes
    console.print(
        f"[bold]{v['sample_id']}[/] ({v['source']}:{v['source_key']}) status [bold]{v['status']}[/]"
        + (f" at {v['status_stage']}: {v['status_reason']}" if s["status"] == "dropped" else ""),
        highlight=False,
    )
    console.print(
        f"language {v['language']} · label {v['label']} · cluster {v['dup_cluster']} · "
        f"scrubbed {v['pii_scrubbed']} · {v['n_chars']} chars",
        highlight=False,
    )
    hidden = "(hidden: not PII-scrubbed yet; `--raw --reason TEXT` shows it, logged)"
    shown = cut_text(s["text"], limit) if s["text"] is not None else hidden
    console.print(Text("text: ").append(shown), highlight=False)
    if s["metadata_fields"]:
        fields = ", ".join(visible(f) for f in s["metadata_fields"])
        console.print(
            Text(f"metadata fields: {fields} (values hidden: `--raw --reason TEXT` shows them, logged)"),
            highlight=False,
        )
    if "raw" in info:
        raw = info["raw"]
        text = cut_text(raw["text"], limit) if raw["text"] is not None else f"(none: {raw['note']})"
        console.print(Text("raw text (this view was logged): ").append(text), highlight=False)
        console.print(
            Text("raw metadata: " + visible(json.dumps(raw["metadata"], ensure_ascii=False))), highlight=False
        )
    rows = [(h["created_at"], h["stage"], h["step"], h["decision"], h["reason"], h["score"]) for h in info["history"]]
    table("history", ["when", "stage", "step", "decision", "reason", "score"], rows)
    for dup in info.get("duplicates", []):
        console.print(duplicate_line(dup, s["sample_id"], s.get("status")), highlight=False)


@app.command()
def samples(
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl|parquet|csv")] = "jsonl",
    status: Annotated[str, typer.Option(help="active|dropped|all")] = "active",
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    raw_csv: Annotated[
        bool, typer.Option("--raw-csv", help="CSV: write cells as they are (no ' before = + - @ tab CR).")
    ] = False,
) -> None:
    """Write one row per sample. Example: `curator samples --status dropped --format csv --out dropped.csv`.

    CSV cells starting with = + - @, a tab or a CR get a leading ' so a spreadsheet shows them as text instead of
    running them as formulas; `--raw-csv` turns that off."""
    with connect(workspace(), read_only=True) as con:
        n = export_samples(con, out, fmt, status, source, csv_guard=not raw_csv)
    console.print(f"wrote {n:,} samples to {esc(out)}")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One read statement (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE).")],
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 1000,
) -> None:
    """Read-only SQL: one read statement, no file or network access. Example: `curator query "FROM samples"`."""
    with connect(workspace(), guarded=True) as con:  # one row more than shown: is the result cut?
        res = queries.read_only_query(con, sql, limit + 1 if limit else None)
    rows = res["rows"][:limit] if limit else res["rows"]
    if as_json:
        print_json([dict(zip(res["columns"], r, strict=True)) for r in rows])
    else:
        table(None, res["columns"], rows)
    if limit and len(res["rows"]) > limit:  # on stderr: --json output stays one JSON document
        err_console.print(f"first {limit:,} rows shown; more match: --limit 0 shows all", highlight=False)


@app.command()
def sources(as_json: JsonOpt = False) -> None:
    """Ingested sources with their counts. Example: `curator sources --json`."""
    with connect(workspace(), read_only=True) as con:
        rows = queries.list_sources(con)
    print_json(rows) if as_json else dict_table("sources", rows)


@app.command()
def runs(as_json: JsonOpt = False, limit: Annotated[int, typer.Option(help="Most recent N runs.")] = 20) -> None:
    """Recorded runs with config hash and counts. Example: `curator runs --limit 5`."""
    with connect(workspace(), read_only=True) as con:
        rows = queries.list_runs(con, limit)
    if as_json:
        print_json(rows)
    else:
        dict_table(
            "runs",
            rows,
            [
                "run_id",
                "command",
                "stage",
                "status",
                "started_at",
                "seconds",
                "n_in",
                "n_kept",
                "n_dropped",
                "config_hash",
                "error",
            ],
        )
