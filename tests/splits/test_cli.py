"""The split commands through the CLI: build-split, splits list/show/diff, export (hf read back by datasets)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from tests.splits.conftest import mark_curated


def _version(cli, name: str) -> str:
    return json.loads(cli("splits", "list", name, "--json").stdout)[0]["version"]


def test_build_list_show_diff(curated, cli):
    out = cli("build-split", "tickets", "--label-source", "source", "--ratios", "0.7,0.2,0.1").stdout
    assert "new version" in out and "train 84 · val 24 · test 12" in out
    again = cli("build-split", "tickets", "--label-source", "source", "--ratios", "0.7,0.2,0.1").stdout
    assert "already exists" in again
    v1 = _version(cli, "tickets")
    mark_curated(curated["ws"], dropped=["k0050"])
    cli("build-split", "tickets", "--label-source", "source", "--ratios", "0.7,0.2,0.1")
    v2 = _version(cli, "tickets")
    listed = json.loads(cli("splits", "list", "--json").stdout)
    assert [r["version"] for r in listed] == [v2, v1] and listed[0]["parent_version"] == v1
    shown = json.loads(cli("splits", "show", f"tickets@{v1[:6]}", "--json").stdout)
    assert shown["manifest"]["version"] == v1 and shown["manifest"]["counts"]["parts"]["train"] == 84
    assert "card:" in cli("splits", "show", "tickets").stdout
    diff = json.loads(cli("splits", "diff", f"tickets@{v1}", f"tickets@{v2}", "--json").stdout)
    assert diff["removed"] == 1 and diff["added"] == 0
    assert "removed 1" in cli("splits", "diff", f"tickets@{v1}", f"tickets@{v2}").stdout


def test_export_formats(curated, cli, tmp_path):
    import datasets

    cli("build-split", "tickets", "--label-source", "source")
    v = _version(cli, "tickets")
    cli("export", f"tickets@{v}", "--format", "hf", "--out", str(tmp_path / "hf"))
    dd = datasets.load_from_disk(str(tmp_path / "hf"))
    assert {k: len(dd[k]) for k in dd} == {"train": 96, "val": 12, "test": 12}
    assert isinstance(dd["train"].features["label"], datasets.ClassLabel)
    assert dd["train"].features["label"].names == ["billing", "bug", "feature"]
    row = dd["test"][0]
    assert isinstance(row["label"], int) and row["text"] and row["sample_id"].startswith("s")
    cli("export", "tickets", "--format", "jsonl", "--out", str(tmp_path / "jl"))
    lines = (tmp_path / "jl" / "val.jsonl").read_text().splitlines()
    assert len(lines) == 12 and {"sample_id", "text", "label"} <= set(json.loads(lines[0]))
    cli("export", "tickets", "--format", "parquet", "--out", str(tmp_path / "pq"))
    assert pq.read_table(tmp_path / "pq" / "train.parquet").num_rows == 96
    assert (tmp_path / "pq" / "README.md").exists() and (tmp_path / "pq" / "manifest.json").exists()


def test_cli_errors_are_one_line(curated, cli, tmp_path):
    res = cli("build-split", "t", "--ratios", "0.5,0.1", ok=False)
    assert res.exit_code == 1 and "--ratios" in res.output and "Traceback" not in res.output
    res = cli("build-split", "t", ok=False)
    assert res.exit_code == 1 and "--label-source resolved_or_source" in res.output
    res = cli("splits", "show", "nope", ok=False)
    assert res.exit_code == 1 and "no split 'nope'" in res.output
    cli("build-split", "t", "--label-source", "source")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    res = cli("export", "t", "--out", str(tmp_path / "full"), ok=False)
    assert res.exit_code == 1 and "not empty" in res.output
    res = cli("export", "t", "--format", "csv", "--out", str(tmp_path / "new"), ok=False)
    assert res.exit_code == 1 and "--format 'csv'" in res.output
