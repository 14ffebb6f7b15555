"""Numbered schema migrations under schemas/migrations, applied in order when a catalog opens."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "schemas" / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, Path]]:
    """All migrations shipped with this code, by number (listed once per process and folder)."""
    return list(_listed(MIGRATIONS_DIR))


@lru_cache(maxsize=4)
def _listed(folder: Path) -> tuple[tuple[int, Path], ...]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = _NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    return tuple(found)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this catalog; 0 for a new one. Works on read-only connections."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions applied to this catalog (none for a new one): one query, run on every connection."""
    try:
        return {int(v) for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:  # no schema_migrations table yet
        return set()


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[int, Path]]:
    """Every shipped migration not applied yet, also one numbered below the highest applied."""
    have = applied_versions(con)
    return [(n, p) for n, p in available() if n not in have]


def apply_pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration, each in its own transaction; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    applied = []
    for number, path in pending(con):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, path.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(path.name)
    return applied
