"""The engine is one loop over the `Stage` interface: it names no stage, and a stage it has never seen runs through
it end to end (a toy stage defined in tests/engine/toy_stage/, registered through the registry)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from curator.catalog import connect
from curator.engine import Recipe, StagePlan, run_recipe
from curator.stages import registry
from curator.stages.base import Stage
from tests.engine.conftest import ingest_corpus

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "curator" / "engine"
STAGE_WORDS = re.compile(r"(?i)(?<![a-z])(langid|quality|dedup|minhash|exact|pii|presidio|near)(?![a-z])")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (prose may mention stages; code may not)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def stage_names_in(path: Path) -> list[str]:
    """Each string literal, name, attribute, argument or import of the file that names a stage: 'file:line: what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip, hits = _docstrings(tree), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            words = [node.value]
        elif isinstance(node, ast.Name):
            words = [node.id]
        elif isinstance(node, ast.Attribute):
            words = [node.attr]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.arg, ast.alias)):
            words = [getattr(node, "name", None) or getattr(node, "arg", None) or ""]
        elif isinstance(node, ast.ImportFrom):
            words = [node.module or ""]
        else:
            continue
        for word in words:
            if STAGE_WORDS.search(word.replace("_", " ").replace(".", " ")):
                hits.append(f"{path.name}:{node.lineno}: {word!r}")
    return hits


def test_the_engine_names_no_stage():
    hits = [hit for path in sorted(ENGINE.glob("*.py")) for hit in stage_names_in(path)]
    assert hits == [], "stage names in curator/engine/ (a stage's own code belongs in its folder):\n" + "\n".join(hits)


def test_the_check_finds_a_stage_branch(tmp_path):
    """The check above can fail: the kinds of branch the engine had (a stage compared by name, a step found by name
    prefix, a stage's module imported by the engine); a docstring and a comment may mention a stage."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        '"""A docstring may say dedup."""\n'
        "from curator.engine import dedup  # a comment may say pii\n"
        "def f(plan, s):\n"
        '    if plan.stage == "pii":\n'
        "        return 1\n"
        '    return s["name"].startswith("minhash")\n'
    )
    assert sorted(stage_names_in(probe)) == ["probe.py:2: 'dedup'", "probe.py:4: 'pii'", "probe.py:6: 'minhash'"]


def test_every_registered_stage_implements_the_interface():
    for name in registry.STAGES:
        stage = registry.get_stage(name)
        assert isinstance(stage, Stage), name
        assert stage.name == name


def test_the_recipe_schema_lists_the_registered_stages():
    schema = json.loads((ROOT / "schemas" / "pipeline.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["stages"]["items"]["properties"]["stage"]["enum"] == list(registry.STAGES)


@pytest.fixture
def toy(monkeypatch):
    """The toy stage and its step, registered for this test only; the launcher child learns them from its
    environment (registry.child_env)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the launcher child imports tests.engine.toy_stage
    monkeypatch.setattr(registry, "STAGE_TARGETS", dict(registry.STAGE_TARGETS))
    monkeypatch.setattr(registry, "REGISTRY", dict(registry.REGISTRY))
    monkeypatch.setattr(registry, "_LOADED", {})
    monkeypatch.setattr(registry, "_EXTRA", [])
    step = registry.StepInfo("toy_length_v1", "toy", "tests.engine.toy_stage.steps:ToyLength", "drops short texts")
    registry.register("toy", "tests.engine.toy_stage.stage:ToyStage", [step])
    params = registry.resolve_params("toy_length_v1", {"min_chars": 45})
    return StagePlan("toy", [{"name": "toy_length_v1", "version": 1, "params": params}])


def test_a_toy_stage_runs_through_the_engine_loop(ws, tmp_path, toy):
    ingest_corpus(ws, tmp_path)
    recipe = Recipe(str(tmp_path / "toy.yaml"), [toy], {"rows_per_shard": 6, "batch_size": 4}, "toy")
    [report] = run_recipe(ws, recipe, [toy], "local", 2)
    assert report.status == "succeeded" and report.counts["in"] == 20
    with connect(ws, read_only=True) as con:
        texts = dict(con.execute("SELECT sample_id, text FROM samples").fetchall())
        rows = con.execute(
            "SELECT sample_id, step, decision, reason, score, details FROM decisions WHERE stage = 'toy' ORDER BY seq"
        ).fetchall()
        status = dict(con.execute("SELECT sample_id, (status, status_stage, status_reason) FROM samples").fetchall())
        run = con.execute("SELECT stage, status, n_in, n_dropped FROM runs WHERE command = 'run'").fetchall()
    assert sorted(r[0] for r in rows) == sorted(texts)  # one decision per sample
    short = {sid for sid, text in texts.items() if len(text) < 45}
    assert short and len(short) < len(texts)
    for sid, step, decision, reason, score, details in rows:
        n = len(texts[sid])
        assert json.loads(details)["key"] == toy.key
        if sid in short:
            assert (step, decision, reason) == ("toy_length_v1", "drop", f"toy_length_v1: {n} < 45 chars")
            assert status[sid] == ("dropped", "toy", reason)
        else:
            assert (step, decision, reason, score) == ("toy_length_v1", "keep", f"toy: long enough ({n} chars)", n)
            assert status[sid][0] == "active"
    assert run == [("toy", "succeeded", 20, len(short))]
    again = run_recipe(ws, recipe, [toy], "local", 2)
    assert [r.status for r in again] == ["nothing to do"]
