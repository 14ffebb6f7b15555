"""Shared fixtures: a fresh workspace per test, the CLI runner, the shipped demo corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An initialized, empty workspace; CURATOR_HOME points at it."""
    from curator.workspace import init_workspace

    home = tmp_path / "ws"
    monkeypatch.setenv("CURATOR_HOME", str(home))
    workspace, _ = init_workspace(home)
    return workspace


@pytest.fixture
def cli(ws):
    """Invoke `curator …` in-process against the `ws` workspace: cli("status", "--json")."""
    from curator.cli import app

    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(app, ["--home", str(ws.home), *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO_DIR
