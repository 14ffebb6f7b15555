"""Bulk writes from Python rows: one Arrow table, one INSERT … BY NAME (never a per-row INSERT loop).

`decisions` rows go through curator.catalog.decisions, not here."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[dict[str, Any]],
    schema: pa.Schema | None = None,
    verb: str = "INSERT",
) -> int:
    """Insert dict rows by column name (`verb` may be "INSERT OR REPLACE"); returns how many."""
    if not rows:
        return 0
    con.register("_curator_rows", pa.Table.from_pylist(rows, schema=schema))
    try:
        con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _curator_rows")
    finally:
        con.unregister("_curator_rows")
    return len(rows)
