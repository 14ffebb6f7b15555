"""Small SQL helpers shared by every writer of the catalog."""

from __future__ import annotations

import duckdb


def execute_named(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> duckdb.DuckDBPyConnection:
    """Execute with only the named parameters the statement uses (DuckDB rejects extra ones)."""
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
