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


def _labels_join(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(join clause, label expression): the resolved label when the labeling tables exist, else the source's."""
    if has(con, "labels"):
        return " LEFT JOIN labels l ON l.sample_id = s.sample_id", "coalesce(l.label, s.label)"
    return "", "s.label"


def literal_pattern(text: str) -> str:
    """An RE2 pattern matching `text` literally (\\Q…\\E; a "\\E" inside is split out and escaped)."""
    return "\\Q" + text.replace("\\E", "\\E\\\\E\\Q") + "\\E"


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
        conds.append(f"{_labels_join(con)[1]} = ?")
        params.append(f.label)
    if f.search:  # only in scrubbed text: raw text is never searched from the app
        # RE2, case-insensitive, the search quoted literally (\\Q…\\E): no lower() copy of every text (2.4x faster)
        conds.append("s.pii_scrubbed AND regexp_matches(s.text, ?, 'i')")
        params.append(literal_pattern(f.search))
    if f.reviewed is not None and has(con, "reviews"):
        op = "IN" if f.reviewed else "NOT IN"
        conds.append(f"s.sample_id {op} (SELECT sample_id FROM reviews)")
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def count_samples(con: duckdb.DuckDBPyConnection, f: SampleFilter) -> int:
    where, params = _where(con, f)
    join = _labels_join(con)[0] if f.label else ""
    return int(scalar(con, f"SELECT count(*) FROM samples s{join}{where}", params) or 0)


def list_samples(
    con: duckdb.DuckDBPyConnection, f: SampleFilter, page: int = 0, page_size: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """One page of samples matching the filter (text as a scrubbed snippet), and the total number matching.

    The page's ids are chosen first (top-N on the sort key), then only those rows are joined and projected.
    """
    where, params = _where(con, f)
    join, label = _labels_join(con)
    hit_join = join if f.label else ""
    sql = (
        f"WITH hits AS MATERIALIZED (SELECT s.sample_id, s.source, s.source_key FROM samples s{hit_join}{where}), "
        "page AS (SELECT * FROM hits ORDER BY source, source_key LIMIT ? OFFSET ?) "
        "SELECT (SELECT count(*) FROM hits) AS _total, s.sample_id, s.source, s.source_key, s.status, "
        f"s.status_stage AS stage, s.status_reason AS reason, s.language, {label} AS label, s.dup_cluster AS cluster, "
        f"s.n_chars, CASE WHEN s.pii_scrubbed THEN left(s.text, {SNIPPET_CHARS}) ELSE ? END AS text "
        f"FROM page JOIN samples s ON s.sample_id = page.sample_id{join} ORDER BY s.source, s.source_key"
    )
    rows = dicts(con, sql, [*params, int(page_size), int(page) * int(page_size), NOT_SCRUBBED])
    total = rows[0]["_total"] if rows else (0 if page == 0 else count_samples(con, f))  # no second scan
    for row in rows:
        del row["_total"]
    return rows, int(total)


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Distinct values offered by the filter widgets, and the number of samples."""

    def distinct(sql: str) -> list[str]:
        return [str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None]

    labels_sql = "SELECT DISTINCT label FROM samples"
    if has(con, "labels"):
        labels_sql += " UNION SELECT DISTINCT label FROM labels"
    return {
        "n_samples": int(scalar(con, "SELECT count(*) FROM samples") or 0),
        "status": distinct("SELECT DISTINCT status FROM samples ORDER BY 1"),
        "stage": distinct("SELECT DISTINCT stage FROM decisions ORDER BY 1"),
        "reason": distinct("SELECT DISTINCT reason FROM decisions WHERE decision = 'drop' ORDER BY 1 LIMIT 500"),
        "source": distinct("SELECT name FROM sources ORDER BY 1"),
        "language": distinct("SELECT DISTINCT language FROM samples ORDER BY 1"),
        "label": sorted(distinct(labels_sql)),
    }
