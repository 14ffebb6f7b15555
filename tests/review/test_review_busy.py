"""The app's reads while another process writes: they wait and succeed, or say in one line that it stays busy."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from curator.errors import CatalogBusy
from curator.review.db import read
from curator.review.overview import overview

HOLD = """
import sys, time
from curator.catalog import connect
from curator.workspace import Workspace
from pathlib import Path
with connect(Workspace(Path(sys.argv[1]))) as con:
    con.execute("BEGIN TRANSACTION")
    con.execute("UPDATE samples SET language = 'en'")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("COMMIT")
"""


def hold_lock(ws, seconds: float) -> subprocess.Popen:
    """Another process (like `curator run` importing a run) holding the catalog's write lock for a while."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(ws.home), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_reads_wait_for_a_writer_and_see_its_commit(ingested):
    writer = hold_lock(ingested, 2.0)
    t0 = time.monotonic()
    ov = read(ingested, overview)
    waited = time.monotonic() - t0
    writer.wait(timeout=30)
    assert ov["samples"] == 40
    assert waited > 0.5, "the read ran while the writer held the lock"
    assert (
        read(ingested, lambda con: con.execute("SELECT count(*) FROM samples WHERE language = 'en'").fetchone()[0])
        == 40
    )


def test_a_catalog_that_stays_busy_is_a_one_line_error(ingested):
    writer = hold_lock(ingested, 4.0)
    try:
        with pytest.raises(CatalogBusy, match="stayed busy"):
            read(ingested, overview, wait_s=0.5)
    finally:
        writer.wait(timeout=30)


def test_reads_wait_for_an_action_in_the_same_process(ingested):
    """The server process itself writes (an action in another tab): DuckDB refuses a read-only connection
    with a different configuration meanwhile; the read retries instead of failing."""
    import threading

    from curator.catalog import connect

    opened, done = threading.Event(), threading.Event()

    def act() -> None:
        with connect(ingested) as con:
            opened.set()
            done.wait(5)
            con.execute("SELECT 1")

    worker = threading.Thread(target=act)
    worker.start()
    opened.wait(10)
    threading.Timer(1.0, done.set).start()
    assert read(ingested, overview)["samples"] == 40
    worker.join()
