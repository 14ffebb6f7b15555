"""Scrub, at `curator purge-raw --all`, every sample the PII stage never scrubbed (so no raw text is left).

The default recipe scrubs last, so a sample langid, quality or dedup dropped was never scrubbed: its current text
is its raw text. `purge-raw --all` runs the PII stage's own scrubber (PiiScrubber, in-process, in batches) on every
sample with `pii_scrubbed = false` — whatever its status, which stays as it is — with the configuration the PII
stage last ran with (else the default recipe's pii step), inside the purge's transaction, before the file rewrite.
A changed text gets a `modify` decision (stage `pii`, step `purge_raw`, "scrubbed at purge-raw: …") and its
findings (offsets, never values) in `pii_findings`; an unchanged one a `keep` ("no PII found at purge-raw").
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import Run, decisions
from curator.stages.pii.scrubber import PiiScrubber, ScrubResult
from curator.stages.pii.stage import FINDING_SCHEMA as _FINDINGS  # the PII stage's own findings rows

BATCH = 512
STEP_MODIFIED, STEP_KEPT = "purge_raw", PiiScrubber.name
PURGE = "purge-raw"
STEPS = {PURGE: STEP_MODIFIED, "audit": "audit_scrub"}  # the modify decision's step, by command
_NOT_CONFIG = frozenset({"self", "n_process", "batch_size"})  # how to run, not what to scrub
_ROWS = pa.schema(
    [
        ("sample_id", pa.string()),
        ("new_text", pa.string()),
        ("changed", pa.bool_()),
        ("reason", pa.string()),
        ("score", pa.float64()),
        ("details", pa.string()),
    ]
)


def scrubber_params(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The PII step's params of the latest successful `curator run` that ran the PII stage, else those of the
    default recipe's pii step (the scrubber's defaults where it has none)."""
    row = con.execute(
        "SELECT config FROM runs WHERE stage = 'pii' AND command = 'run' AND status = 'succeeded' "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    steps = (
        [
            st
            for stage in (json.loads(row[0] or "{}").get("recipe") or {}).get("stages") or []
            for st in stage.get("steps") or []
        ]
        if row
        else []
    )
    found = next((s.get("params") or {} for s in steps if s.get("name") == PiiScrubber.name), None)
    if found is None:
        from curator.engine.recipe import load_recipe

        plans = [s for stage in load_recipe().stages if stage.stage == "pii" for s in stage.steps]
        found = plans[0]["params"] if plans else {}
    accepted = set(inspect.signature(PiiScrubber.__init__).parameters) - _NOT_CONFIG
    return {k: v for k, v in found.items() if k in accepted}


def count_unscrubbed(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM samples WHERE NOT pii_scrubbed").fetchone()[0])


def scrub_unscrubbed(
    con: duckdb.DuckDBPyConnection, run: Run, params: dict[str, Any], only: list[str] | None = None, at: str = PURGE
) -> dict[str, int]:
    """Scrub every never-scrubbed sample (or those of `only`) inside the caller's transaction; record decisions and
    findings. `at` names the command in the decisions (`audit decisions` scrubs the dropped texts it sends)."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT sample_id FROM samples WHERE NOT pii_scrubbed "
            "AND ($all OR sample_id IN (SELECT unnest($only::VARCHAR[]))) ORDER BY 1",
            {"all": only is None, "only": list(only or [])},
        ).fetchall()
    ]
    if not ids:
        return {"scrubbed_at_purge": 0, "modified_at_purge": 0}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE purge_scrub (sample_id VARCHAR, new_text VARCHAR, changed BOOLEAN, "
        "reason VARCHAR, score DOUBLE, details VARCHAR)"
    )
    with PiiScrubber(**params) as scrubber:
        for start in range(0, len(ids), BATCH):
            rows = con.execute(
                "SELECT sample_id, text, language FROM samples WHERE sample_id IN (SELECT unnest(?)) "
                "ORDER BY sample_id",
                [ids[start : start + BATCH]],
            ).fetchall()
            results = scrubber.scrub_many([t for _, t, _ in rows], [lang for *_, lang in rows])
            _store(con, run, rows, results, at)
    _apply(con, run, STEPS.get(at, STEP_MODIFIED))
    n_mod = int(con.execute("SELECT count(*) FROM purge_scrub WHERE changed").fetchone()[0])
    con.execute("DROP TABLE purge_scrub")
    return {"scrubbed_at_purge": len(ids), "modified_at_purge": n_mod}


def _store(con: duckdb.DuckDBPyConnection, run: Run, rows: list[tuple], results: list[ScrubResult], at: str) -> None:
    """One batch's results into purge_scrub, its findings into pii_findings."""
    out, found = [], []
    for (sid, text, _), res in zip(rows, results, strict=True):
        types = Counter(f["entity_type"] for f in res.findings)
        what = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
        changed = res.text != text
        out.append(
            {
                "sample_id": sid,
                "new_text": res.text,
                "changed": changed,
                "score": float(sum(types.values())),
                "reason": f"scrubbed at {at}: {what}" if changed else f"no PII found at {at}",
                "details": json.dumps({"entities": dict(types), "scrubbed_at": at}),
            }
        )
        found += [{"sample_id": sid, **{k: f.get(k) for k in _FINDINGS.names[1:]}} for f in res.findings]
    batch, findings = pa.Table.from_pylist(out, _ROWS), pa.Table.from_pylist(found, _FINDINGS)
    con.register("purge_scrub_batch", batch)
    con.register("purge_scrub_findings", findings)
    try:
        con.execute("INSERT INTO purge_scrub SELECT * FROM purge_scrub_batch")
        con.execute(
            'INSERT INTO pii_findings SELECT sample_id, ?, entity_type, "start", "end", score, recognizer '
            'FROM purge_scrub_findings ORDER BY sample_id, "start"',
            [run.run_id],
        )
    finally:
        con.unregister("purge_scrub_batch")
        con.unregister("purge_scrub_findings")


def _apply(con: duckdb.DuckDBPyConnection, run: Run, step_modified: str) -> None:
    """Decisions for every scrubbed sample (modify or keep: the status stays), then the scrubbed texts."""
    seq = int(con.execute("SELECT coalesce(max(seq), 0) FROM decisions WHERE run_id = ?", [run.run_id]).fetchone()[0])
    rows = (
        "SELECT sample_id, CASE WHEN changed THEN ? ELSE ? END AS step, "
        "CASE WHEN changed THEN 'modify' ELSE 'keep' END AS decision, reason, score, details, "
        "? + row_number() OVER (ORDER BY sample_id) AS seq FROM purge_scrub"
    )
    decisions.write(con, rows, run_id=run.run_id, stage="pii", params=[step_modified, STEP_KEPT, seq])
    con.execute(
        "UPDATE samples SET text = p.new_text, pii_scrubbed = true FROM purge_scrub p "
        "WHERE samples.sample_id = p.sample_id"
    )
