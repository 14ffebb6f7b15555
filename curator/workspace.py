"""Where things live: the catalog file, data folders, splits, models and secrets of one workspace.

Resolution order for the workspace home: an explicit path, then ``CURATOR_HOME``, then ``./.curator``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from curator.errors import WorkspaceMissing

DEFAULT_HOME = ".curator"
SUBDIRS = ("data", "shards", "splits", "models", "secrets", "labelstudio", "tmp", "reports")


@dataclass(frozen=True)
class Workspace:
    """A curator workspace on disk."""

    home: Path

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.duckdb"

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


def init_workspace(home: str | os.PathLike[str] | None = None) -> tuple[Workspace, bool]:
    """Create (or upgrade) a workspace; returns it and whether it was newly created."""
    from curator.catalog import connect

    ws = Workspace(resolve_home(home))
    created = not ws.exists()
    ws.home.mkdir(parents=True, exist_ok=True)
    for sub in SUBDIRS:
        (ws.home / sub).mkdir(exist_ok=True)
    os.chmod(ws.secrets_dir, 0o700)
    with connect(ws) as con:  # applies migrations
        con.execute("SELECT 1")
    return ws, created
