"""DuckDB connections: short-lived, retried while another process holds the catalog's lock.

DuckDB lets one process write a database file at a time, and a process that writes excludes readers in
other processes. Writers therefore hold connections briefly (one transaction per import); readers open
read-only connections and retry with backoff, printing "catalog busy, retrying" once.

A read never writes: a read-only connection never migrates. When the catalog needs a migration, opening one
raises PendingMigration ("run `curator migrate`"); writable connections (writer commands) migrate on open.
A guarded connection (`curator query`, the review app) is read-only with external access off and its
configuration locked (curator.catalog.readonly).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from curator.catalog.lock import writer_lock
from curator.catalog.migrations import apply_pending, pending
from curator.catalog.readonly import GUARDED_CONFIG
from curator.errors import CatalogBusy, PendingMigration, WorkspaceMissing
from curator.workspace import Workspace, make_private

BUSY_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked", "lock on file")
DEFAULT_WAIT_S = 120.0


def _is_busy(exc: Exception) -> bool:
    return any(marker in str(exc) for marker in BUSY_MARKERS)


def _open(
    path: str, read_only: bool, wait_s: float, quiet: bool, config: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    delay, deadline, told = 0.05, time.monotonic() + wait_s, False
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only, config=config or {})
            if not config:  # a guarded connection's configuration is locked (and has no progress bar)
                con.execute("SET enable_progress_bar = false")
            return con
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                msg = f"catalog {path} stayed busy for {wait_s:.0f}s (another curator process writes)"
                raise CatalogBusy(msg) from exc
            if not told and not quiet:
                print("catalog busy, retrying…", file=sys.stderr)
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def connect(
    ws: Workspace,
    *,
    read_only: bool = False,
    guarded: bool = False,
    migrate: bool = True,
    wait_s: float = DEFAULT_WAIT_S,
    quiet: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the workspace's catalog, closed on exit.

    Writable: migrated to the latest schema on open (unless migrate=False), the catalog file made private.
    read_only: never migrates; PendingMigration when the schema is behind. guarded: read-only, no external
    access, configuration locked — for SQL we did not write.
    """
    read_only = read_only or guarded
    if read_only and not ws.catalog_path.exists():
        raise WorkspaceMissing(f"no catalog at {ws.catalog_path}: run `curator init` first")
    con = _open(str(ws.catalog_path), read_only, wait_s, quiet, GUARDED_CONFIG if guarded else None)
    try:
        if read_only:
            refuse_if_pending(ws, con)
        else:
            make_private(ws.catalog_path, ws.wal_path)
            if migrate:
                apply_pending(con)
        yield con
    finally:
        con.close()


def refuse_if_pending(ws: Workspace, con: duckdb.DuckDBPyConnection) -> None:
    """PendingMigration naming the migrations this catalog lacks, if any (a read never applies one)."""
    missing = pending(con)
    if missing:
        numbers = ", ".join(str(n) for n, _ in missing)
        raise PendingMigration(
            f"catalog {ws.catalog_path} needs migration{'s' if len(missing) > 1 else ''} {numbers}: "
            "run `curator migrate` (read commands never change the catalog)"
        )


def migrate(ws: Workspace) -> list[str]:
    """Apply every pending migration under the workspace writer lock; returns the names applied."""
    with writer_lock(ws, "migrate"), connect(ws, migrate=False) as con:
        return apply_pending(con)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception (Ctrl-C included)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
