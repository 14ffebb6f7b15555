"""Scratch folders that hold raw text for a while (ingest staging): claimed by their process, swept once it is dead.

A folder F is claimed through a sibling lock file ``F.owner``, flocked BEFORE F is made and released after F is
removed. A sweeper that sees F tries that flock: held means a live process is using F; free (or missing) means F
was left by a process that died (a SIGKILL, a power cut) — the kernel drops a dead process's flock, so a reused
pid can never keep a folder alive. Names are unique run ids, so nobody else ever claims the same folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUFFIX = ".owner"


def owner_path(folder: Path) -> Path:
    return folder.with_name(folder.name + SUFFIX)


def claim(folder: Path) -> int:
    """Claim `folder` (made by the caller after this) for this process; returns the descriptor for `release`."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(owner_path(folder), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a sweeper holds a dead folder's flock only while it removes that folder
    return fd


@contextmanager
def claimed(folder: Path) -> Iterator[None]:
    """Claim `folder` for the block and drop the claim after it, leaving the folder as the block left it (a model
    folder stays once registered). Killed inside the block, the claim is dead and a sweeper may remove the folder."""
    fd = claim(folder)
    try:
        yield
    finally:
        owner_path(folder).unlink(missing_ok=True)
        os.close(fd)


def is_dead(folder: Path) -> bool:
    """Whether `folder` has a claim file that no live process holds."""
    try:
        fd = os.open(owner_path(folder), os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def release(folder: Path, fd: int) -> None:
    """Remove `folder` and its claim."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
        owner_path(folder).unlink(missing_ok=True)
    finally:
        os.close(fd)


def sweep(parent: Path, pattern: str) -> list[str]:
    """Remove the folders (and stray claims) under `parent` matching `pattern` that no live process claims;
    returns the names removed."""
    removed = []
    names = {p.name.removesuffix(SUFFIX) for p in parent.glob(pattern) if p.is_dir() or p.name.endswith(SUFFIX)}
    for name in sorted(names):
        folder = parent / name
        fd = os.open(owner_path(folder), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # live
        if folder.exists():
            removed.append(name)
        release(folder, fd)
    return removed
