"""One scrubber per test session (the spaCy model loads once), and a small catalog where some samples went
through the PII stage (scrubbed text written the way the engine does)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from curator.catalog import connect, transaction
from curator.ingest import IngestOptions, ingest


@pytest.fixture(scope="session")
def scrubber():
    from curator.stages.pii.scrubber import PiiScrubber

    return PiiScrubber()


@pytest.fixture(scope="session")
def pseudonymizer():
    from curator.stages.pii.scrubber import PiiScrubber

    return PiiScrubber(replacement="pseudonym")


RECORDS = [
    {"id": "t1", "text": "My name is Maria Garcia, email maria.garcia@gmail.com, please call (212) 555-0143."},
    {"id": "t2", "text": "The Nimbus Pro headphones stopped pairing after the update."},
    {"id": "t3", "text": "Refund to IBAN DE89 3704 0044 0532 0130 00 please."},
    {"id": "t4", "text": "Not scrubbed yet: reach me at james.walker@proton.me."},
]


def _ingest(ws, tmp: Path) -> None:
    path = tmp / "tickets.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    ingest(ws, [path], IngestOptions("tickets", workers=1))


def _scrub(ws, scrubber: Any, keys: tuple[str, ...] = ("t1", "t2", "t3")) -> dict[str, str]:
    """Scrub the samples with these source keys in place with the engine's own import SQL (the original of every
    changed text into raw_texts, then samples.text and pii_scrubbed); returns key → sample_id."""
    from curator.stages.pii.stage import KEEP_RAW, SCRUBBED

    with connect(ws) as con, transaction(con):
        rows = con.execute(  # what the engine exports for the PII stage: the raw row, else the current text
            "SELECT s.source_key, s.sample_id, coalesce(r.text, s.text) FROM samples s "
            "LEFT JOIN raw_texts r USING (sample_id) ORDER BY s.source_key"
        ).fetchall()
        ids = {k: sid for k, sid, _ in rows}
        chosen = [(sid, text) for k, sid, text in rows if k in keys]
        results = scrubber.scrub_many([t for _, t in chosen])
        res = pa.table({"sample_id": [sid for sid, _ in chosen], "new_text": [r.text for r in results]})
        con.register("scrub_results", res)
        con.execute("CREATE OR REPLACE TEMP TABLE res AS SELECT * FROM scrub_results")
        con.execute(KEEP_RAW)
        con.execute(SCRUBBED)
        con.unregister("scrub_results")
    return ids


@pytest.fixture
def scrubbed_catalog(ws, tmp_path, scrubber) -> dict[str, str]:
    """RECORDS ingested; t1-t3 scrubbed (t1, t3 changed: raw rows; t2 had no PII), t4 not. Key → sample_id."""
    _ingest(ws, tmp_path)
    return _scrub(ws, scrubber)
