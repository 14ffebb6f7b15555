"""One sample in full: scrubbed text with PII placeholders marked, lineage, duplicates, annotations, label.

Raw (pre-scrub) text is read only by `reveal_raw_text`, an explicit action that is logged in `raw_text_views`.
`raw_texts` holds the original only of texts the PII stage changed; a sample not scrubbed yet has no raw row
(its current text, hidden here, is its raw text), and a scrubbed sample without one either had nothing replaced
(the text shown is the original) or had its raw text purged (`curator purge-raw`).
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from curator.catalog import connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.catalog.queries import explain
from curator.review.db import dicts, has
from curator.review.samples import NOT_SCRUBBED
from curator.stages.pii.purge import STEP as PURGE_STEP
from curator.workspace import Workspace

# Placeholders the scrubber writes: <EMAIL_ADDRESS>, [PHONE_NUMBER], {{PERSON}}.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]+>|\[[A-Z][A-Z0-9_]+\]|\{\{[A-Z][A-Z0-9_]+\}\}")
MAX_RELATED = 50

# Where a sample's raw text is: stored (raw_texts row), current (not scrubbed: samples.text is the raw text),
# unchanged (scrubbed, nothing replaced: samples.text is the original), purged (scrubbed, raw row deleted).
RAW_STATE = f"""
SELECT CASE WHEN EXISTS (SELECT 1 FROM raw_texts r WHERE r.sample_id = s.sample_id) THEN 'stored'
            WHEN NOT s.pii_scrubbed THEN 'current'
            WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.sample_id = s.sample_id AND d.stage = 'pii'
                         AND d.step = '{PURGE_STEP}') THEN 'purged'
            ELSE 'unchanged' END
FROM samples s WHERE s.sample_id = ?
"""
RAW_NOTES = {
    "stored": "the PII stage replaced parts of this text; the original is kept in the raw zone",
    "current": "not PII-scrubbed yet: its current (hidden) text is the raw text",
    "unchanged": "the PII stage found nothing to replace: the text shown is the original",
    "purged": "the raw text was purged (curator purge-raw); only the scrubbed text is left",
}


def highlight_segments(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_placeholder) pieces, in order; joining the pieces gives the text back."""
    out, pos = [], 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _optional(con: duckdb.DuckDBPyConnection, table: str, sql: str, params: list[Any]) -> list[dict[str, Any]] | None:
    """Rows from another area's table, or None when that table does not exist yet."""
    return dicts(con, sql, params) if has(con, table) else None


def _duplicates(con: duckdb.DuckDBPyConnection, sample: dict[str, Any]) -> list[dict[str, Any]] | None:
    cluster = sample.get("dup_cluster")
    if has(con, "dup_clusters"):
        return dicts(
            con,
            (
                "SELECT c.sample_id, c.kind, c.is_keeper, s.status, s.source, s.source_key FROM dup_clusters c "
                "JOIN samples s USING (sample_id) WHERE c.cluster_id = (SELECT cluster_id FROM dup_clusters "
                "WHERE sample_id = ? LIMIT 1) AND c.sample_id <> ? ORDER BY c.is_keeper DESC, c.sample_id LIMIT ?"
            ),
            [sample["sample_id"], sample["sample_id"], MAX_RELATED],
        )
    if cluster is None:
        return None
    return dicts(
        con,
        (
            "SELECT sample_id, status, source, source_key FROM samples WHERE dup_cluster = ? AND sample_id <> ? "
            "ORDER BY sample_id LIMIT ?"
        ),
        [cluster, sample["sample_id"], MAX_RELATED],
    )


def sample_detail(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """Everything the sample view shows. Sections from areas not set up yet are None."""
    info = explain(con, ref)
    sample, sid = info["sample"], info["sample"]["sample_id"]
    text = sample.pop("text")
    sample["text"] = text if sample["pii_scrubbed"] else NOT_SCRUBBED
    return {
        "sample": sample,
        "segments": highlight_segments(text) if sample["pii_scrubbed"] else [(NOT_SCRUBBED, False)],
        "history": info["history"],
        "duplicates": _duplicates(con, sample),
        "annotations": _optional(con, "annotations", "SELECT * FROM annotations WHERE sample_id = ? LIMIT 200", [sid]),
        "label": _optional(con, "labels", "SELECT * FROM labels WHERE sample_id = ?", [sid]),
        "pii": _optional(con, "pii_findings", "SELECT * FROM pii_findings WHERE sample_id = ? LIMIT 200", [sid]),
        "reviews": _optional(con, "reviews", "SELECT * FROM reviews WHERE sample_id = ? ORDER BY created_at", [sid]),
        **raw_text_state(con, sid),
    }


def raw_text_state(con: duckdb.DuckDBPyConnection, sample_id: str) -> dict[str, Any]:
    """`raw_state` (a RAW_NOTES key), `raw_note` (what the page says), `raw_available` (whether to offer a reveal)."""
    state = con.execute(RAW_STATE, [sample_id]).fetchone()[0]
    return {"raw_state": state, "raw_note": RAW_NOTES[state], "raw_available": state in ("stored", "current")}


def reveal_raw_text(ws: Workspace, sample_id: str, reviewer: str | None, reason: str) -> str | None:
    """The raw text of one sample (None when purged), logged in `raw_text_views` in the same transaction.

    That is its `raw_texts` row, or its current text when it has none and was not purged (not scrubbed yet, or
    nothing was replaced: the current text is the original).
    """
    from curator.errors import CuratorError

    if not reason or not reason.strip():
        raise CuratorError("revealing raw text needs a reason (it is logged)")
    with writer_lock(ws, "review reveal"), connect(ws, quiet=True) as con, transaction(con):
        if not con.execute("SELECT 1 FROM samples WHERE sample_id = ?", [sample_id]).fetchone():
            raise CuratorError(f"no sample {sample_id!r}")
        state = raw_text_state(con, sample_id)["raw_state"]
        sql = "SELECT text FROM raw_texts" if state == "stored" else "SELECT text FROM samples"
        row = None if state == "purged" else con.execute(f"{sql} WHERE sample_id = ?", [sample_id]).fetchone()
        log = [sample_id, reviewer, reason.strip(), row is not None, utcnow()]
        con.execute("INSERT INTO raw_text_views VALUES (?, ?, ?, ?, ?)", log)
    return row[0] if row else None
