"""`curator eval` end to end: tiny truth files through the real default recipe (ingest → langid → quality → dedup →
pii in a scratch workspace), figures as JSON, the run stored in the catalog without any truth text, the scratch
folder gone; a bad truth file is one line on stderr."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from curator.catalog import connect

EMAIL = "ada.byron@example.org"
MAIL = f"Please forward the quarterly report to {EMAIL} before the meeting."
SPAN = {"type": "EMAIL_ADDRESS", "value": EMAIL, "start": MAIL.index(EMAIL), "end": MAIL.index(EMAIL) + len(EMAIL)}
CLEAN = "The committee approved the new budget for the library renovation project this spring."


def write(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def metrics(cli, *args: str) -> dict:
    result = cli("eval", *args, "--workers", "1", "--json")
    return json.loads(result.stdout)


@pytest.mark.slow
def test_pii_round_trip_stores_the_run_without_truth_text(cli, ws, tmp_path):
    truth = write(
        tmp_path,
        "pii.jsonl",
        [
            {"id": "m", "text": MAIL, "pii": [SPAN]},
            {"id": "c", "text": CLEAN, "pii": []},
        ],
    )
    out = metrics(cli, "pii", "--truth", str(truth))
    m = out["metrics"]
    assert (m["scored"], m["values"], m["recall"], m["clean_texts"]) == (2, 1, 1.0, 1)
    assert m["per_type"] == {"EMAIL_ADDRESS": {"values": 1, "recalled": 1, "recall": 1.0}}
    assert m["per_finding_type"]["EMAIL_ADDRESS"] == {"findings": 1, "on_truth": 1, "precision": 1.0}  # pii_findings
    assert "missed" not in m  # values are printed only with --show-missed
    with connect(ws, read_only=True) as con:
        command, stage, config, counts, n_in = con.execute(
            "SELECT command, stage, config, counts, n_in FROM runs WHERE run_id = ?", [out["run_id"]]
        ).fetchone()
    assert (command, stage, n_in) == ("eval pii", "pii", 2)
    assert json.loads(counts)["recall"] == 1.0 and json.loads(config)["stages"] == ["langid", "quality", "dedup", "pii"]
    assert not [p for p in ws.tmp_dir.iterdir() if p.name.startswith("eval-")]  # scratch (raw zone) removed
    assert not [p for p in ws.home.rglob("*") if p.is_file() and EMAIL.encode() in p.read_bytes()]


@pytest.mark.slow
def test_presidio_baseline_scores_the_same_texts(cli, tmp_path):
    truth = write(
        tmp_path,
        "pii.jsonl",
        [
            {"id": "m", "text": MAIL, "pii": [SPAN]},
        ],
    )
    out = metrics(cli, "pii", "--truth", str(truth), "--baseline", "presidio")
    assert out["baseline"] == "presidio" and out["stages"] == ["langid", "quality", "dedup"]
    assert (out["metrics"]["scored"], out["metrics"]["recall"]) == (1, 1.0)
    assert out["metrics"]["per_finding_type"]["EMAIL_ADDRESS"]["on_truth"] == 1  # Presidio's own results


@pytest.mark.slow
def test_langid_quality_and_dedup_round_trips(cli, tmp_path):
    german = "Das ist ein kurzer deutscher Satz über das Wetter in Berlin und München."
    langs = write(
        tmp_path,
        "langid.jsonl",
        [{"id": "de", "text": german, "lang": "de"}, {"id": "en", "text": CLEAN, "lang": "en"}],
    )
    m = metrics(cli, "langid", "--truth", str(langs))["metrics"]
    assert m["accuracy"] == 1.0 and set(m["per_language"]) == {"de", "en"}

    junk = "#$%& *@!~ ^+=| <>/\\ _-.: ;?#$ %&*@ !~^+ =|<> /\\_- .:;?"
    qual = write(
        tmp_path,
        "quality.jsonl",
        [{"id": "c", "text": CLEAN, "class": "clean"}, {"id": "j", "text": junk, "class": "junk"}],
    )
    m = metrics(cli, "quality", "--truth", str(qual))["metrics"]
    assert (m["clean_drop_rate"], m["junk_catch_rate"]) == (0.0, 1.0)

    dups = write(
        tmp_path,
        "dedup.jsonl",
        [
            {"id": "a", "text": MAIL, "dup_of": None},
            {"id": "b", "text": MAIL, "dup_of": "a", "edit": "exact"},
            {"id": "s", "text": CLEAN, "dup_of": None},
        ],
    )
    m = metrics(cli, "dedup", "--truth", str(dups))["metrics"]
    assert (m["recall"], m["precision"], m["dropped_by_dedup"]) == (1.0, 1.0, 1)


def test_a_bad_truth_file_is_one_line_naming_file_and_line(cli, tmp_path):
    truth = write(tmp_path, "pii.jsonl", [{"id": "x", "text": "hello"}])
    result = cli("eval", "pii", "--truth", str(truth), ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {truth}:1: record: 'pii' is a required property"


def test_a_baseline_is_for_pii_only(cli, tmp_path):
    truth = write(tmp_path, "langid.jsonl", [{"id": "x", "text": "hello", "lang": "en"}])
    result = cli("eval", "langid", "--truth", str(truth), "--baseline", "presidio", ok=False)
    assert result.stderr.strip() == "error: --baseline presidio: only `presidio`, and only for `curator eval pii`"


def test_purge_raw_sweeps_a_dead_evaluations_scratch_folder(cli, ws):
    """An evaluation killed mid-way leaves its scratch workspace (truth texts: raw zone); purge-raw removes it."""
    dead = ws.tmp_dir / "eval-20260101T000000-dead00"
    (dead / "ws").mkdir(parents=True)
    (dead / "input.jsonl").write_text(json.dumps({"id": "m", "text": MAIL}) + "\n")
    cli("purge-raw", "--yes")
    assert not dead.exists()
    assert not [p for p in ws.home.rglob("*") if p.is_file() and EMAIL.encode() in p.read_bytes()]


@pytest.mark.slow
def test_an_evaluation_killed_midway_leaves_nothing_the_next_one_does_not_sweep(ws, tmp_path):
    """SIGKILLed after the recipe ran (CURATOR_FAULT_AT=eval.ran): no run stored, its scratch folder (truth texts)
    left; the next `curator eval` sweeps it and removes its own."""
    truth = write(tmp_path, "pii.jsonl", [{"id": "m", "text": MAIL, "pii": [SPAN]}])
    argv = [sys.executable, "-m", "curator.cli", "--home", str(ws.home), "eval", "pii", "--truth", str(truth)]
    env = {**os.environ, "CURATOR_FAULT_AT": "eval.ran"}
    killed = subprocess.run([*argv, "--workers", "1"], env=env, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    left = [p.name for p in ws.tmp_dir.iterdir() if p.name.startswith("eval-") and p.is_dir()]
    assert len(left) == 1
    again = subprocess.run([*argv, "--workers", "1"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert [p.name for p in ws.tmp_dir.iterdir() if p.name.startswith("eval-")] == []
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'eval pii'").fetchone() == (1,)


@pytest.mark.slow
def test_a_recipe_of_its_own_and_the_tables(cli, tmp_path):
    recipe = tmp_path / "langid_only.yaml"
    recipe.write_text(
        "version: 1\nname: langid-only\nstages:\n  - stage: langid\n    steps:\n"
        "      - step: fasttext_langid_v1\n        params: {keep: [en], min_score: 0.4}\n"
    )
    truth = write(tmp_path, "langid.jsonl", [{"id": "en", "text": CLEAN, "lang": "en"}])
    out = metrics(cli, "langid", "--truth", str(truth), "--recipe", str(recipe))
    assert out["stages"] == ["langid"] and out["recipe"] == str(recipe)
    shown = cli("eval", "langid", "--truth", str(truth), "--recipe", str(recipe), "--workers", "1").stdout
    assert "accuracy" in shown and "per_language" in shown and "run eval-langid-" in shown


@pytest.mark.slow
def test_figures_per_kind_in_json_tables_and_the_stored_run(cli, ws, tmp_path):
    junk = "#$%& *@!~ ^+=| <>/\\ _-.: ;?#$ %&*@ !~^+ =|<> /\\_- .:;?"
    records = [
        {"id": "c", "text": CLEAN, "class": "clean", "kind": "prose"},
        {"id": "j", "text": junk, "class": "junk", "junk_kind": "symbol_noise", "kind": "technical"},
    ]
    truth = write(tmp_path, "quality.jsonl", records)
    out = metrics(cli, "quality", "--truth", str(truth))
    split = out["metrics"]["per_kind"]
    assert list(split) == ["prose", "technical"]
    assert (split["prose"]["clean_texts"], split["prose"]["clean_drop_rate"]) == (1, 0.0)
    assert (split["technical"]["junk_texts"], split["technical"]["junk_catch_rate"]) == (1, 1.0)
    with connect(ws, read_only=True) as con:
        counts = con.execute("SELECT counts FROM runs WHERE run_id = ?", [out["run_id"]]).fetchone()[0]
    assert json.loads(counts)["per_kind"]["technical"]["junk_catch_rate"] == 1.0
    shown = cli("eval", "quality", "--truth", str(truth), "--workers", "1").stdout
    header = next(line for line in shown.splitlines() if "metric" in line)
    assert "all" in header and "prose" in header and "technical" in header  # one column per kind
    assert "per_rule — technical" in shown and "per_junk_kind — technical" in shown
