"""Fixtures of the deploy tests: fastText models trained for real on the tiny synthetic split, and a real
`curator serve` process on a free port."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.train.conftest import write_split


@pytest.fixture(scope="session")
def tiny_template(tmp_path_factory) -> tuple[Path, list[str]]:
    """A workspace with two fastText models of split `tiny` (trained and evaluated for real), built once."""
    from typer.testing import CliRunner

    from curator.catalog.init import init_workspace
    from curator.cli import app

    ws, _ = init_workspace(tmp_path_factory.mktemp("deploy") / "ws")
    write_split(ws.home, "tiny", "v1", {"train": 90, "val": 30, "test": 30})
    runner, ids = CliRunner(), []
    for seed in (1, 2):
        res = runner.invoke(
            app,
            ["--home", str(ws.home), "train", "tiny", "--model", "fasttext", "--seed", str(seed), "--json"],
            catch_exceptions=False,
        )
        model_id = json.loads(res.stdout)["model_id"]
        res = runner.invoke(app, ["--home", str(ws.home), "evaluate", model_id], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        ids.append(model_id)
    return ws.home, ids


@pytest.fixture
def tiny_models(ws, tiny_template) -> list[str]:
    """The template's workspace copied into this test's: two models of split `tiny`, oldest first."""
    home, ids = tiny_template
    shutil.copytree(home, ws.home, dirs_exist_ok=True)
    return ids


def set_test_f1(ws, model_id: str, value: float) -> None:
    """Fix a model's stored test macro-F1 (to make the ranking explicit; the rows are evaluate's own)."""
    from curator.catalog import connect

    with connect(ws) as con:
        con.execute(
            "UPDATE metrics SET value = ? WHERE model_id = ? AND part = 'test' AND metric = 'macro_f1' "
            "AND label IS NULL",
            [value, model_id],
        )


class Served:
    """A `curator serve` child process; `url`, `get`/`post` helpers, `stop()`."""

    def __init__(self, ws, args: list[str], host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '127.0.0.1') else host}:{self.port}"
        env = {**os.environ, "CURATOR_HOME": str(ws.home)}
        cmd = [sys.executable, "-m", "curator.cli", "serve", *args, "--port", str(self.port), "--host", host]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.client = httpx.Client(base_url=self.url, timeout=30)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"curator serve exited: {self.proc.stdout.read()}")
            try:
                self.client.get("/health")
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("curator serve did not answer in time")

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def serve(ws):
    started: list[Served] = []

    def start(*args: str, host: str = "127.0.0.1") -> Served:
        s = Served(ws, list(args), host)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def model_path(ws, model_id: str) -> Path:
    return ws.models_dir / model_id


def poll(fn, timeout: float, every: float = 0.5):
    """fn() until it returns something truthy or `timeout` seconds pass; its last answer."""
    end = time.monotonic() + timeout
    while True:
        got = fn()
        if got or time.monotonic() > end:
            return got
        time.sleep(every)
