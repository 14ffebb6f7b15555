"""Where a filter lives: <workspace>/models/<filter_id>/ (model.bin + curator_filter.json), a `quality_filters` row.

A recipe names a filter by NAME (its newest filter), by filter_id (pinned), or by the folder's path. The step
resolves that from the files alone (`resolve`): it runs in the engine's worker processes, which open no catalog.
The workspace it looks in is $CURATOR_HOME, else ./.curator (the CLI's own default); a path works anywhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.deploy.files import files_digest
from curator.errors import CuratorError
from curator.names import shown
from curator.workspace import DEFAULT_HOME, Workspace

CARD = "curator_filter.json"
KIND = "quality_filter"


def write_card(folder: Path, card: dict[str, Any]) -> None:
    (folder / CARD).write_text(json.dumps(card, indent=2, default=str), encoding="utf-8")


def read_card(folder: Path) -> dict[str, Any] | None:
    """The folder's filter card, or None when it is no filter folder."""
    try:
        card = json.loads((folder / CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return card if isinstance(card, dict) and card.get("kind") == KIND else None


def record(ws: Workspace, run: Run, card: dict[str, Any], folder: Path) -> None:
    """The `quality_filters` row and the run's row, in one transaction."""
    counts = card["counts"]
    row = {
        "filter_id": card["filter_id"],
        "name": card["name"],
        "source": card["source"],
        "source_ref": card.get("source_ref"),
        "path": str(folder),
        "n_keep": counts["train"]["keep"],
        "n_drop": counts["train"]["drop"],
        "n_dev": counts["dev"]["keep"] + counts["dev"]["drop"],
        "config": json.dumps(card["config"]),
        "dev": json.dumps(card["dev"]),
        "files_sha256": files_digest(folder),
        "run_id": run.run_id,
        "created_at": utcnow(),
    }
    with writer_lock(ws, "train-filter"), connect(ws) as con, transaction(con):
        insert_rows(con, "quality_filters", [row])
        run.record(con, status="succeeded", counts=counts, n_in=row["n_keep"] + row["n_drop"] + row["n_dev"])


def homes() -> list[Path]:
    """The workspaces a filter name is looked up in: $CURATOR_HOME, else ./.curator."""
    env = os.environ.get("CURATOR_HOME")
    return [Path(env).expanduser()] if env else [Path(DEFAULT_HOME)]


def resolve(ref: str, where: list[Path] | None = None) -> Path:
    """The folder of filter `ref` (a folder path, a filter_id, or a NAME: its newest filter), or a one-line error."""
    path = Path(ref).expanduser()
    if read_card(path) is not None:
        return path
    for home in where if where is not None else homes():
        models = home / "models"
        if "/" not in ref and read_card(models / ref) is not None:
            return models / ref
        named = [(c["created_at"], f) for f in _filters(models) if (c := read_card(f)) and c.get("name") == ref]
        if named:
            return max(named)[1]
    places = ", ".join(str(h / "models") for h in (where if where is not None else homes()))
    raise CuratorError(f"no quality filter {shown(ref)} (a name, filter id or folder) in {places}")


def _filters(models: Path) -> list[Path]:
    return sorted(models.glob("filter-*")) if models.is_dir() else []


def listed(ws: Workspace) -> list[dict[str, Any]]:
    """The workspace's filters, newest first (from the catalog)."""
    with connect(ws, read_only=True) as con:
        cur = con.execute("SELECT * FROM quality_filters ORDER BY created_at DESC, filter_id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
