"""The `runs` table: one row per command or stage run, with its resolved config, code version and counts."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from curator.version import __version__


def canonical_json(obj: Any) -> str:
    """Stable JSON (sorted keys, no spaces) used for hashing configs and manifests."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)


def config_hash(config: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(config).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def code_version() -> str:
    """curator's version, plus the git commit when running from a checkout."""
    root = Path(__file__).resolve().parents[2]
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{__version__}+{sha}" if sha else __version__


def utcnow() -> datetime:
    """Naive UTC timestamp, as stored in the catalog's TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_run_id(command: str) -> str:
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    return f"{command.replace(' ', '-')}-{stamp}-{uuid.uuid4().hex[:6]}"


@dataclass
class Run:
    """A run in progress; `record` writes its row (inside the caller's transaction).

    `t0` (time.perf_counter) and `started_at` default to now; a stage run passes the time its stage started
    (before the export), so the recorded duration_s is the wall time of the whole stage, not of its import."""

    command: str
    config: dict[str, Any]
    stage: str | None = None
    executor: str | None = None
    run_id: str = ""
    started_at: datetime = field(default_factory=utcnow)
    t0: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        if not self.run_id:
            self.run_id = new_run_id(self.command)

    def record(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        status: str,
        counts: dict[str, Any] | None = None,
        n_in: int | None = None,
        n_kept: int | None = None,
        n_dropped: int | None = None,
        n_modified: int | None = None,
        error: str | None = None,
    ) -> None:
        con.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                self.run_id,
                self.command,
                self.stage,
                canonical_json(self.config),
                config_hash(self.config),
                code_version(),
                self.executor,
                self.started_at,
                utcnow(),
                time.perf_counter() - self.t0,
                n_in,
                n_kept,
                n_dropped,
                n_modified,
                canonical_json(counts or {}),
                status,
                error,
            ],
        )
