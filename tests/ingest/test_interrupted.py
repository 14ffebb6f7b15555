"""A failure halfway through an ingest leaves the catalog exactly as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from curator.catalog import connect
from curator.ingest import IngestOptions, importer, ingest
from tests.ingest.hazards import write_jsonl

TABLES = ("samples", "raw_texts", "decisions", "rejects", "sources", "runs")


def _counts(ws):
    with connect(ws, read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_interrupt_during_import_rolls_back(ws, tmp_path, monkeypatch):
    first = write_jsonl(tmp_path / "first.jsonl", [{"id": "a", "text": "first file"}])
    ingest(ws, [first], IngestOptions(source="s"))
    before = _counts(ws)
    second = write_jsonl(tmp_path / "second.jsonl", [{"id": f"b{i}", "text": f"second {i}"} for i in range(50)])
    real = importer.reject_counts

    def boom(con, run_id):  # called after samples and decisions were inserted (ingest writes no raw copy)
        real(con, run_id)
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "reject_counts", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest(ws, [second], IngestOptions(source="s"))
    assert _counts(ws) == before
    assert not any(ws.tmp_dir.iterdir()), "staging files are cleaned up"


def test_kill_9_mid_ingest_leaves_nothing(ws, tmp_path):
    big = write_jsonl(tmp_path / "big.jsonl", [{"id": i, "text": f"text {i} " * 20} for i in range(200_000)])
    env = {**os.environ, "CURATOR_HOME": str(ws.home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "curator.cli", "ingest", str(big), "--source", "big"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _counts(ws)["samples"] in (0, 200_000)  # all or nothing, whenever the kill landed
    assert _leftovers(str(big)) == []  # its parsing workers died with it, none waits on the pool forever
    report = ingest(ws, [big], IngestOptions(source="big"))
    assert report.read == 200_000 and report.accepted + report.present == 200_000


def test_zstd_storage_is_reset_after_the_import(ws):
    with connect(ws) as con:
        default = con.execute("SELECT current_setting('force_compression')").fetchone()[0]
        with pytest.raises(RuntimeError), importer.zstd_storage(con):
            assert con.execute("SELECT current_setting('force_compression')").fetchone()[0].lower() == "zstd"
            raise RuntimeError
        assert con.execute("SELECT current_setting('force_compression')").fetchone()[0] == default


def _leftovers(marker: str, wait_s: float = 10.0) -> list[int]:
    """Processes still running whose command line names `marker` (after up to wait_s for them to exit)."""
    import psutil

    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for p in psutil.process_iter(["cmdline", "status"]):
            with contextlib.suppress(psutil.Error):
                if marker in " ".join(p.info["cmdline"] or []) and p.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(p.pid)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
