"""Shared fixtures: a fresh workspace per test, the CLI runner, the shipped demo corpus."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from types import SimpleNamespace

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
    from curator.catalog.init import init_workspace

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


# Label Studio: ONE real server per test session (installed on first use), shared by every test folder.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config):
    """A running Label Studio (installed into its shared venv first if missing); stopped at session end."""
    from curator.catalog.init import init_workspace
    from curator.label import secrets, server

    capman = pytestconfig.pluginmanager.getplugin("capturemanager")

    def say(msg: str) -> None:  # visible even under pytest's capture: the first install takes minutes
        with capman.global_and_fixture_disabled():
            print(f"\n[label studio] {msg}", flush=True)

    ws, _ = init_workspace(tmp_path_factory.mktemp("labelstudio") / "ws")
    state = server.up(ws, free_port(), say=say)
    login = secrets.load_login(ws)
    yield SimpleNamespace(ws=ws, url=state.url, key=login.token, port=state.port)
    assert server.stop(ws), "the session's Label Studio server was not running at teardown"
    assert not server.state(ws).running


@pytest.fixture
def ls(ls_server, ws, monkeypatch: pytest.MonkeyPatch):
    """The shared server, as seen from this test's fresh workspace (env credentials)."""
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.key)
    return ls_server
