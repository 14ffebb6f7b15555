"""Shared pieces of the trust suite (append-only: add your fixture below, keep it small)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.trust.procs import Child


@pytest.fixture
def spawn(tmp_path: Path):
    """Start `curator …` processes: spawn(home, "run", …, CURATOR_FAULT_AT="…"); all killed and reaped at the end."""
    started: list[Child] = []

    def start(home: Path, *args: str, **env: str) -> Child:
        child = Child(home, args, env, tmp_path / "logs" / str(len(started)))
        started.append(child)
        return child

    yield start
    for child in started:
        child.kill_tree()
