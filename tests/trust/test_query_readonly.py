"""Read paths cannot write: `curator query` and the review app's reads, attacked through the real CLI and library.

Every attack must leave the catalog byte-for-byte as it was, write no file, and say why it was refused in one
line. A pending migration makes reads refuse ("run `curator migrate`") instead of opening a writable connection.
"""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest

RECORDS = [{"id": f"r{i}", "text": f"record number {i} with some words in it", "label": "a"} for i in range(3)]


@pytest.fixture
def loaded(ws):
    """A workspace with three samples (written directly: these tests are about reading them)."""
    con = duckdb.connect(str(ws.catalog_path))
    try:
        for r in RECORDS:
            con.execute(
                "INSERT INTO samples (sample_id, source, source_key, text, text_hash, label, ingested_at) "
                "VALUES (?, 't', ?, ?, md5(?), ?, now())",
                [f"t-{r['id']}", r["id"], r["text"], r["text"], r["label"]],
            )
    finally:
        con.close()
    return ws


def state(ws) -> tuple[str, list[str]]:
    """The catalog's bytes (hashed) and every path under the workspace."""
    files = sorted(str(p.relative_to(ws.home)) for p in ws.home.rglob("*") if "locks" not in p.parts)
    return hashlib.sha256(ws.catalog_path.read_bytes()).hexdigest(), files


def n_samples(ws) -> int:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM samples").fetchone()[0]
    finally:
        con.close()


def refused(cli, ws, sql: str, reason: str) -> str:
    """Run `curator query SQL`; it must fail with one `error:` line holding reason, changing nothing."""
    before = state(ws)
    res = cli("query", sql, ok=False)
    errors = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert res.exit_code == 1, res.output
    assert len(errors) == 1 and reason in errors[0], res.output
    assert state(ws) == before
    assert n_samples(ws) == len(RECORDS)
    return errors[0]


def test_copy_over_the_catalog_is_refused(loaded, cli):
    refused(cli, loaded, f"COPY (SELECT 1) TO '{loaded.catalog_path}'", "query refused: a COPY statement")


def test_copy_to_a_file_is_refused(loaded, cli, tmp_path):
    out = tmp_path / "x.csv"
    refused(cli, loaded, f"COPY samples TO '{out}'", "query refused: a COPY statement")
    assert not out.exists()


def test_reading_a_local_file_is_refused(loaded, cli):
    line = refused(cli, loaded, "SELECT * FROM read_text('/etc/passwd')", "file system operations are disabled")
    assert "root:" not in line


def test_reading_a_url_is_refused(loaded, cli):
    refused(cli, loaded, "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", "file system operations are disabled")


def test_attach_read_write_then_insert_is_refused(loaded, cli, tmp_path):
    other = tmp_path / "other.duckdb"
    attach = f"ATTACH '{other}' AS o (READ_WRITE)"
    refused(cli, loaded, f"{attach}; CREATE TABLE o.t AS SELECT * FROM samples", "2 statements given (ATTACH, CREATE)")
    refused(cli, loaded, attach, "query refused: a ATTACH statement")
    assert not other.exists()


def test_install_and_load_are_refused(loaded, cli):
    refused(cli, loaded, "INSTALL httpfs", "query refused: an INSTALL/LOAD statement")
    refused(cli, loaded, "LOAD httpfs", "query refused: an INSTALL/LOAD statement")


@pytest.mark.parametrize(
    "sql", ["SET lock_configuration = false", "SET enable_external_access = true", "RESET lock_configuration"]
)
def test_the_configuration_cannot_be_unlocked(loaded, cli, sql):
    refused(cli, loaded, sql, "query refused: a SET statement")


def test_a_second_statement_is_refused(loaded, cli):
    refused(cli, loaded, "SELECT 1; DELETE FROM samples", "2 statements given (SELECT, DELETE)")


def test_delete_returning_is_refused(loaded, cli):
    refused(cli, loaded, "DELETE FROM samples RETURNING *", "query refused: a DELETE statement")


