"""Trust: nothing raw leaves the raw zone, and `purge-raw` leaves no raw byte behind (issue #13).

The raw zone: unscrubbed texts, `raw_texts`, the record's free-text metadata, reject excerpts, staging and shard
folders. What leaves (split parts, `curator export`, `curator samples`, Label Studio tasks) carries only the
allow-list of curator.catalog.outbound; `curator audit pii` scans every string column of what leaves.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curator.catalog import connect
from curator.catalog.lock import lock_path
from curator.catalog.scratch import claim, release
from curator.errors import WorkspaceBusy
from curator.stages.pii.audit import audit
from curator.stages.pii.purge import purge_raw
from tests.trust.leakscan import scan_tree

EMAIL = "dana.wolfe.7731@example.net"  # in the text of a sample the (simulated) PII stage scrubbed
META = "meta-secret-q8z3@corp.example"  # a customer_email metadata value
CHANNELS = ("chan-zq1", "chan-xr2")  # a metadata field a split is stratified on
REJECT = "REJECTED-LINE-7f3k2"  # on a line ingest rejects


def _records(n: int = 30) -> list[dict]:
    return [
        {
            "id": f"k{i:03d}",
            "text": f"ticket {i}: my order {1000 + i} is late, please help",
            "label": ("billing", "shipping")[i % 2],
            "created_at": f"2024-01-{1 + i % 28:02d}T10:00:00",
            "customer_email": f"{i}.{META}",
            "channel": CHANNELS[i % 2],
        }
        for i in range(n)
    ]


def _ingest(cli, tmp_path: Path, records: list[dict], bad_line: str | None = None) -> None:
    path = tmp_path / "src" / "tickets.jsonl"
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + (bad_line or ""), encoding="utf-8")
    cli("ingest", str(path), "--source", "t")


def _simulate_pii_stage(ws, unscrubbed: tuple[str, ...] = ()) -> None:
    """TEST HELPER, not the PII stage: what its import does — the original into raw_texts, the text replaced,
    pii_scrubbed set — for every sample but `unscrubbed`, with the planted e-mail in each original."""
    with connect(ws) as con:
        con.execute(
            "UPDATE samples SET text = text || ' write to ' || ? WHERE source_key NOT IN (SELECT unnest(?))",
            [EMAIL, list(unscrubbed)],
        )
        con.execute(
            "UPDATE samples SET text = text || ' mail ' || ? WHERE source_key IN (SELECT unnest(?))",
            [EMAIL, list(unscrubbed)],
        )
        con.execute(
            "INSERT INTO raw_texts SELECT sample_id, text FROM samples WHERE NOT source_key IN (SELECT unnest(?))",
            [list(unscrubbed)],
        )
        con.execute(
            "UPDATE samples SET text = replace(text, ?, '<EMAIL_ADDRESS>'), pii_scrubbed = true "
            "WHERE source_key NOT IN (SELECT unnest(?))",
            [EMAIL, list(unscrubbed)],
        )


def test_metadata_and_unscrubbed_text_never_leave_in_split_parts_exports_or_samples(cli, ws, tmp_path):
    _ingest(cli, tmp_path, _records())
    _simulate_pii_stage(ws, unscrubbed=("k000",))
    # the metadata field may be READ to plan the split (stratify) but no value of it is written out
    cli("build-split", "s", "--label-source", "source", "--stratify", "label,channel", "--no-near-dup")
    out = tmp_path / "out"
    for fmt in ("parquet", "jsonl"):
        cli("export", "s", "--out", str(out / f"export-{fmt}"), "--format", fmt)
    for fmt in ("jsonl", "csv", "parquet"):
        cli("samples", "--status", "all", "--format", fmt, "--out", str(out / f"samples.{fmt}"))
    train = pq.read_table(next(ws.splits_dir.glob("s/*/train.parquet")))
    assert "metadata" not in train.column_names and train.num_rows > 0
    planted = [META, *CHANNELS, EMAIL]  # EMAIL: the unscrubbed k000's current (raw) text
    assert scan_tree(ws.splits_dir, planted) == []  # parts, manifest (strata), dataset card
    assert scan_tree(out, planted) == []
    rows = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    k000 = next(r for r in rows if r["source_key"] == "k000")
    assert k000["pii_scrubbed"] is False and k000["text"] is None  # withheld until the PII stage scrubs it
    assert all(r["text"] and "<EMAIL_ADDRESS>" in r["text"] for r in rows if r["source_key"] != "k000")
    manifest = json.loads(next(ws.splits_dir.glob("s/*/manifest.json")).read_text())
    assert all(key.split("/")[1].startswith("channel#") for key in manifest["balance"]["per_stratum"])


def test_audit_scans_every_string_column_that_leaves(ws, tmp_path):
    part = ws.splits_dir / "s" / "v1"
    part.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {"sample_id": ["a", "b"], "text": ["all fine", "nothing here"], "label": ["billing", f"contact {EMAIL}"]}
        ),
        part / "train.parquet",
    )
    report = audit(ws, "splits")
    assert not report["ok"]
    assert report["items"] == [{"id": "s/v1/train.parquet:b:label", "types": {"EMAIL_ADDRESS": 1}}]
    exported = tmp_path / "exported"
    exported.mkdir()
    (exported / "train.jsonl").write_text(json.dumps({"sample_id": "a", "text": "ok", "note": EMAIL}) + "\n")
    (exported / "test.csv").write_text(f"sample_id,text,owner\nb,fine,{EMAIL}\n")
    found = audit(ws, "files", path=exported)
    assert sorted(i["id"] for i in found["items"]) == ["test.csv:b:owner", "train.jsonl:a:note"]
    assert EMAIL not in json.dumps(found)  # ids and types, never the value


def test_purge_raw_clears_reject_excerpts_and_metadata(cli, ws, tmp_path):
    _ingest(cli, tmp_path, _records(6), bad_line='{"id": "x", "text": "' + REJECT + "\n")
    _simulate_pii_stage(ws)
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM rejects WHERE contains(excerpt, ?)", [REJECT]).fetchone()[0] == 1
    out = json.loads(cli("purge-raw", "--all", "--yes", "--keep-metadata", "channel", "--json").output)
    assert out["excerpts_purged"] == 1 and out["metadata_purged"] == 6 and out["deleted"] == 6
    with connect(ws, read_only=True) as con:
        rejects = con.execute("SELECT file, line, reason, excerpt FROM rejects").fetchall()
        meta = {json.loads(m)["channel"] for (m,) in con.execute("SELECT metadata FROM samples").fetchall()}
        reasons = con.execute("SELECT DISTINCT reason FROM decisions WHERE step = 'purge_raw' ORDER BY 1").fetchall()
    assert [(Path(f).name, line, reason, excerpt) for f, line, reason, excerpt in rejects] == [
        ("tickets.jsonl", 7, "invalid_json", None)
    ]
    assert meta == set(CHANNELS)  # kept on request; customer_email gone
    assert reasons == [("raw metadata purged",), ("raw text purged",)]
    assert scan_tree(ws.catalog_path, [REJECT, META, EMAIL]) == []


def test_purge_after_no_compact_rewrites_the_file_so_no_raw_byte_is_left(cli, ws, tmp_path):
    _ingest(cli, tmp_path, _records(40))
    _simulate_pii_stage(ws)
    first = json.loads(cli("purge-raw", "--yes", "--no-compact", "--json").output)
    assert first["deleted"] == 40 and first["compacted"] is False
    assert EMAIL.encode() in ws.catalog_path.read_bytes()  # deleted rows stay in free blocks without a rewrite
    second = json.loads(cli("purge-raw", "--yes", "--json").output)
    assert second["deleted"] == 0 and second["compacted"] is True  # nothing left to delete: rewritten anyway
    data = ws.catalog_path.read_bytes()
    assert EMAIL.encode() not in data and META.encode() not in data
    assert oct(ws.catalog_path.stat().st_mode & 0o777) == "0o600"
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM samples").fetchone()[0] == 40


def test_purge_raw_sweeps_dead_staging_and_shard_folders(cli, ws, tmp_path):
    _ingest(cli, tmp_path, _records(4))
    dead = ws.tmp_dir / "ingest-20260101T000000-dead01"  # an ingest killed while staging
    (dead / "accepted-0-00000.parquet").parent.mkdir()
    pq.write_table(pa.table({"text": [f"raw {EMAIL}"]}), dead / "accepted-0-00000.parquet")
    live = ws.tmp_dir / "ingest-20260101T000001-live01"  # an ingest still staging (claimed by this process)
    fd = claim(live)
    live.mkdir()
    crashed = ws.shards_dir / "run-20260101T000002-crash1" / "input"  # a run killed after its export
    crashed.mkdir(parents=True)
    pq.write_table(pa.table({"text": [f"raw {EMAIL}"]}), crashed / "00000.parquet")
    other = ws.tmp_dir / "search-keep"  # not ingest staging: left alone
    other.mkdir()
    try:
        out = json.loads(cli("purge-raw", "--yes", "--json").output)
        assert out["swept"]["staging"] == [dead.name] and out["swept"]["shards"] == [crashed.parent.name]
        assert not dead.exists() and not crashed.parent.exists() and live.exists() and other.exists()
        assert scan_tree(ws.home, [EMAIL]) == []
    finally:
        release(live, fd)
    # a run in progress (it holds the run lock) keeps its folder, and purge-raw says so
    crashed.mkdir(parents=True)
    lock_path(ws, "run").parent.mkdir(exist_ok=True)
    held = os.open(lock_path(ws, "run"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        out = json.loads(cli("purge-raw", "--yes", "--json").output)
        assert (
            crashed.exists() and out["swept"]["shards"] == [] and "a run is in progress" in out["swept"]["shards_kept"]
        )
    finally:
        os.close(held)
    # ingest itself sweeps staging folders nobody claims any more
    dead.mkdir()
    _ingest(cli, tmp_path, _records(5))
    assert not dead.exists()


def test_purge_raw_holds_the_writer_lock(ws, monkeypatch):
    monkeypatch.setenv("CURATOR_WAIT", "0.2")
    lock_path(ws, "writer").parent.mkdir(exist_ok=True)
    held = os.open(lock_path(ws, "writer"), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(WorkspaceBusy, match="writer lock"):
            purge_raw(ws, all_=True)
    finally:
        os.close(held)
