"""Named kill points for crash-safety tests: ``CURATOR_FAULT_AT=name[,name…]`` makes the process SIGKILL itself there.

Writer commands call ``fault_point("ingest.before_commit")`` and the like at the moments a crash could hurt (after
staging, inside an import transaction, before a file swap). Unset, a call costs one dict lookup. Tests use it to
kill a command at each point, re-run it, and compare the catalog with an uninterrupted run's.

The same points can pause instead, for tests that interleave two processes: ``CURATOR_PAUSE_AT=name[,name…]`` with
``CURATOR_PAUSE_DIR=folder`` makes the process write ``folder/<name>.paused`` there and wait until the test creates
``folder/<name>.go`` (at most ten minutes).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

ENV = "CURATOR_FAULT_AT"
PAUSE_ENV = "CURATOR_PAUSE_AT"
PAUSE_DIR_ENV = "CURATOR_PAUSE_DIR"
PAUSE_MAX_S = 600.0


def fault_point(name: str) -> None:
    """SIGKILL this process when ``name`` is listed in $CURATOR_FAULT_AT (no cleanup, no atexit: a real crash)."""
    wanted = os.environ.get(ENV)
    if wanted and name in wanted.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
    paused = os.environ.get(PAUSE_ENV)
    if paused and name in paused.split(","):
        _pause(name, Path(os.environ.get(PAUSE_DIR_ENV, ".")))


def _pause(name: str, folder: Path) -> None:
    """Announce the pause in a file and wait for the test's go-ahead file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.paused").write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + PAUSE_MAX_S
    while not (folder / f"{name}.go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
