"""The PII stage: scrubs the raw text of every active sample not scrubbed yet; never drops.

It exports the RAW text (`coalesce(raw_texts.text, samples.text)`: the current text is the raw text until this
stage changes it; langid and quality, the stages before PII, read `raw_texts` too: they judge the raw text).
Its import first copies the current text of every
sample whose text changes into `raw_texts` (unless it has a row already), then writes the scrubbed text and
`pii_scrubbed = true`, and the findings (entity type, offsets in the raw text, score, recognizer; never the value).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from datatrove.data import Document

from curator.stages.base import DocumentStage

FINDING_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("entity_type", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("score", pa.float64()),
        ("recognizer", pa.string()),
    ]
)
# The raw zone holds the original only of texts the PII stage changes: before the update, keep the current
# (unscrubbed) text of every sample whose text will change, unless a raw row already exists (a re-scrub, or an
# old catalog): that row is the original, and the current text may already be a scrubbed one.
KEEP_RAW = """
INSERT INTO raw_texts
SELECT s.sample_id, s.text FROM samples s JOIN res USING (sample_id)
WHERE res.new_text IS NOT NULL AND res.new_text <> s.text
  AND NOT EXISTS (SELECT 1 FROM raw_texts r WHERE r.sample_id = s.sample_id)
ORDER BY s.sample_id
"""
SCRUBBED = """
UPDATE samples SET text = coalesce(res.new_text, samples.text), pii_scrubbed = true
FROM res WHERE samples.sample_id = res.sample_id
"""
FINDINGS = """
INSERT INTO pii_findings
SELECT f.sample_id, $run_id, f.entity_type, f.start, f."end", f.score, f.recognizer
FROM read_parquet($findings) f SEMI JOIN res USING (sample_id) ORDER BY f.sample_id, f.start
"""


class PiiStage(DocumentStage):
    name = "pii"
    warm_ahead = False  # Presidio + spaCy load when the stage starts, not while earlier stages run
    rejudges = False
    outputs = {"findings": FINDING_SCHEMA}

    def pending(self) -> str:
        return "NOT s.pii_scrubbed"

    def export_sql(self) -> str:
        return f"""SELECT s.sample_id, coalesce(r.text, s.text) AS text, s.language FROM samples s
                   LEFT JOIN raw_texts r USING (sample_id) WHERE s.status = 'active' AND {self.pending()}"""

    def keep_row(self, row: dict[str, Any], doc: Document, step_names: list[str]) -> dict[str, Any]:
        meta = doc.metadata
        found = Counter(f["entity_type"] for f in meta.get("pii_findings") or [])
        what = ", ".join(f"{n} {t}" for t, n in sorted(found.items()))
        return {
            **row,
            "decision": "modify" if meta.get("pii_modified") else "keep",
            "new_text": doc.text,
            "reason": f"{row['step']}: scrubbed {what}" if found else f"{row['step']}: no PII found",
            "score": float(sum(found.values())),
            "details": json.dumps({"entities": dict(found)}),
        }

    def output_rows(self, doc: Document) -> dict[str, list[dict[str, Any]]]:
        found = doc.metadata.get("pii_findings") or []
        return {"findings": [{"sample_id": doc.id, **{k: f.get(k) for k in FINDING_SCHEMA.names[1:]}} for f in found]}

    def import_rows(self, con: duckdb.DuckDBPyConnection, run_dir: Path, params: dict[str, Any]) -> None:
        from curator.catalog.sql import execute_named

        con.execute(KEEP_RAW)
        con.execute(SCRUBBED)
        if any((run_dir / "results_findings").glob("*.parquet")):
            execute_named(con, FINDINGS, {**params, "findings": str(run_dir / "results_findings" / "*.parquet")})
