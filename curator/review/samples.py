"""The Samples page: filtered, paginated sample lists and the values the filters offer. All in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import duckdb

from curator.review.db import dicts, has, scalar

PAGE_SIZES = (25, 50, 100, 200)
SNIPPET_CHARS = 160
NOT_SCRUBBED = "[hidden: not PII-scrubbed yet; run the pii stage, or reveal the raw text in the sample view]"


@dataclass(frozen=True)
class SampleFilter:
    """Filters of the Samples page; None or '' means no filter on that field."""

    status: str | None = None
    stage: str | None = None
    reason: str | None = None
    source: str | None = None
    language: str | None = None
    label: str | None = None
    cluster: str | None = None
    search: str | None = None
    reviewed: bool | None = None

    def active(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")}


def _label_expr(con: duckdb.DuckDBPyConnection) -> str:
    if has(con, "labels"):
        return "coalesce((SELECT l.label FROM labels l WHERE l.sample_id = s.sample_id), s.label)"
    return "s.label"


def _where(con: duckdb.DuckDBPyConnection, f: SampleFilter) -> tuple[str, list[Any]]:
    """WHERE clause and parameters for a filter (no user text ever reaches the SQL string)."""
    conds, params = [], []
    simple = {"status": "s.status", "source": "s.source", "language": "s.language", "cluster": "s.dup_cluster"}
    for name, col in simple.items():
        value = getattr(f, name)
        if value:
            conds.append(f"{col} = ?")
            params.append(value)
    if f.stage:  # the stage that decided anything about the sample, or the one that set its status
        conds.append("(s.status_stage = ? OR s.sample_id IN (SELECT sample_id FROM decisions WHERE stage = ?))")
        params += [f.stage, f.stage]
    if f.reason:
        conds.append("(s.status_reason = ? OR s.sample_id IN (SELECT sample_id FROM decisions WHERE reason = ?))")
        params += [f.reason, f.reason]
    if f.label:
        conds.append(f"{_label_expr(con)} = ?")
        params.append(f.label)
    if f.search:  # only in scrubbed text: raw text is never searched from the app
        conds.append("s.pii_scrubbed AND contains(lower(s.text), lower(?))")
        params.append(f.search)
    if f.reviewed is not None and has(con, "reviews"):
        op = "IN" if f.reviewed else "NOT IN"
        conds.append(f"s.sample_id {op} (SELECT sample_id FROM reviews)")
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def count_samples(con: duckdb.DuckDBPyConnection, f: SampleFilter) -> int:
    where, params = _where(con, f)
    return int(scalar(con, f"SELECT count(*) FROM samples s{where}", params) or 0)


def list_samples(
    con: duckdb.DuckDBPyConnection, f: SampleFilter, page: int = 0, page_size: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """One page of samples matching the filter (text as a scrubbed snippet), and the total number matching."""
    where, params = _where(con, f)
    total = int(scalar(con, f"SELECT count(*) FROM samples s{where}", params) or 0)
    sql = (
        "SELECT s.sample_id, s.source, s.source_key, s.status, s.status_stage AS stage, s.status_reason AS reason, "
        f"s.language, {_label_expr(con)} AS label, s.dup_cluster AS cluster, s.n_chars, "
        f"CASE WHEN s.pii_scrubbed THEN left(s.text, {SNIPPET_CHARS}) ELSE ? END AS text "
        f"FROM samples s{where} ORDER BY s.source, s.sample_id LIMIT ? OFFSET ?"
    )
    rows = dicts(con, sql, [NOT_SCRUBBED, *params, int(page_size), int(page) * int(page_size)])
    return rows, total


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Distinct values offered by the filter widgets."""

    def distinct(sql: str) -> list[str]:
        return [str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None]

    labels_sql = "SELECT DISTINCT label FROM samples"
    if has(con, "labels"):
        labels_sql += " UNION SELECT DISTINCT label FROM labels"
    return {
        "status": distinct("SELECT DISTINCT status FROM samples ORDER BY 1"),
        "stage": distinct("SELECT DISTINCT stage FROM decisions ORDER BY 1"),
        "reason": distinct("SELECT DISTINCT reason FROM decisions WHERE decision = 'drop' ORDER BY 1 LIMIT 500"),
        "source": distinct("SELECT name FROM sources ORDER BY 1"),
        "language": distinct("SELECT DISTINCT language FROM samples ORDER BY 1"),
        "label": sorted(distinct(labels_sql)),
    }
