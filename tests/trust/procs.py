"""Real `curator` processes for the trust suite's concurrency and crash tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def curator_argv(home: Path, *args: str) -> list[str]:
    """`curator --home HOME ARGS…` as a real separate process (its own DuckDB connection and locks)."""
    return [sys.executable, "-m", "curator.cli", "--home", str(home), *args]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CURATOR_FAULT", "CURATOR_PAUSE"))}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


class Child:
    """A `curator …` process whose stdout/stderr go to files (readable while it runs)."""

    def __init__(self, home: Path, args: tuple[str, ...], env: dict[str, str], logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.out, self.err = logs / "stdout", logs / "stderr"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = subprocess.Popen(
                curator_argv(home, *args), env=child_env(**env), stdout=out, stderr=err, start_new_session=True
            )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr(self) -> str:
        return self.err.read_text(errors="replace")

    def stdout(self) -> str:
        return self.out.read_text(errors="replace")

    def wait(self, timeout: float = 300) -> int:
        return self.proc.wait(timeout)

    def kill_tree(self) -> None:
        """SIGKILL the whole session (the CLI and any launcher/worker children it left)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def wait_for(predicate, timeout: float = 120, what: str = "condition") -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