def test_a_cte_that_writes_is_refused(loaded, cli):
    # DuckDB runs data-modifying CTEs; the statement's type is SELECT, its parse tree holds the DELETE.
    sql = "WITH gone AS (DELETE FROM samples RETURNING *) SELECT count(*) FROM gone"
    refused(cli, loaded, sql, "query refused: a DELETE inside a read statement")


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("PRAGMA enable_checkpoint_on_shutdown", "a PRAGMA statement"),
        ("CHECKPOINT", "a CALL statement"),
        ("CALL pragma_version()", "a CALL statement"),
        ("EXPORT DATABASE '{tmp}/dump'", "a EXPORT statement"),
        ("CREATE TEMP TABLE x AS SELECT 1", "a CREATE statement"),
        ("UPDATE samples SET label = 'x'", "a UPDATE statement"),
        ("EXPLAIN ANALYZE DELETE FROM samples", "a EXPLAIN statement"),
        ("", "no statement given"),
    ],
)
def test_other_statements_are_refused(loaded, cli, tmp_path, sql, kind):
    refused(cli, loaded, sql.format(tmp=tmp_path), f"query refused: {kind}")
    assert not (tmp_path / "dump").exists()


def test_read_statements_still_answer(loaded, cli):
    def rows(sql: str) -> list[dict]:
        return json.loads(cli("query", sql, "--json").stdout)

    assert rows("SELECT count(*) AS n FROM samples") == [{"n": 3}]
    assert rows("WITH s AS (SELECT label FROM samples) SELECT label, count(*) AS n FROM s GROUP BY 1") == [
        {"label": "a", "n": 3}
    ]
    assert {r["column_name"] for r in rows("DESCRIBE samples")} >= {"sample_id", "text"}
    assert {r["name"] for r in rows("SHOW TABLES")} >= {"samples", "decisions"}
    assert any(r["column_name"] == "label" for r in rows("SUMMARIZE samples"))


def _unapply_last_migration(ws) -> int:
    from curator.catalog import migrations

    last = migrations.available()[-1][0]
    con = duckdb.connect(str(ws.catalog_path))
    try:
        con.execute("DELETE FROM schema_migrations WHERE version = ?", [last])
    finally:
        con.close()
    return last


def _applied(ws) -> set[int]:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    finally:
        con.close()


def test_a_pending_migration_makes_reads_refuse_and_migrate_applies_it(loaded, cli):
    last = _unapply_last_migration(loaded)
    before = state(loaded)
    for args in (("query", "DELETE FROM samples RETURNING *"), ("query", "SELECT 1"), ("status",), ("runs",)):
        res = cli(*args, ok=False)
        assert res.exit_code == 1, res.output
        assert f"needs migration {last}: run `curator migrate`" in res.output
    assert state(loaded) == before and n_samples(loaded) == len(RECORDS)
    assert last not in _applied(loaded)  # no read applied it
    out = cli("migrate").stdout
    assert "applied 1 migration: " in out and last in _applied(loaded)
    assert "nothing to migrate" in cli("migrate").stdout
    assert "3 samples" in cli("status").stdout


def test_the_review_app_reads_on_a_guarded_connection(loaded, tmp_path):
    from curator.review import db

    leak = tmp_path / "leak.csv"
    before = state(loaded)
    with pytest.raises(duckdb.PermissionException, match="disabled by configuration"):
        db.read(loaded, lambda con: con.execute(f"COPY samples TO '{leak}'"))
    with pytest.raises(duckdb.PermissionException, match="disabled by configuration"):
        db.read(loaded, lambda con: con.execute("SELECT * FROM read_text('/etc/passwd')").fetchall())
    with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
        db.read(loaded, lambda con: con.execute("SET enable_external_access = true"))
    with pytest.raises(duckdb.Error, match="read-only"):
        db.read(loaded, lambda con: con.execute("DELETE FROM samples"))
    assert not leak.exists() and state(loaded) == before
    assert db.read(loaded, db.n_samples) == len(RECORDS)


def test_the_review_app_never_migrates(loaded):
    from curator.errors import PendingMigration
    from curator.review import db

    last = _unapply_last_migration(loaded)
    with pytest.raises(PendingMigration, match=f"needs migration {last}: run `curator migrate`"):
        db.read(loaded, db.n_samples)
    assert last not in _applied(loaded)


def test_read_only_query_refuses_an_unguarded_connection(loaded):
    from curator.catalog import connect, queries
    from curator.errors import CuratorError

    with connect(loaded, read_only=True) as con, pytest.raises(CuratorError, match="needs a guarded connection"):
        queries.read_only_query(con, "SELECT 1")
