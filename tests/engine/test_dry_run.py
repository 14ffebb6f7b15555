"""`curator run --dry-run` (issue 17): a preview of a changed threshold flips exactly what the real run then flips,
rule by rule and sample by sample, and leaves the catalog byte for byte as it was.

Real text: data/eval/dev/quality.jsonl (Debian package descriptions and junk), through langid and quality.
Tightening gopher_quality_v1's min_doc_words (5 → 12) drops short clean descriptions (kept → dropped) and re-judges
samples a later quality step had dropped (rule changed); loosening it (→ 4) restores them (dropped → kept).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from curator.catalog import connect
from curator.engine import load_recipe, run_recipe, select_stages
from curator.engine.dryrun import dry_run
from curator.ingest import IngestOptions, ingest

QUALITY = Path(__file__).resolve().parents[2] / "data" / "eval" / "dev" / "quality.jsonl"
# each dropped sample's rule: the step of its latest drop that applied (review-held drops set nothing)
STATE = """
SELECT s.sample_id, s.status,
       (SELECT d.step FROM decisions d WHERE d.sample_id = s.sample_id AND d.decision = 'drop'
          AND coalesce(json_extract_string(d.details, '$.review_held'), '') <> 'true'
        ORDER BY d.created_at DESC, d.seq DESC LIMIT 1) AS rule
FROM samples s
"""


C4 = {"min_num_sentences": 1, "filter_no_terminal_punct": False}
FINEWEB = {"line_punct_thr": 0.0, "char_duplicates_ratio": 0.1}


def _recipe(folder: Path, min_doc_words: int, min_score: float = 0.4):
    """fastText langid and quality (outliers, Gopher): named here, so a change of the default recipe changes nothing."""
    gopher = {"languages": ["en"], "min_doc_words": min_doc_words, "min_stop_words": 0}
    langid = {"keep": ["en", "de", "fr"], "min_score": min_score}
    doc = {
        "version": 1,
        "name": f"gopher-{min_doc_words}-{min_score}",
        "stages": [
            {"stage": "langid", "steps": [{"step": "fasttext_langid_v1", "params": langid}]},
            {
                "stage": "quality",
                "steps": [
                    {"step": "outliers_v1", "params": {"min_words": 3}},
                    {"step": "gopher_quality_v1", "params": gopher},
                    {"step": "c4_quality_v1", "params": {"languages": ["en"], **C4}},
                    {"step": "fineweb_quality_v1", "params": {"languages": ["en"], **FINEWEB}},
                ],
            },
        ],
    }
    path = folder / f"recipe-{min_doc_words}-{min_score}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_recipe(path)


def _state(ws) -> dict[str, tuple[str, str | None]]:
    with connect(ws, read_only=True) as con:
        return {sid: (status, rule) for sid, status, rule in con.execute(STATE).fetchall()}


def _real_flips(before: dict, after: dict) -> set[tuple[str, str, str]]:
    """(sample, kind, rule) of every sample whose status or dropping rule changed between two states."""
    out = set()
    for sid, (status, rule) in after.items():
        old_status, old_rule = before[sid]
        if old_status == "active" and status == "dropped":
            out.add((sid, "kept_to_dropped", rule))
        elif old_status == "dropped" and status == "active":
            out.add((sid, "dropped_to_kept", old_rule))
        elif status == "dropped" and rule != old_rule:
            out.add((sid, "rule_changed", rule))
    return out


def _tables(ws) -> dict[str, list[tuple]]:
    """Every table's full contents, in a fixed order."""
    with connect(ws, read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names}


