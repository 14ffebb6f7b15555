"""DuckDB connections: short-lived, retried while another process holds the catalog's lock.

DuckDB lets one process write a database file at a time, and a process that writes excludes readers in
other processes. Writers therefore hold connections briefly (one transaction per import); readers open
read-only connections and retry with backoff, printing "catalog busy, retrying" once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from curator.catalog.migrations import apply_pending, pending
from curator.errors import CatalogBusy
from curator.workspace import Workspace

BUSY_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked", "lock on file")
DEFAULT_WAIT_S = 120.0


def _is_busy(exc: Exception) -> bool:
    return any(marker in str(exc) for marker in BUSY_MARKERS)


def _open(path: str, read_only: bool, wait_s: float, quiet: bool) -> duckdb.DuckDBPyConnection:
    delay, deadline, told = 0.05, time.monotonic() + wait_s, False
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
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
    ws: Workspace, *, read_only: bool = False, wait_s: float = DEFAULT_WAIT_S, quiet: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the workspace's catalog, migrated to the latest schema, closed on exit."""
    path = str(ws.catalog_path)
    if read_only and not ws.catalog_path.exists():
        read_only = False
    con = _open(path, read_only, wait_s, quiet)
    try:
        if read_only and pending(con):
            con.close()
            con = _open(path, False, wait_s, quiet)
            apply_pending(con)
        elif not read_only:
            apply_pending(con)
        yield con
    finally:
        con.close()


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
