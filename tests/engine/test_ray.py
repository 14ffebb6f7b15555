"""The default recipe on datatrove's RayPipelineExecutor (a local Ray head on 127.0.0.1) = the local executor."""

from __future__ import annotations

import pytest

from tests.engine.conftest import ingest_corpus, snapshot

ray = pytest.importorskip("ray", reason="ray is not installed (pip install ray==2.60.0 for the Ray executor)")


@pytest.mark.slow
def test_ray_executor_matches_local(reference, tmp_path, monkeypatch):
    from curator.catalog.init import init_workspace
    from curator.engine import load_recipe, run_recipe

    _, recipe_path, expected, _ = reference
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # the launcher starts a head bound to 127.0.0.1
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    ws, _ = init_workspace(tmp_path / "ws")
    ingest_corpus(ws, tmp_path)
    recipe = load_recipe(recipe_path)
    reports = run_recipe(ws, recipe, recipe.stages, "ray", 2)
    assert [r.status for r in reports] == ["succeeded"] * 4
    assert snapshot(ws) == expected
