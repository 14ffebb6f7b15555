"""`curator recipe calibrate`: the written recipe loads, and on the same corpus every rule that does not target junk
drops at most the bound; junk rules and the kept languages are left; every change is commented with its shares."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.engine.recipe import load_recipe
from curator.profile.calibrate import changes, render
from curator.profile.measure import measure_recipe
from curator.profile.rules import rules_of

N = 150


def _texts(corpus) -> list[str]:
    return [r["text"] for r in corpus.records("technical", limit=N)]


def _check_bound(recipe_path, texts, bound):
    after = measure_recipe(load_recipe(recipe_path), texts)
    for step in after["steps"]:
        fixed = {r.param: r.fixed for r in rules_of(step["step"])}
        for rule in step["rules"]:
            if not fixed[rule["param"]]:
                assert rule["share"] <= bound, (rule["rule"], rule["share"], bound)
    return after


def test_calibrated_recipe_keeps_each_rule_under_the_bound(cli, ws, tmp_path, corpus, v1_base):
    texts = _texts(corpus)
    cli("ingest", str(corpus.write(tmp_path / "tech.jsonl", texts)), "--source", "tech")
    out = tmp_path / "mine.yaml"
    result = json.loads(cli("recipe", "calibrate", "--base", str(v1_base), "--out", str(out), "--json").output)
    assert result["profiled"] == N and out.stat().st_mode & 0o077 == 0
    text = out.read_text(encoding="utf-8")
    before = measure_recipe(load_recipe(v1_base), texts)
    after = _check_bound(out, texts, 0.02)
    base_rules = {r["rule"]: r for s in before["steps"] for r in s["rules"]}
    after_rules = {r["rule"]: r for s in after["steps"] for r in s["rules"]}
    loosened = [name for name, r in base_rules.items() if not r["fixed"] and r["share"] > 0.02]
    assert {"fasttext_langid_v1.min_score", "gopher_quality_v1.max_non_alpha_words_ratio"} <= set(loosened)
    for name in loosened:
        step, param = name.split(".")
        old, new = base_rules[name], after_rules[name]
        assert f"# {param}: {json.dumps(old['threshold'])} -> {json.dumps(new['threshold'])}" in text
        assert f"dropped {old['share']:.1%} of this corpus alone, now {new['share']:.1%} (bound 2.0%)" in text
    for name, r in base_rules.items():  # junk rules and the kept languages: as they were
        if r["fixed"]:
            assert after_rules[name]["threshold"] == r["threshold"]
    assert text.startswith("# Written by `curator recipe calibrate`. This file is the recipe")
    assert f"# Profiled: all 150 active samples, base {v1_base}." in text


def test_cli_table_and_bad_bound(cli, tmp_path, corpus, v1_base):
    cli("ingest", str(corpus.write(tmp_path / "tech.jsonl", _texts(corpus))), "--source", "tech")
    out = cli("recipe", "calibrate", "--base", str(v1_base), "--out", str(tmp_path / "r.yaml")).output
    assert "calibrated" in out and f"curator run {tmp_path / 'r.yaml'}" in out
    bad = cli("recipe", "calibrate", "--out", str(tmp_path / "x.yaml"), "--max-drop", "1.5", ok=False)
    assert bad.exit_code == 1 and "--max-drop 1.5: a share between 0 and 1" in bad.output


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bound=st.floats(min_value=0.0, max_value=0.3))
def test_any_bound_holds_on_the_same_corpus(bound, corpus, tmp_path, v1_base):
    """The library path (no workspace): measure → changes → render → load → measure again."""
    texts = [r["text"] for r in corpus.records("conversational", limit=80)]
    base = load_recipe(v1_base)
    doc = yaml.safe_load(v1_base.read_text(encoding="utf-8"))
    found = changes(base, measure_recipe(base, texts), bound)
    path = tmp_path / f"b{bound:.4f}.yaml"
    path.write_text(render(doc, found, bound, "test", "t"), encoding="utf-8")
    _check_bound(path, texts, bound)
