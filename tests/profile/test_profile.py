"""`curator profile`: corpus figures and per-rule drop shares on a real-text slice, with counts known in advance."""

from __future__ import annotations

import json

import numpy as np
import pytest

from curator.catalog import connect
from curator.engine.recipe import load_recipe
from curator.profile.measure import measure_recipe
from curator.stages.registry import build

N = 120


@pytest.fixture
def texts(corpus) -> list[str]:
    return [r["text"] for r in corpus.records("prose", limit=N)]


@pytest.fixture
def profiled(cli, tmp_path, corpus, texts):
    """`curator profile --json ARGS` after ingesting the slice (once per test)."""
    cli("ingest", str(corpus.write(tmp_path / "prose.jsonl", texts)), "--source", "prose")
    return lambda *args: json.loads(cli("profile", "--json", *args).output)


def test_corpus_figures_match_the_texts(profiled, texts):
    result = profiled()
    p = result["profile"]
    assert p["profiled"] == p["active"] == N and p["sampled"] is False
    chars = [len(t) for t in texts]
    assert p["corpus"]["chars"]["p50"] == float(np.percentile(chars, 50))
    assert p["corpus"]["chars"]["max"] == max(chars)
    assert p["corpus"]["words"]["p95"] == float(np.percentile([len(t.split()) for t in texts], 95))
    multi = sum(1 for t in texts if len([x for x in t.split("\n") if x.strip()]) > 1)
    assert p["corpus"]["multi_line_docs"] == round(multi / N, 4)
    assert abs(sum(p["languages"].values()) - 1) < 1e-9 and next(iter(p["languages"])) == "en"


RECIPE = """
version: 1
name: probe
stages:
  - stage: langid
    steps: [{step: fasttext_langid_v1, params: {keep: [en, de, fr, es, it, nl, pt], min_score: 0.4}}]
  - stage: quality
    steps:
      - {step: outliers_v1, params: {min_chars: 20, min_words: 3}}
      - {step: gopher_quality_v1, params: {languages: [en], min_doc_words: 5}}
"""


def test_a_rule_alone_drops_what_its_threshold_says(profiled, texts, tmp_path):
    """outliers_v1 min_chars 20 alone drops exactly the texts shorter than 20 characters (counted here directly);
    the language score rule alone, exactly the texts fastText scores under 0.4."""
    (tmp_path / "probe.yaml").write_text(RECIPE, encoding="utf-8")
    p = profiled("--recipe", str(tmp_path / "probe.yaml"))["profile"]
    rules = {r["rule"]: r for s in p["steps"] for r in s["rules"]}
    assert rules["outliers_v1.min_chars"]["share"] == sum(len(t.strip()) < 20 for t in texts) / N
    curve = dict((v, s) for v, s in rules["outliers_v1.min_chars"]["curve"])
    assert curve[50] == sum(len(t.strip()) < 50 for t in texts) / N and curve[0] == 0.0
    assert rules["outliers_v1.min_words"]["share"] == sum(len(t.split()) < 3 for t in texts) / N
    scores = [s for _, s in build("fasttext_langid_v1", {}).predict(texts)]
    assert rules["fasttext_langid_v1.min_score"]["share"] == sum(s < 0.4 for s in scores) / N
    assert rules["fasttext_langid_v1.min_score"]["threshold"] == 0.4


def test_rule_shares_come_from_the_step_code(profiled, texts):
    """Each step's share equals the step itself judging the same documents (the recipe's languages set)."""
    p = profiled()["profile"]
    recipe = load_recipe(None)
    again = measure_recipe(recipe, texts)
    assert [s["share"] for s in again["steps"]] == [s["share"] for s in p["steps"]]
    outliers = next(s for s in recipe.stages if s.stage == "quality").steps[0]
    from datatrove.data import Document

    step = build(outliers["name"], outliers["params"])
    dropped = sum(step.filter(Document(text=t, id=str(i))) is not True for i, t in enumerate(texts))
    assert next(s for s in p["steps"] if s["step"] == outliers["name"])["share"] == dropped / N


def test_stored_as_a_run_with_figures_only(cli, ws, profiled, texts):
    result = profiled()
    with connect(ws, read_only=True) as con:
        command, config, counts = con.execute(
            "SELECT command, config, counts FROM runs WHERE run_id = ?", [result["run_id"]]
        ).fetchone()
    assert command == "profile" and json.loads(config)["recipe"]["name"] == "default"
    assert json.loads(counts)["corpus"] == result["profile"]["corpus"]
    long_texts = [t for t in texts if len(t) > 40]
    assert not any(t[:40] in counts for t in long_texts)  # no text is stored, only figures
    last = json.loads(cli("profile", "--last", "--json").output)
    assert last["run_id"] == result["run_id"]


def test_a_sample_is_said_and_seeded(cli, profiled):
    first = profiled("--sample", "30")["profile"]
    again = json.loads(cli("profile", "--json", "--sample", "30").output)["profile"]
    assert first["sampled"] is True and first["profiled"] == 30 and first["active"] == N
    assert first["corpus"] == again["corpus"]
    out = cli("profile", "--sample", "30").output
    assert f"profiled a seeded sample of 30 of {N} active samples" in out


def test_profile_tables_and_errors(cli, profiled):
    profiled()
    out = cli("profile", "--recipe", "short_text").output
    assert "outliers_v1.min_chars" in out or "outliers_v2.min_chars" in out
    assert "would pick" in out
    bad = cli("profile", "--source", "nope", ok=False)
    assert bad.exit_code == 1 and "nothing to profile: source nope has no active samples" in bad.output


def test_histogram_bins_add_up_and_mark_what_the_threshold_drops():
    """The Profile page's histogram from a rule's curve: bins sum to 1; the dropped bins sum to the recipe's share."""
    from curator.review.profile import histogram_rows

    rule = {"direction": "min", "threshold": 20, "curve": [[50, 0.3], [40, 0.2], [20, 0.05], [10, 0.01], [0, 0.0]]}
    rows = histogram_rows(rule)
    assert [r["bin"] for r in rows] == ["< 0", "0..10", "10..20", "20..40", "40..50", ">= 50"]
    assert abs(sum(r["texts"] for r in rows) - 1) < 1e-9
    assert abs(sum(r["texts"] for r in rows if r["recipe"] == "dropped") - 0.05) < 1e-9
    rule = {"direction": "max", "threshold": 0.3, "curve": [[0.1, 0.5], [0.3, 0.2], [1.0, 0.05]]}
    rows = histogram_rows(rule)
    assert [r["bin"] for r in rows] == ["<= 0.1", "0.1..0.3", "0.3..1.0", "> 1.0"]
    assert abs(sum(r["texts"] for r in rows if r["recipe"] == "dropped") - 0.2) < 1e-9
