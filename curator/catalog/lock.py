"""One writer at a time per workspace: an advisory lock file naming its holder.

``writer_lock(ws, "ingest")`` is taken by every command that writes the catalog (ingest, a run's imports,
purge-raw, annotate pull/resolve, build-split, train, review actions). ``run_lock`` keeps two curation runs of
one workspace apart for the whole run. The lock is ``fcntl.flock`` on ``<home>/locks/NAME.lock``: the kernel drops
it when its holder dies, so a stale lock of a crashed (even SIGKILLed) process is taken over at once, and a
reused pid can never hold it. The file's content names the holder (pid, command, start time) for the message a
waiting writer prints. The lock is re-entrant within a thread, so library functions that take it can nest.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from curator.errors import WorkspaceBusy
from curator.workspace import Workspace

WAIT_ENV = "CURATOR_WAIT"
DEFAULT_WAIT_S = 300.0
_RECORD = 512  # bytes of the holder record (JSON padded with spaces)
_held = threading.local()


def default_wait_s() -> float:
    """Seconds a writer waits for another: $CURATOR_WAIT (the CLI's --wait sets it), else 300."""
    try:
        return float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


def lock_path(ws: Workspace, name: str) -> Path:
    return ws.home / "locks" / f"{name}.lock"


def holder(ws: Workspace, name: str = "writer") -> dict[str, object] | None:
    """Who holds (or last held) the lock, as written by its holder; None when nobody ever took it."""
    try:
        return json.loads(lock_path(ws, name).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None


def describe(info: dict[str, object] | None) -> str:
    if not info:
        return "another curator process"
    return f"pid {info.get('pid')} (`curator {info.get('command')}`, since {info.get('since')})"


@contextmanager
def workspace_lock(ws: Workspace, name: str, command: str, wait_s: float | None = None) -> Iterator[None]:
    """Hold the workspace's NAME lock for the block; wait up to wait_s for another holder, then WorkspaceBusy."""
    depth = getattr(_held, name, 0)
    if depth:
        setattr(_held, name, depth + 1)
        try:
            yield
        finally:
            setattr(_held, name, getattr(_held, name) - 1)
        return
    fd = _acquire(ws, name, command, default_wait_s() if wait_s is None else wait_s)
    setattr(_held, name, 1)
    try:
        yield
    finally:
        setattr(_held, name, 0)
        os.close(fd)  # closing the descriptor releases the flock


def writer_lock(ws: Workspace, command: str, wait_s: float | None = None) -> AbstractContextManager[None]:
    """The catalog writer lock (see module doc)."""
    return workspace_lock(ws, "writer", command, wait_s)


def run_lock(ws: Workspace, command: str = "run", wait_s: float | None = None) -> AbstractContextManager[None]:
    """Keeps two curation runs of one workspace apart (they would run the same shards)."""
    return workspace_lock(ws, "run", command, wait_s)


def _acquire(ws: Workspace, name: str, command: str, wait_s: float) -> int:
    path = lock_path(ws, name)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    start = time.monotonic()
    deadline, told, delay = start + wait_s, False, 0.05
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            info = holder(ws, name)
            if time.monotonic() >= deadline:
                os.close(fd)
                raise WorkspaceBusy(
                    f"workspace {ws.home} is busy: {describe(info)} holds its {name} lock; "
                    f"waited {wait_s:g}s (--wait SECONDS or CURATOR_WAIT to wait longer)"
                ) from None
            # the holder writes its name just after taking the lock: give it a moment before saying "another"
            if not told and (info or time.monotonic() - start > 1.0):
                print(f"waiting for {describe(info)} to finish (workspace {name} lock)…", file=sys.stderr, flush=True)
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    _write_holder(fd, command)
    return fd


def _write_holder(fd: int, command: str) -> None:
    """One fixed-size write over the whole file, so a waiter never reads a half-written or truncated name."""
    info = {"pid": os.getpid(), "command": command, "since": datetime.now(UTC).isoformat(timespec="seconds")}
    data = json.dumps(info).encode()
    size = max(_RECORD, len(data))
    os.pwrite(fd, data.ljust(size), 0)
    os.ftruncate(fd, size)
