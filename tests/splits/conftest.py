"""Helpers for the split tests: small catalogs built by real ingest, then curated by plain SQL.

`mark_curated` stands in for the curation stages and the labeling loop (which have their own tests): it marks
samples PII-scrubbed, assigns duplicate clusters, drops some, and writes resolved labels — what those areas
leave in the catalog, per the contracts in docs/architecture.md.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from curator.catalog import connect, transaction
from curator.catalog.ids import make_sample_id
from curator.ingest import IngestOptions, ingest
from curator.workspace import Workspace

WORDS = [
    "refund",
    "invoice",
    "charge",
    "login",
    "password",
    "crash",
    "error",
    "slow",
    "feature",
    "request",
    "export",
    "dashboard",
    "mobile",
    "app",
    "account",
    "billing",
    "upgrade",
    "plan",
    "email",
    "notification",
    "sync",
    "offline",
    "report",
    "bug",
    "screen",
]


def sid(key: str, source: str = "t") -> str:
    return make_sample_id(source, key)


def make_records(n: int, labels: tuple[str, ...] = ("billing", "bug", "feature"), seed: int = 0) -> list[dict]:
    """n distinct tickets with labels, timestamps and a `channel` metadata field."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(18))
        out.append(
            {
                "id": f"k{i:04d}",
                "text": f"ticket {i}: {words}",
                "label": labels[i % len(labels)],
                "created_at": f"2024-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}T{i % 24:02d}:00:00",
                "channel": rng.choice(["email", "chat"]),
            }
        )
    return out


def ingest_records(ws: Workspace, records: list[dict], tmp: Path, source: str = "t") -> None:
    path = tmp / f"{source}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest(ws, [path], IngestOptions(source))


def mark_curated(
    ws: Workspace,
    *,
    clusters: dict[str, str] | None = None,
    dropped: list[str] | None = None,
    unscrubbed: list[str] | None = None,
    labels: dict[str, str] | None = None,
) -> None:
    """Mark every sample scrubbed (except `unscrubbed`), set dup clusters / drops / resolved labels (by key)."""
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET pii_scrubbed = true")
        for key in unscrubbed or []:
            con.execute("UPDATE samples SET pii_scrubbed = false WHERE sample_id = ?", [sid(key)])
        for key, cluster in (clusters or {}).items():
            con.execute("UPDATE samples SET dup_cluster = ? WHERE sample_id = ?", [cluster, sid(key)])
        for key in dropped or []:
            con.execute(
                "UPDATE samples SET status = 'dropped', status_stage = 'quality', status_reason = 'test' "
                "WHERE sample_id = ?",
                [sid(key)],
            )
        for key, label in (labels or {}).items():
            con.execute(
                "INSERT INTO labels VALUES (?, ?, 'majority', 0.9, '{}', 3, false, 'label-run', now())",
                [sid(key), label],
            )


@pytest.fixture
def curated(ws: Workspace, tmp_path: Path) -> dict[str, Any]:
    """120 tickets in 3 classes; k0000..k0004 are exact copies of one text, k0010/k0011 a labeled dup cluster."""
    recs = make_records(120)
    for i in range(1, 5):
        recs[i]["text"] = recs[0]["text"]
    ingest_records(ws, recs, tmp_path)
    mark_curated(ws, clusters={"k0010": "c1", "k0011": "c1"})
    return {"ws": ws, "records": recs}
