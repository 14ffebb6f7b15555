"""Short guarded read-only connections for the review app, and helpers for tables other areas create later."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from curator.catalog import connect
from curator.catalog.queries import rows_as_dicts, table_exists
from curator.errors import CatalogBusy
from curator.workspace import Workspace

T = TypeVar("T")
APP_WAIT_S = 20.0
# Two connections of one process to one file must share a configuration: a read-only connection opened while
# this process writes (an action) fails with this message. It is transient like a lock: retry.
_TRANSIENT = ("different configuration", "Could not set lock", "Conflicting lock", "lock on file")


def read(ws: Workspace, fn: Callable[..., T], *args: Any, wait_s: float = APP_WAIT_S, **kwargs: Any) -> T:
    """Run fn(con, *args, **kwargs) on a short guarded connection (read-only, no external access, locked
    configuration: see curator.catalog.readonly), retrying while the catalog is busy. Never migrates."""
    deadline, delay = time.monotonic() + wait_s, 0.05
    while True:
        try:
            with connect(ws, guarded=True, wait_s=wait_s, quiet=True) as con:
                return fn(con, *args, **kwargs)
        except (duckdb.ConnectionException, duckdb.IOException) as exc:
            if not any(m in str(exc) for m in _TRANSIENT):
                raise
            if time.monotonic() >= deadline:
                raise CatalogBusy(f"catalog {ws.catalog_path} stayed busy for {wait_s:.0f}s; try again") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def has(con: duckdb.DuckDBPyConnection, *tables: str) -> bool:
    """Whether every one of these tables exists (other areas' migrations may not have run yet)."""
    return all(table_exists(con, t) for t in tables)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()
    return {r[0] for r in rows}


def dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return rows_as_dicts(con.execute(sql, params or []))


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def n_samples(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "SELECT count(*) FROM samples") or 0)
