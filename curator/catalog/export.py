"""`curator samples`: the catalog's view of every sample, written as JSONL, Parquet or CSV by DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from curator.catalog.outbound import SCRUBBED_TEXT_SQL
from curator.catalog.queries import sql_path, table_exists
from curator.errors import CuratorError
from curator.plain import FORMULA_LEADS

FORMATS = {"jsonl": "FORMAT json", "parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER"}
STATUSES = ("active", "dropped", "all")


def samples_sql(con: duckdb.DuckDBPyConnection, status: str, source: str | None) -> tuple[str, list[object]]:
    """SELECT for the samples view, with the resolved label when the labeling tables exist.

    Only fields of the outbound allow-list (curator.catalog.outbound): never `metadata`, and `text` only once the
    PII stage has scrubbed it (NULL before: the current text is still the raw text)."""
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
        f"s.created_at, {SCRUBBED_TEXT_SQL} AS text FROM samples s"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.source, s.sample_id"
    )
    return sql, params


def csv_guarded(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> str:
    """`sql` with every text cell a spreadsheet would read as a formula (starting with = + - @, tab or CR)
    prefixed with ' (formula injection, OWASP's advice); other columns pass unchanged."""
    cols = con.execute(f"SELECT * FROM ({sql}) LIMIT 0", params).description or []
    leads = ", ".join(f"chr({ord(ch)})" for ch in FORMULA_LEADS)
    out = []
    for name, kind, *_ in cols:
        q = '"' + name.replace('"', '""') + '"'
        guarded = f"CASE WHEN left({q}, 1) IN ({leads}) THEN chr(39) || {q} ELSE {q} END AS {q}"
        out.append(guarded if str(kind) == "VARCHAR" else q)
    return f"SELECT {', '.join(out)} FROM ({sql})"


def export_samples(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    fmt: str = "jsonl",
    status: str = "active",
    source: str | None = None,
    csv_guard: bool = True,
) -> int:
    """Write the samples view to `out`; returns the number of rows written.

    CSV cells a spreadsheet would run as formulas get a leading ' unless `csv_guard` is False (`--raw-csv`).
    """
    if fmt not in FORMATS:
        raise CuratorError(f"--format {fmt!r}: use {', '.join(FORMATS)}")
    sql, params = samples_sql(con, status, source)
    if fmt == "csv" and csv_guard:
        sql = csv_guarded(con, sql, params)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    con.execute(f"COPY ({sql}) TO {sql_path(out)} ({FORMATS[fmt]})", params)
    return int(n)
