"""The Splits page: versions, class balance per part, a leakage audit, and the diff of two versions."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has

NEEDS = "No split yet: run `curator build-split NAME` (after labels are resolved, or with the source labels)."


def available(con: duckdb.DuckDBPyConnection) -> bool:
    return has(con, "splits", "split_members")


def versions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]] | None:
    """Split versions; None before any split was built."""
    return (list_versions(con) or None) if available(con) else None


def version_view(con: duckdb.DuckDBPyConnection, name: str, version: str) -> dict[str, Any]:
    """One version's class balance and leakage audit, on one connection."""
    return {"balance": balance(con, name, version), "leakage": leakage(con, name, version)}


def list_versions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return dicts(
        con,
        (
            "SELECT name, version, created_at, mode, label_source, n_members, n_excluded, parent_version, run_id "
            "FROM splits ORDER BY name, created_at DESC"
        ),
    )


def balance(con: duckdb.DuckDBPyConnection, name: str, version: str) -> list[dict[str, Any]]:
    """Members per part and label, with each label's share of its part."""
    return dicts(
        con,
        (
            "SELECT part, label, count(*) AS n, round(count(*) / sum(count(*)) OVER (PARTITION BY part), 4) AS share "
            "FROM split_members WHERE name = ? AND version = ? GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        [name, version],
    )


def leakage(con: duckdb.DuckDBPyConnection, name: str, version: str, limit: int = 50) -> dict[str, Any]:
    """Same normalized text, or the same duplicate cluster, in two parts of one version; plus the stored audit."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _leak AS SELECT m.part, s.text_hash, s.dup_cluster FROM split_members m "
        "JOIN samples s USING (sample_id) WHERE m.name = ? AND m.version = ?",
        [name, version],
    )
    found = {}
    for kind, key in (("exact_text", "text_hash"), ("dup_cluster", "dup_cluster")):
        found[kind] = dicts(
            con,
            (
                f"SELECT {key} AS key, count(DISTINCT part) AS parts, list(DISTINCT part) AS in_parts, "
                "count(*) AS samples "
                f"FROM _leak WHERE {key} IS NOT NULL GROUP BY 1 HAVING min(part) <> max(part) ORDER BY samples DESC "
                "LIMIT ?"
            ),
            [limit],
        )
    con.execute("DROP TABLE _leak")
    stored = con.execute("SELECT leakage FROM splits WHERE name = ? AND version = ?", [name, version]).fetchone()
    found["stored_audit"] = stored[0] if stored else None
    return found


def diff(con: duckdb.DuckDBPyConnection, a: tuple[str, str], b: tuple[str, str], limit: int = 50) -> dict[str, Any]:
    """What changed from version a to version b: added, removed, moved between parts, relabelled (one join)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _diff AS "
        "WITH a AS (SELECT sample_id, part, label FROM split_members WHERE name = ? AND version = ?), "
        "b AS (SELECT sample_id, part, label FROM split_members WHERE name = ? AND version = ?) "
        "SELECT coalesce(a.sample_id, b.sample_id) AS sample_id, a.part AS part_a, b.part AS part_b, "
        "a.label AS label_a, b.label AS label_b, CASE WHEN a.sample_id IS NULL THEN 'added' "
        "WHEN b.sample_id IS NULL THEN 'removed' WHEN a.part <> b.part THEN 'moved' "
        "WHEN a.label <> b.label THEN 'relabelled' ELSE 'same' END AS change FROM a FULL JOIN b USING (sample_id)",
        [*a, *b],
    )
    counts = dict(con.execute("SELECT change, count(*) FROM _diff GROUP BY 1").fetchall())
    rows = dicts(con, "SELECT * FROM _diff WHERE change <> 'same' ORDER BY change, sample_id LIMIT ?", [limit])
    con.execute("DROP TABLE _diff")
    return {
        "counts": {k: int(counts.get(k, 0)) for k in ("same", "added", "removed", "moved", "relabelled")},
        "rows": rows,
    }