def _files(ws) -> dict[str, str]:
    return {
        str(p.relative_to(ws.home)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(ws.home.rglob("*"))
        if "locks" not in p.parts
    }


def _preview_then_run(ws, recipe, stages: tuple[str, ...] = ("quality",)) -> tuple[set, set]:
    plans = select_stages(recipe, list(stages))
    tables, files = _tables(ws), _files(ws)
    preview = dry_run(ws, recipe, plans, "local", 2)
    assert _tables(ws) == tables, "a dry run changed the catalog's tables"
    assert _files(ws) == files, "a dry run left or changed a file in the workspace"
    before = _state(ws)
    run_recipe(ws, recipe, plans, "local", 2)
    previewed = {(f.sample_id, f.kind, f.rule) for f in preview.flips}
    return previewed, _real_flips(before, _state(ws))


def test_preview_equals_real_run_rule_by_rule(ws, tmp_path):
    ingest(ws, [QUALITY], IngestOptions("quality", label_field=None, time_field=None, workers=1))
    base = _recipe(tmp_path, 5)
    run_recipe(ws, base, base.stages, "local", 2)

    previewed, real = _preview_then_run(ws, _recipe(tmp_path, 12))
    kinds = Counter((kind, rule) for _, kind, rule in real)
    assert kinds[("kept_to_dropped", "gopher_quality_v1")] >= 5, kinds  # short clean descriptions now dropped
    assert kinds[("rule_changed", "gopher_quality_v1")] >= 1, kinds  # c4/fineweb drops, now Gopher's first
    assert Counter((k, r) for _, k, r in previewed) == kinds  # rule by rule
    assert previewed == real  # sample by sample

    # loosened (back to the old key would judge nothing: every sample has a decision with it)
    previewed, real = _preview_then_run(ws, _recipe(tmp_path, 4))
    kinds = Counter((kind, rule) for _, kind, rule in real)
    assert kinds[("dropped_to_kept", "gopher_quality_v1")] >= 5, kinds
    assert previewed == real


def test_a_later_stage_sees_what_an_earlier_one_would_decide(ws, tmp_path):
    """langid loosened (min_score 0.4 → 0.1): the samples it restores are judged by quality in the same preview, as
    in the real run — kept (dropped → kept, langid's rule) or dropped by a quality rule (rule changed)."""
    ingest(ws, [QUALITY], IngestOptions("quality", label_field=None, time_field=None, workers=1))
    base = _recipe(tmp_path, 5)
    run_recipe(ws, base, base.stages, "local", 2)
    previewed, real = _preview_then_run(ws, _recipe(tmp_path, 5, min_score=0.1), ("langid", "quality"))
    kinds = Counter((kind, rule) for _, kind, rule in real)
    assert kinds[("dropped_to_kept", "fasttext_langid_v1")] >= 3, kinds
    assert any(kind == "rule_changed" and rule != "fasttext_langid_v1" for kind, rule in kinds), kinds
    assert previewed == real


def test_cli_report_json_and_plot(ws, tmp_path, cli):
    ingest(ws, [QUALITY], IngestOptions("quality", label_field=None, time_field=None, workers=1))
    base = _recipe(tmp_path, 5)
    run_recipe(ws, base, base.stages, "local", 2)
    _recipe(tmp_path, 12)
    out = cli("run", str(tmp_path / "recipe-12-0.4.yaml"), "--dry-run", "--stages", "quality", "--json").stdout
    report = json.loads(out[out.index("{") :])
    gopher = next(r for r in report["rules"] if r["rule"] == "gopher_quality_v1")
    assert gopher["kept_to_dropped"] >= 5 and len(gopher["examples"]["kept_to_dropped"]) == 5
    assert report["stages"][0]["stage"] == "quality" and report["stages"][0]["in"] > 0
    saved = Path(report["report"])
    assert saved.parent == ws.reports_dir and json.loads(saved.read_text())["rules"] == report["rules"]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert Path(report["plot"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with connect(ws, read_only=True) as con:  # nothing recorded: no run, no decision of the preview
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'run' AND stage = 'quality'").fetchall() == [(1,)]
    text = cli("run", str(tmp_path / "recipe-12-0.4.yaml"), "--dry-run", "--stages", "quality").stdout
    assert "flips per rule" in text and "gopher_quality_v1" in text and "nothing written" in text


def test_killed_preview_leaves_its_copy_only_until_a_sweep(ws, tmp_path):
    """The scratch copy holds the raw zone: a preview SIGKILLed after copying leaves it; purge-raw's sweep removes
    it (a live preview's copy is claimed: curator.catalog.scratch)."""
    from curator.stages.pii.leftovers import sweep_leftovers

    ingest(ws, [QUALITY], IngestOptions("quality", label_field=None, time_field=None, workers=1))
    recipe = _recipe(tmp_path, 12)
    argv = [sys.executable, "-m", "curator.cli", "--home", str(ws.home), "run", recipe.path, "--dry-run"]
    env = {**os.environ, "CURATOR_FAULT_AT": "dryrun.copied"}
    killed = subprocess.run([*argv, "--stages", "quality"], env=env, capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = [p for p in ws.tmp_dir.glob("dryrun-*") if p.is_dir()]
    assert len(left) == 1 and (left[0] / "ws" / "catalog.duckdb").exists()
    assert left[0].name in sweep_leftovers(ws)["staging"]
    assert not list(ws.tmp_dir.glob("dryrun-*"))
