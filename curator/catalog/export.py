"""`curator samples`: the catalog's view of every sample, written as JSONL, Parquet or CSV by DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from curator.catalog.queries import sql_path, table_exists
from curator.errors import CuratorError

FORMATS = {"jsonl": "FORMAT json", "parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER"}
STATUSES = ("active", "dropped", "all")


def samples_sql(con: duckdb.DuckDBPyConnection, status: str, source: str | None) -> tuple[str, list[object]]:
    """SELECT for the samples view, with the resolved label when the labeling tables exist."""
    if status not in STATUSES:
        raise CuratorError(f"--status {status!r}: use {', '.join(STATUSES)}")
    resolved = "NULL::VARCHAR"
    if table_exists(con, "labels"):
        resolved = "(SELECT l.label FROM labels l WHERE l.sample_id = s.sample_id)"
    where, params = [], []
    if status != "all":
        where.append("s.status = ?")
        params.append(status)
    if source:
        where.append("s.source = ?")
        params.append(source)
    sql = (
        "SELECT s.sample_id, s.source, s.source_key, s.status, "
        "CASE WHEN s.status = 'dropped' THEN s.status_stage END AS dropped_stage, "
        "CASE WHEN s.status = 'dropped' THEN s.status_reason END AS dropped_reason, "
        f"s.language, s.label AS source_label, {resolved} AS resolved_label, s.dup_cluster, s.pii_scrubbed, "
        "s.created_at, s.text FROM samples s"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.source, s.sample_id"
    )
    return sql, params


def export_samples(
    con: duckdb.DuckDBPyConnection, out: Path, fmt: str = "jsonl", status: str = "active", source: str | None = None
) -> int:
    """Write the samples view to `out`; returns the number of rows written."""
    if fmt not in FORMATS:
        raise CuratorError(f"--format {fmt!r}: use {', '.join(FORMATS)}")
    sql, params = samples_sql(con, status, source)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    con.execute(f"COPY ({sql}) TO {sql_path(out)} ({FORMATS[fmt]})", params)
    return int(n)
