"""`curator run` end to end on a small real corpus: reasons, keepers, PII, recorded config, no work twice."""

from __future__ import annotations

import json

from curator.catalog import connect
from curator.catalog.ids import make_sample_id

SID = {
    key: make_sample_id("tickets", key)
    for key in ("clean00", "clean01", "clean02", "dup-late", "dup-early", "near", "de", "zh", "short", "symbols", "pii")
}


def by_id(snap):
    return {row[0]: row for row in snap["samples"]}


def test_every_stage_ran_and_recorded_its_steps(reference):
    ws, _, snap, reports = reference
    assert [r.stage for r in reports] == ["langid", "quality", "dedup", "pii"]
    assert all(r.status == "succeeded" for r in reports)
    with connect(ws, read_only=True) as con:
        configs = dict(con.execute("SELECT stage, config FROM runs WHERE command = 'run'").fetchall())
    quality = json.loads(configs["quality"])
    assert [s["name"] for s in quality["steps"]][:2] == ["outliers_v2", "gopher_quality_v2"]
    assert quality["steps"][1]["version"] == 2 and quality["steps"][1]["params"]["min_words"] == 20
    assert quality["recipe"]["stages"][0]["steps"][0]["name"] == "hybrid_langid_v4"  # whole recipe saved


def test_drop_reasons_name_the_rule(reference):
    samples = by_id(reference[2])
    assert samples[SID["zh"]][1:4] == (
        "dropped",
        "langid",
        "hybrid_langid_v4: language zh not kept (en, de, fr, es, it, nl, pt)",
    )
    assert samples[SID["short"]][1] == "active"  # "ok thanks": a clean chat line for the short-text rules (issue 15)
    assert samples[SID["symbols"]][3].startswith("outliers_v2: symbol_word_ratio")
    assert samples[SID["de"]][1] == "active" and samples[SID["de"]][4] == "de"
    clean = [s for sid, s in samples.items() if sid.startswith("s") and s[1] == "active"]
    assert len(clean) == 12 + 1 + 1 + 1  # 12 clean tickets (keepers included), the German, the PII, the short one


def test_exact_and_near_duplicates_keep_the_earliest(reference):
    samples = by_id(reference[2])
    assert samples[SID["dup-late"]][3] == f"exact_dup_v1: duplicate of {SID['clean00']}"
    assert samples[SID["clean01"]][3] == f"exact_dup_v1: duplicate of {SID['dup-early']}"  # older one wins
    assert samples[SID["near"]][3].startswith(f"minhash_dup_v3: near duplicate of {SID['clean02']} (similarity 0.")
    clusters = {(c[0], c[1]): c[3] for c in reference[2]["dup_clusters"]}
    assert clusters[(f"near:{SID['clean02']}", SID["clean02"])] is True
    assert samples[SID["clean02"]][6] == f"near:{SID['clean02']}"


def test_pii_scrubbed_and_findings_without_values(reference):
    samples = by_id(reference[2])
    text = samples[SID["pii"]][8]
    assert "john.smith@example.com" not in text and "555-123-4567" not in text
    assert all(s[7] for s in samples.values() if s[1] == "active")  # every survivor scrubbed
    found = {f[1] for f in reference[2]["pii_findings"] if f[0] == SID["pii"]}
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= found
    pii_decision = [d for d in reference[2]["decisions"] if d[0] == SID["pii"] and d[1] == "pii"][0]
    assert pii_decision[3] == "modify" and pii_decision[4].startswith("presidio_pii_v1: scrubbed ")


def test_rerun_does_no_work(reference):
    from curator.engine import load_recipe, run_recipe

    ws, recipe_path, before, _ = reference
    recipe = load_recipe(recipe_path)
    reports = run_recipe(ws, recipe, recipe.stages, "local", 2)
    assert [r.status for r in reports] == ["nothing to do"] * 4
    from tests.engine.conftest import snapshot  # noqa: PLC0415

    assert snapshot(ws) == before


def test_local_stages_share_one_launcher_process(reference):
    """datatrove, the steps and their models are loaded once per recipe, not once per stage."""
    import re

    ws, _, _, reports = reference
    pids = set()
    for report in reports:
        log = (ws.shards_dir / report.run_id / "launch.log").read_text()
        pids |= set(re.findall(r"curator launcher pid (\d+)", log))
    assert len(reports) == 4 and len(pids) == 1, pids


def test_failed_stage_names_the_error_and_the_launcher_is_replaced(tmp_path):
    import pytest

    from curator.engine.process import Launcher
    from curator.errors import CuratorError

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    meta = {"run_id": "run-x", "stage": "quality", "executor": "local", "workers": 1, "tasks": 1, "steps": []}
    with Launcher() as launcher:
        with pytest.raises(CuratorError, match=r"quality: datatrove pipeline failed .*KeyError.*launch\.log"):
            launcher.run(run_dir, meta, None)  # the plan has no "shards": the launcher's main() fails
        assert launcher.child is None  # the failed launcher is gone; the next stage starts a fresh one
