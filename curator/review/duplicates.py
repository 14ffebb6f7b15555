"""The Duplicates page: clusters (exact and near) with their members side by side, the keeper marked."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has
from curator.review.samples import NOT_SCRUBBED, SNIPPET_CHARS

NEEDS = "No duplicate clusters yet: run the dedup stage (`curator run pipelines/default.yaml`)."


def available(con: duckdb.DuckDBPyConnection) -> bool:
    return has(con, "dup_clusters")


def summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]] | None:
    """Clusters per kind; None before the dedup stage has made any (one read for the page header)."""
    return (cluster_summary(con) or None) if available(con) else None


def cluster_summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Clusters and samples per kind."""
    return dicts(
        con,
        (
            "SELECT kind, count(DISTINCT cluster_id) AS clusters, count(*) AS samples, "
            "count(*) FILTER (NOT is_keeper) AS non_keepers FROM dup_clusters GROUP BY 1 ORDER BY 1"
        ),
    )


def count_clusters(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> int:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return int(con.execute(f"SELECT count(DISTINCT cluster_id) FROM dup_clusters {where}", params).fetchone()[0])


def list_clusters(
    con: duckdb.DuckDBPyConnection, kind: str | None = None, page: int = 0, page_size: int = 20
) -> tuple[list[dict[str, Any]], int]:
    """One page of clusters, largest first: id, kind, size, keeper, members still active."""
    where, params = ("WHERE c.kind = ?", [kind]) if kind else ("", [])
    rows = dicts(
        con,
        (
            "SELECT c.cluster_id, any_value(c.kind) AS kind, count(*) AS size, "
            "max(CASE WHEN c.is_keeper THEN c.sample_id END) AS keeper, "
            "count(*) FILTER (s.status = 'active') AS active "
            f"FROM dup_clusters c JOIN samples s USING (sample_id) {where} "
            "GROUP BY c.cluster_id ORDER BY size DESC, c.cluster_id LIMIT ? OFFSET ?"
        ),
        [*params, int(page_size), int(page) * int(page_size)],
    )
    return rows, count_clusters(con, kind)


def cluster_members(con: duckdb.DuckDBPyConnection, cluster_id: str, limit: int = 12) -> list[dict[str, Any]]:
    """A cluster's members, keeper first, with their scrubbed text (hidden when not scrubbed)."""
    return dicts(
        con,
        (
            "SELECT c.sample_id, c.is_keeper, c.kind, s.status, s.status_reason AS reason, s.source, s.source_key, "
            f"CASE WHEN s.pii_scrubbed THEN left(s.text, {SNIPPET_CHARS * 4}) ELSE ? END AS text "
            "FROM dup_clusters c JOIN samples s USING (sample_id) WHERE c.cluster_id = ? "
            "ORDER BY c.is_keeper DESC, c.sample_id LIMIT ?"
        ),
        [NOT_SCRUBBED, cluster_id, limit],
    )
