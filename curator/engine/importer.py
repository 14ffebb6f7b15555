"""Import a stage run's result shards into the catalog: ONE transaction, with its `runs` row.

Only samples that are still pending at import time are written (active and without a decision carrying
the stage key; for PII: not scrubbed yet), so importing the same folder twice, or a folder exported before
another run decided some of its samples, never writes anything twice. For PII, the original of every text
the stage changes is copied into `raw_texts` in the same transaction, just before the text is replaced.

A curator's review decision is never overturned: status is read inside the import's transaction (under the
workspace writer lock), so a sample dropped in review after the export is skipped, and a sample whose status a
curator set in review (`status_stage = 'review'`, e.g. kept after the export started) keeps it: the stage's verdict
is still recorded as a decision, marked `"review_held": true` when it was a drop that did not apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from curator.catalog import Run, transaction, utcnow
from curator.catalog.sql import execute_named
from curator.engine.export import DECIDED
from curator.faults import fault_point

RESULTS = """
CREATE OR REPLACE TEMP TABLE res AS
SELECT r.*, coalesce(s.status_stage, '') = 'review' AND r.decision = 'drop' AS held
FROM read_parquet($results) r JOIN samples s USING (sample_id)
WHERE s.status = 'active' AND {pending}
"""
DECISIONS = """
INSERT INTO decisions
SELECT $run_id, sample_id, $stage, step, decision, reason, score,
       json_merge_patch(coalesce(details, '{}')::JSON, CASE WHEN held THEN json_object('key', $key, 'review_held', true)
                                                            ELSE json_object('key', $key) END), $now,
       row_number() OVER (ORDER BY sample_id)
FROM res ORDER BY sample_id
"""
DROPS = """
UPDATE samples SET status = 'dropped', status_stage = $stage, status_reason = res.reason
FROM res WHERE samples.sample_id = res.sample_id AND res.decision = 'drop' AND NOT res.held
"""
LANGUAGE = """
UPDATE samples SET language = res.language, language_score = res.language_score
FROM res WHERE samples.sample_id = res.sample_id
"""
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
CLUSTERS = """
CREATE OR REPLACE TEMP TABLE cl AS
SELECT c.* FROM read_parquet($clusters) c WHERE c.ref OR c.sample_id IN (SELECT sample_id FROM res);
INSERT INTO dup_clusters SELECT cluster_id, sample_id, kind, is_keeper, $run_id FROM cl ORDER BY ord
    ON CONFLICT DO NOTHING;
UPDATE samples SET dup_cluster = x.cluster_id
FROM (SELECT sample_id, max_by(cluster_id, kind) AS cluster_id FROM cl GROUP BY 1) x
WHERE samples.sample_id = x.sample_id
"""


def import_results(con: duckdb.DuckDBPyConnection, run: Run, run_dir: Path, stage: str, key: str) -> dict[str, Any]:
    """Write decisions, status, language / text / findings / clusters, and the runs row; returns counts."""
    params = {"run_id": run.run_id, "stage": stage, "key": key, "now": utcnow(),
              "results": str(run_dir / "results" / "*.parquet")}  # fmt: skip
    pending = "NOT s.pii_scrubbed" if stage == "pii" else f"NOT {DECIDED}"
    with transaction(con):
        execute_named(con, RESULTS.format(pending=pending), params)  # status re-read inside the transaction
        for sql in (DECISIONS, DROPS):
            execute_named(con, sql, params)
        if stage == "langid":
            con.execute(LANGUAGE)
        if stage == "pii":
            con.execute(KEEP_RAW)
            con.execute(SCRUBBED)
            if any((run_dir / "results_findings").glob("*.parquet")):
                execute_named(con, FINDINGS, {**params, "findings": str(run_dir / "results_findings" / "*.parquet")})
        if stage == "dedup" and (run_dir / "results_clusters").is_dir():
            for sql in CLUSTERS.split(";"):
                execute_named(con, sql, {**params, "clusters": str(run_dir / "results_clusters" / "*.parquet")})
        counts = _counts(con)
        run.record(con, status="succeeded", counts=counts, n_in=counts["in"], n_kept=counts["kept"],
                   n_dropped=counts["dropped"], n_modified=counts["modified"])  # fmt: skip
        fault_point(f"run.{stage}.before_commit")
    return counts


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    by = dict(con.execute("SELECT decision, count(*) FROM res WHERE NOT held GROUP BY 1").fetchall())
    held = con.execute("SELECT count(*) FROM res WHERE held").fetchall()[0][0]
    reasons = con.execute(
        "SELECT step, count(*) FROM res WHERE decision = 'drop' AND NOT held GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return {"in": sum(by.values()) + held, "kept": by.get("keep", 0) + by.get("modify", 0) + held,
            "dropped": by.get("drop", 0), "modified": by.get("modify", 0), "held_by_review": held,
            "dropped_by_step": dict(reasons)}  # fmt: skip
