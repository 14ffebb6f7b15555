"""Create or upgrade a workspace: its private folders (curator.workspace) and its catalog, migrations applied."""

from __future__ import annotations

import os

from curator.catalog.connection import connect
from curator.workspace import SUBDIRS, Workspace, make_tree_private, private_files, resolve_home


def init_workspace(home: str | os.PathLike[str] | None = None) -> tuple[Workspace, bool]:
    """Create (or upgrade) a workspace, private (0700 folders, 0600 files); returns it and whether it is new."""
    ws = Workspace(resolve_home(home))
    created = not ws.exists()
    with private_files():
        ws.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        for sub in SUBDIRS:
            (ws.home / sub).mkdir(mode=0o700, exist_ok=True)
        make_tree_private(ws.home)
        with connect(ws) as con:  # a writer: applies migrations
            con.execute("SELECT 1")
    return ws, created
