"""`curator train-filter` end to end: train from a file, then a recipe with the filter drops through `curator run`."""

from __future__ import annotations

import json

from .conftest import every, ingest_records, sql, write_jsonl


def test_train_filter_then_run_a_recipe_that_applies_it(cli, ws, tmp_path):
    truth = write_jsonl(tmp_path / "truth.jsonl", every(4))
    card = json.loads(cli("train-filter", "tickets", "--from", str(truth), "--json").output)
    assert card["name"] == "tickets" and card["source"] == "file" and card["counts"]["dev"] == {"keep": 46, "drop": 23}
    assert card["config"]["threads"] == 1 and card["dev"]["auc"] > 0.8
    shown = cli("train-filter", "tickets", "--from", str(truth)).output
    assert "drops caught" in shown and "raw zone" in shown and "filter-tickets-" in shown

    records = every(16, 1)
    ingest_records(ws, records)
    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        "version: 1\nname: r\nstages:\n  - stage: quality\n    steps:\n      - step: learned_quality_v1\n"
        f"        params: {{model: {card['filter_id']}, threshold: 0.8}}\n",
        encoding="utf-8",
    )
    cli("run", str(recipe), "--workers", "1")
    reasons = [r for (r,) in sql(ws, "SELECT status_reason FROM samples WHERE status = 'dropped'")]
    assert reasons and all(r.startswith("learned_quality_v1: p(drop)=") for r in reasons)
    assert all(r.endswith(f"(filter {card['filter_id']})") for r in reasons)
    assert sql(ws, "SELECT count(*) FROM quality_filters WHERE name = 'tickets'") == [(2,)]


def test_a_bad_file_or_too_few_examples_is_one_line(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine", "label": "keep"}\n{"text": "x", "label": "junk"}\n', encoding="utf-8")
    result = cli("train-filter", "x", "--from", str(bad), ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {bad}:2: label 'junk': use keep or drop"
    result = cli("train-filter", "x", "--from", "reviews", ok=False)
    assert result.output.strip() == (
        "error: train-filter --from reviews: 0 keep, 0 drop; need at least 2 keep and 2 drop examples"
    )


def test_help_has_an_example(cli):
    out = cli("train-filter", "--help").output
    assert "Example: `curator train-filter" in " ".join(out.split())


def test_a_filter_named_in_a_recipe_is_found_in_the_home_the_run_was_given(cli, ws, tmp_path, monkeypatch):
    """`curator --home WS run` with a filter NAME: the engine's workers look in WS, not in $CURATOR_HOME/./.curator."""
    truth = write_jsonl(tmp_path / "truth.jsonl", every(4))
    cli("train-filter", "tickets", "--from", str(truth))
    ingest_records(ws, every(16, 1))
    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        "version: 1\nname: r\nstages:\n  - stage: quality\n    steps:\n      - step: learned_quality_v1\n"
        "        params: {model: tickets, threshold: 0.8}\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("CURATOR_HOME")
    monkeypatch.chdir(tmp_path)  # no ./.curator here
    cli("run", str(recipe), "--workers", "1")
    reasons = [r for (r,) in sql(ws, "SELECT status_reason FROM samples WHERE status = 'dropped'")]
    assert reasons and all(r.endswith("(filter tickets)") for r in reasons)
