"""Where things live: the catalog file, data folders, splits, models and secrets of one workspace.

Resolution order for the workspace home: an explicit path, then ``CURATOR_HOME``, then ``./.curator``.

Private by default: the workspace and every folder in it are 0700, its files 0600. The CLI runs under umask
0o077 (private_umask), so whatever a command writes — DuckDB's catalog and .wal, shards, splits, models — is
created private; `curator init` (curator.catalog.init) creates the workspace that way and tightens an existing one
(make_tree_private). This module knows paths and permissions only; it opens no catalog.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from curator.errors import WorkspaceMissing

DEFAULT_HOME = ".curator"
SUBDIRS = ("data", "shards", "splits", "models", "secrets", "labelstudio", "tmp", "reports")
PRIVATE_UMASK = 0o077


@dataclass(frozen=True)
class Workspace:
    """A curator workspace on disk."""

    home: Path

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.duckdb"

    @property
    def wal_path(self) -> Path:
        return self.home / "catalog.duckdb.wal"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def shards_dir(self) -> Path:
        return self.home / "shards"

    @property
    def splits_dir(self) -> Path:
        return self.home / "splits"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def secrets_dir(self) -> Path:
        return self.home / "secrets"

    @property
    def labelstudio_dir(self) -> Path:
        return self.home / "labelstudio"

    @property
    def tmp_dir(self) -> Path:
        return self.home / "tmp"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    def exists(self) -> bool:
        return self.catalog_path.exists()


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The workspace folder to use, without checking that it exists."""
    if home:
        return Path(home).expanduser().resolve()
    env = os.environ.get("CURATOR_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return (Path.cwd() / DEFAULT_HOME).resolve()


def open_workspace(home: str | os.PathLike[str] | None = None) -> Workspace:
    """The existing workspace, or a one-line error telling the user to run ``curator init``."""
    ws = Workspace(resolve_home(home))
    if not ws.exists():
        raise WorkspaceMissing(
            f"no curator workspace at {ws.home}: run `curator init` first (or set --home / CURATOR_HOME)"
        )
    return ws


def private_umask() -> int:
    """Make every file and folder this process creates from now on private (0600/0700); returns the old umask."""
    return os.umask(PRIVATE_UMASK)


@contextmanager
def private_files() -> Iterator[None]:
    """Umask 0o077 for the block (library entry points that create files outside the CLI)."""
    old = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(old)


def make_private(*paths: Path) -> None:
    """Drop group and other permission bits from these paths (those that exist; symlinks are left alone)."""
    for path in paths:
        try:
            st = os.lstat(path)
            if not stat.S_ISLNK(st.st_mode) and st.st_mode & PRIVATE_UMASK:
                os.chmod(path, stat.S_IMODE(st.st_mode) & ~PRIVATE_UMASK)
        except FileNotFoundError:  # removed meanwhile (e.g. a .wal checkpointed away)
            continue


def make_tree_private(root: Path) -> None:
    """make_private on root and everything below it (without following symlinks)."""
    make_private(root)
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        make_private(*(base / name for name in (*dirs, *files)))
