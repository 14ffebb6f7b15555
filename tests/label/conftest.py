"""Label Studio test fixtures: ONE real server per test session (installed on first use), shared by all tests.

The server runs in its own temporary workspace on a free port; each test gets a fresh curator workspace that
talks to it through LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY. Nothing about Label Studio is mocked.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from curator.workspace import Workspace


def ingest_rows(ws: Workspace, rows: list[dict], source: str = "t") -> None:
    """Ingest records (id, text, label) through the real ingest."""
    from curator.ingest import IngestOptions, ingest

    path = ws.tmp_dir / f"{source}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ingest(ws, [path], IngestOptions(source))


def mark_scrubbed_for_test(ws: Workspace, keys: list[str] | None = None) -> None:
    """TEST HELPER, not the PII stage: flags samples as scrubbed with an UPDATE so that push may take them.

    The real PII stage is exercised in test_pii_audit.py; here the texts carry no PII.
    """
    con = duckdb.connect(str(ws.catalog_path))
    try:
        if keys is None:
            con.execute("UPDATE samples SET pii_scrubbed = true")
        else:
            con.execute("UPDATE samples SET pii_scrubbed = true WHERE source_key IN (SELECT unnest(?))", [keys])
    finally:
        con.close()


def tickets(n: int, labels: tuple[str, ...] = ("billing", "shipping", "technical")) -> list[dict]:
    return [
        {
            "id": f"k{i}",
            "text": f"ticket {i}: a question about {labels[i % len(labels)]}",
            "label": labels[i % len(labels)],
        }
        for i in range(n)
    ]


def sql(ws: Workspace, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


ROOT = Path(__file__).resolve().parents[2]
GUIDELINES = ROOT / "docs" / "guidelines" / "support_intents.md"
