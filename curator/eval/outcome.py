"""Run a recipe on a truth set exactly as `curator run` would, in a scratch workspace, and read what it decided.

The truth texts are written to <workspace>/tmp/eval-…/input.jsonl (id and text only), ingested into a scratch
workspace beside it, run through the recipe's stages by the engine, and read back from its catalog: status,
language, current text and the drop decisions of every record. The folder is raw zone (it holds the texts): it
is claimed while this process lives, removed when the evaluation ends, and swept if the process died.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from curator.catalog import connect
from curator.catalog.init import init_workspace
from curator.catalog.runs import new_run_id
from curator.catalog.scratch import claim, release, sweep
from curator.faults import fault_point
from curator.workspace import Workspace, private_files


@dataclass
class Outcome:
    """What the recipe left of one truth record."""

    status: str  # active | dropped
    stage: str | None  # stage of the decision that set the status
    language: str | None
    text: str  # current text (scrubbed when the PII stage changed it)
    drops: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, step, reason) of each drop
    findings: list[tuple[str, int, int]] = field(default_factory=list)  # PII (entity type, start, end) in the original

    @property
    def active(self) -> bool:
        return self.status == "active"


READ = """
SELECT s.source_key, s.status, s.status_stage, s.language, s.text,
       list([d.stage, d.step, coalesce(d.reason, '')] ORDER BY d.seq) FILTER (WHERE d.decision = 'drop') AS drops
FROM samples s LEFT JOIN decisions d USING (sample_id)
WHERE s.source = 'eval'
GROUP BY ALL
"""
FINDINGS = """
SELECT s.source_key, f.entity_type, f."start", f."end"
FROM pii_findings f JOIN samples s USING (sample_id)
WHERE s.source = 'eval'
ORDER BY s.source_key, f."start", f."end", f.entity_type
"""


def read_outcomes(scratch: Workspace) -> dict[str, Outcome]:
    with connect(scratch, read_only=True) as con:
        rows = con.execute(READ).fetchall()
        findings = con.execute(FINDINGS).fetchall()
    out = {
        key: Outcome(status, stage, lang, text, [tuple(d) for d in drops or []])
        for key, status, stage, lang, text, drops in rows
    }
    for key, entity, start, end in findings:
        out[key].findings.append((entity, start, end))
    return out


def run_on(
    ws: Workspace, records: list[dict[str, Any]], recipe: Any, stages: list[str], workers: int = 2
) -> dict[str, Outcome]:
    """Ingest the records' texts into a scratch workspace, run the recipe's stages, return each id's outcome."""
    from curator.engine import run_recipe, select_stages
    from curator.ingest.pipeline import IngestOptions, ingest

    plans = select_stages(recipe, stages) if stages else []
    sweep(ws.tmp_dir, "eval-*")  # folders of evaluations that died
    folder = ws.tmp_dir / new_run_id("eval")
    owner = claim(folder)
    try:
        with private_files():
            folder.mkdir(mode=0o700)
            scratch, _ = init_workspace(folder / "ws")
            source = folder / "input.jsonl"
            lines = (json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) for r in records)
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
            opts = IngestOptions("eval", format="jsonl", label_field=None, time_field=None, workers=1)
            ingest(scratch, [source], opts)
            run_recipe(scratch, recipe, plans, "local", workers)
            fault_point("eval.ran")  # killed here: the folder stays (raw zone) until a sweep
            return read_outcomes(scratch)
    finally:
        release(folder, owner)
