"""The core commands through Typer's runner: what users type and what they see."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from curator.cli import app
from tests.ingest.hazards import write_jsonl

RECORDS = [{"id": f"t{i}", "text": f"Ticket {i}: my parcel never arrived.", "label": "shipping"} for i in range(4)]


def test_commands_without_workspace_give_a_one_line_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CURATOR_HOME", raising=False)
    for args in (["status"], ["explain", "x"], ["runs"], ["sources"], ["query", "SELECT 1"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"error: no curator workspace at {tmp_path / '.curator'}: run `curator init` first "
            "(or set --home / CURATOR_HOME)"
        ]


def test_init_creates_and_is_idempotent(tmp_path):
    runner = CliRunner()
    home = tmp_path / "ws"
    first = runner.invoke(app, ["init", "--home", str(home)])
    assert first.exit_code == 0 and "created" in first.output
    assert (home / "catalog.duckdb").exists() and (home / "secrets").stat().st_mode & 0o777 == 0o700
    again = runner.invoke(app, ["init", "--home", str(home)])
    assert again.exit_code == 0 and "already exists" in again.output


def test_status_explain_samples_query(cli, tmp_path):
    cli("ingest", str(write_jsonl(tmp_path / "t.jsonl", RECORDS)), "--source", "tickets")
    st = json.loads(cli("status", "--json").output)
    assert st["samples"] == 4 and st["by_status"] == {"active": 4}
    assert st["funnel"][0] == {"stage": "ingest", "dropped": 0, "remaining": 4}
    info = json.loads(cli("explain", "tickets:t2", "--json").output)
    assert info["sample"]["text"] is None  # not PII-scrubbed yet: hidden unless revealed (logged)
    raw = json.loads(cli("explain", "tickets:t2", "--raw", "--reason", "test", "--json").output)["raw"]
    assert raw["text"] == "Ticket 2: my parcel never arrived."
    assert [h["reason"] for h in info["history"]] == ["ingested"]
    assert cli("explain", info["sample"]["sample_id"]).exit_code == 0
    missing = cli("explain", "tickets:nope", ok=False)
    assert missing.exit_code == 1 and "no sample 'tickets:nope'" in missing.output
    out = tmp_path / "out.parquet"
    assert "wrote 4 samples" in cli("samples", "--format", "parquet", "--out", str(out)).output
    table = pq.read_table(out)
    assert {"sample_id", "source_key", "status", "dropped_reason", "text", "source_label"} <= set(table.column_names)
    rows = json.loads(cli("query", "SELECT count(*) AS n FROM samples", "--json").output)
    assert rows == [{"n": 4}]


def test_query_is_read_only(cli):
    result = cli("query", "DELETE FROM samples", ok=False)
    assert result.exit_code == 1 and "read-only" in result.output.lower()


def test_samples_jsonl_and_csv(cli, tmp_path):
    cli("ingest", str(write_jsonl(tmp_path / "t.jsonl", RECORDS)), "--source", "tickets")
    cli("samples", "--format", "jsonl", "--out", str(tmp_path / "s.jsonl"), "--status", "all")
    lines = (tmp_path / "s.jsonl").read_text().splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["source"] == "tickets"
    cli("samples", "--format", "csv", "--out", str(tmp_path / "s.csv"), "--source", "tickets")
    assert (tmp_path / "s.csv").read_text().splitlines()[0].startswith("sample_id,source,source_key,status")
    bad = cli("samples", "--format", "xml", "--out", str(tmp_path / "x"), ok=False)
    assert bad.exit_code == 1 and "--format 'xml'" in bad.output


def test_sources_and_runs_json(cli, tmp_path):
    cli("ingest", str(write_jsonl(tmp_path / "t.jsonl", RECORDS)), "--source", "tickets")
    sources = json.loads(cli("sources", "--json").output)
    assert sources[0]["name"] == "tickets" and sources[0]["rows_accepted"] == 4
    runs = json.loads(cli("runs", "--json").output)
    assert runs[0]["command"] == "ingest" and runs[0]["n_kept"] == 4


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for cmd in ("init", "ingest", "status", "explain", "samples", "query", "sources", "runs"):
        out = runner.invoke(app, [cmd, "--help"]).output
        assert "Example" in out, cmd


def test_status_groups_drops_by_rule_not_by_detail(cli, ws, tmp_path):
    from curator.catalog import connect

    cli("ingest", str(write_jsonl(tmp_path / "t.jsonl", RECORDS)), "--source", "tickets")
    reasons = [
        "exact_dup_v1: duplicate of s1a2b",
        "exact_dup_v1: duplicate of s9f8e",
        "outliers_v1: too_short (2 < 20)",
    ]
    with connect(ws) as con:
        ids = [r[0] for r in con.execute("SELECT sample_id FROM samples ORDER BY 1").fetchall()]
        for sid, reason in zip(ids, reasons, strict=False):
            stage = reason.split("_")[0]
            con.execute(
                "UPDATE samples SET status='dropped', status_stage=?, status_reason=? WHERE sample_id=?",
                [stage, reason, sid],
            )
    drops = json.loads(cli("status", "--json").output)["drops"]
    assert drops == [
        {"stage": "exact", "reason": "exact_dup_v1: duplicate of", "samples": 2},
        {"stage": "outliers", "reason": "outliers_v1: too_short", "samples": 1},
    ]
