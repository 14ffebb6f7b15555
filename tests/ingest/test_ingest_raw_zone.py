"""The raw zone after ingest, and migration 0007 on a catalog built the old way (a raw copy of every text).

Ingest writes each text once, to samples.text; raw_texts only holds originals the PII stage replaced.
"""

from __future__ import annotations

from curator.catalog import connect, migrations
from curator.catalog.connection import migrate
from curator.ingest import IngestOptions, ingest
from tests.ingest.hazards import write_jsonl

ROWS = [
    {"id": "a", "text": "Call me at 555-123-4567 about the refund."},
    {"id": "b", "text": "The blender makes a loud grinding noise."},
    {"id": "c", "text": "Write to jane.doe@example.com please."},
]
SCRUBBED_A = "Call me at <PHONE_NUMBER> about the refund."


def _texts(ws) -> dict[str, str]:
    with connect(ws, read_only=True) as con:
        return dict(con.execute("SELECT source_key, text FROM samples").fetchall())


def _raw(ws) -> dict[str, str]:
    with connect(ws, read_only=True) as con:
        rows = con.execute("SELECT s.source_key, r.text FROM raw_texts r JOIN samples s USING (sample_id)")
        return dict(rows.fetchall())


def test_ingest_writes_no_raw_copy(ws, tmp_path):
    ingest(ws, [write_jsonl(tmp_path / "t.jsonl", ROWS)], IngestOptions(source="t"))
    assert _texts(ws) == {r["id"]: r["text"] for r in ROWS}  # the current text IS the raw text
    assert _raw(ws) == {}
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM samples WHERE pii_scrubbed").fetchone()[0] == 0


def test_migration_0007_drops_raw_rows_equal_to_the_current_text(ws, tmp_path):
    ingest(ws, [write_jsonl(tmp_path / "t.jsonl", ROWS)], IngestOptions(source="t"))
    number = next(n for n, p in migrations.available() if p.name.startswith("0007_"))
    with connect(ws) as con:  # the catalog as an older curator left it: a raw row per sample, then a scrub
        con.execute("INSERT INTO raw_texts SELECT sample_id, text FROM samples")
        con.execute("UPDATE samples SET text = ?, pii_scrubbed = true WHERE source_key = 'a'", [SCRUBBED_A])
        con.execute("UPDATE samples SET pii_scrubbed = true WHERE source_key = 'b'")  # nothing to replace
        con.execute("DELETE FROM schema_migrations WHERE version = ?", [number])
    with connect(ws) as con:  # 0007 pending: applied on open
        assert number in migrations.applied_versions(con)
    # only the text the PII stage changed keeps its original; b (scrubbed, unchanged) and c (unscrubbed) lose
    # a copy equal to their current text, which still holds the raw text
    assert _raw(ws) == {"a": ROWS[0]["text"]}
    assert _texts(ws) == {"a": SCRUBBED_A, "b": ROWS[1]["text"], "c": ROWS[2]["text"]}
    with connect(ws) as con:
        con.execute("DELETE FROM schema_migrations WHERE version = ?", [number])
    assert migrate(ws) == [f"{number:04d}_raw_zone_changed_only.sql"]  # reads never migrate: `curator migrate`
    assert _raw(ws) == {"a": ROWS[0]["text"]}  # applied again: nothing more goes
