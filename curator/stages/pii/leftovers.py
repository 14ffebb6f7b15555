"""Folders and files outside the catalog that may hold raw text, swept by `curator purge-raw`.

- ingest staging folders (<workspace>/tmp/ingest-*): swept when no live process claims them (curator.catalog
  .scratch); ingest also sweeps dead ones when it starts — it never resumes a staging folder.
- `curator eval` scratch workspaces (<workspace>/tmp/eval-*: a truth set's texts and a catalog of them): the same
  way; an evaluation removes its own when it ends and sweeps dead ones when it starts.
- `curator run --dry-run` scratch workspaces (<workspace>/tmp/dryrun-*: a copy of the catalog): the same way.
- curation run folders (<workspace>/shards/<run_id>): a stage's exported input holds the texts it reads (raw
  before the PII stage). Removed when no `curator run` holds the workspace's run lock; a crashed run then starts
  afresh on the next `curator run` instead of resuming. A run submitted to Slurm does not hold the lock while
  its jobs are queued: finish or cancel it before purging.
- a catalog copy left by a rewrite that did not finish (catalog.duckdb.purge-tmp).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from curator.catalog.lock import describe, holder, run_lock
from curator.catalog.scratch import sweep
from curator.errors import WorkspaceBusy
from curator.workspace import Workspace

STAGING = "ingest-*"
EVAL_SCRATCH = "eval-*"
DRYRUN_SCRATCH = "dryrun-*"  # curator.engine.dryrun.SCRATCH


def rewrite_tmp(ws: Workspace) -> Path:
    """Where a catalog rewrite builds the fresh file."""
    return ws.catalog_path.with_name(ws.catalog_path.name + ".purge-tmp")


def sweep_leftovers(ws: Workspace) -> dict[str, Any]:
    """Remove dead staging folders, run folders (when no run is live) and an unfinished rewrite's copy.
    The caller holds the writer lock. Returns what was removed, and why run folders were kept if they were."""
    scratch = (STAGING, EVAL_SCRATCH, DRYRUN_SCRATCH)
    staging = [name for pattern in scratch for name in sweep(ws.tmp_dir, pattern)] if ws.tmp_dir.exists() else []
    out: dict[str, Any] = {"staging": staging, "shards": [], "shards_kept": None}
    for stale in (rewrite_tmp(ws), rewrite_tmp(ws).with_name(rewrite_tmp(ws).name + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        with run_lock(ws, "purge-raw", wait_s=0):
            for folder in sorted(ws.shards_dir.iterdir()) if ws.shards_dir.exists() else []:
                if folder.is_dir():
                    shutil.rmtree(folder)
                    out["shards"].append(folder.name)
    except WorkspaceBusy:
        out["shards_kept"] = f"a run is in progress: {describe(holder(ws, 'run'))}"
    return out
