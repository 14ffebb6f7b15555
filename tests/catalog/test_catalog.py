"""Catalog: migrations upgrade old catalogs, busy catalogs are retried, runs are recorded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb

from curator.catalog import connect, migrations
from curator.catalog.init import init_workspace
from curator.workspace import Workspace


def test_old_catalog_upgrades_without_losing_data(tmp_path):
    home = tmp_path / "old"
    home.mkdir()
    con = duckdb.connect(str(home / "catalog.duckdb"))
    first_number, first_path = migrations.available()[0]
    con.execute(first_path.read_text())
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [first_number, first_path.name])
    con.execute(
        "INSERT INTO samples (sample_id, source, source_key, text, text_hash, ingested_at) "
        "VALUES ('s1', 'old', 'k', 'kept text', 'h', now())"
    )
    con.close()
    ws, created = init_workspace(home)
    assert not created
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT text FROM samples").fetchone() == ("kept text",)
        assert migrations.current_version(con) == migrations.available()[-1][0]


def test_reader_waits_for_a_writer_and_says_so(ws: Workspace, capfd):
    holder = textwrap.dedent(f"""
        import duckdb, time, sys
        con = duckdb.connect({str(ws.catalog_path)!r})
        con.execute("INSERT INTO sources (name) VALUES ('held')")
        print("locked", flush=True)
        time.sleep(2.5)
        con.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    t0 = time.monotonic()
    with connect(ws, read_only=True) as con:
        names = [n for (n,) in con.execute("SELECT name FROM sources").fetchall()]
    proc.wait()
    assert names == ["held"]
    assert time.monotonic() - t0 > 0.5
    assert "catalog busy, retrying" in capfd.readouterr().err


def test_every_ingest_records_a_run(ws, cli, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "text": "hello there"}\n')
    cli("ingest", str(path), "--source", "a", "--license", "MIT")
    with connect(ws, read_only=True) as con:
        command, status, config, n_in, code = con.execute(
            "SELECT command, status, config, n_in, code_version FROM runs"
        ).fetchone()
    assert (command, status, n_in) == ("ingest", "succeeded", 1)
    assert '"license":"MIT"' in config and code.startswith("0.")


def test_a_migration_numbered_below_the_highest_applied_still_runs(tmp_path):
    ws, _ = init_workspace(tmp_path / "ws")
    last_number, last_path = migrations.available()[-1]
    with connect(ws) as con:
        con.execute("DELETE FROM schema_migrations WHERE version = 1")
        con.execute("DROP TABLE rejects")
    with connect(ws) as con:  # 0001 is pending again: it re-creates what is missing, keeps the rest
        assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
        assert {1, last_number} <= migrations.applied_versions(con)
