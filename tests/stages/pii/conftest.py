"""One scrubber per test session (the spaCy model loads once), and a small catalog where some samples went
through the PII stage (scrubbed text written the way the engine does)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    """Scrub the samples with these source keys in place (samples.text, pii_scrubbed); returns key → sample_id."""
    with connect(ws) as con, transaction(con):
        rows = con.execute(
            "SELECT s.source_key, s.sample_id, r.text FROM samples s JOIN raw_texts r USING (sample_id) "
            "ORDER BY s.source_key"
        ).fetchall()
        ids = {k: sid for k, sid, _ in rows}
        chosen = [(k, sid, text) for k, sid, text in rows if k in keys]
        results = scrubber.scrub_many([t for _, _, t in chosen])
        for (_, sid, _), res in zip(chosen, results, strict=True):  # test setup only: 3 rows
            con.execute("UPDATE samples SET text = ?, pii_scrubbed = true WHERE sample_id = ?", [res.text, sid])
    return ids


@pytest.fixture
def scrubbed_catalog(ws, tmp_path, scrubber) -> dict[str, str]:
    """RECORDS ingested; t1-t3 scrubbed, t4 not. Returns source key → sample_id."""
    _ingest(ws, tmp_path)
    return _scrub(ws, scrubber)
