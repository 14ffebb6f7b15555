"""The two datatrove steps every per-document stage pipeline ends with: Judge and ResultWriter.

Judge runs the stage's curator steps on batches of documents. Unlike datatrove's filters it never removes a
document: the first step that says `(False, reason)` is stored in the document's metadata and later steps
skip it, so ResultWriter can write one result row per input document (keep, drop, or modify).
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched

RESULT_SCHEMA = pa.schema([
    ("sample_id", pa.string()), ("decision", pa.string()), ("step", pa.string()), ("reason", pa.string()),
    ("score", pa.float64()), ("details", pa.string()), ("language", pa.string()), ("language_score", pa.float64()),
    ("new_text", pa.string()),
])  # fmt: skip
FINDING_SCHEMA = pa.schema([
    ("sample_id", pa.string()), ("entity_type", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("score", pa.float64()), ("recognizer", pa.string()),
])  # fmt: skip


def build_steps(specs: list[dict[str, Any]]) -> list[Any]:
    from curator.stages.registry import build

    return [build(s["name"], s["params"]) for s in specs]


class Judge(PipelineStep):
    """Runs curator steps (registered names + params) on batches; records the first drop, keeps every doc."""

    name = "curator judge"
    type = "curator"

    def __init__(self, specs: list[dict[str, Any]], batch_size: int = 256) -> None:
        super().__init__()
        self.specs, self.batch_size = specs, batch_size

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        steps = build_steps(self.specs)
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                alive = list(batch)
                for step in steps:
                    verdicts = step.judge_batch(alive)
                    still = []
                    for doc, verdict in zip(alive, verdicts, strict=True):
                        if verdict is True or (isinstance(verdict, tuple) and verdict[0]):
                            still.append(doc)
                            continue
                        reason = verdict[1] if isinstance(verdict, tuple) else f"{step.name}: filtered"
                        doc.metadata["_drop"] = (step.name, reason)
                        self.stat_update(f"dropped {step.name}")
                    alive = still
            self.stat_update("judged", value=len(batch))
            yield from batch


class ResultWriter(PipelineStep):
    """One Parquet file of results per task (PII findings: FOLDER_findings/), written atomically at the end."""

    name = "curator results"
    type = "curator"

    def __init__(self, folder: str, stage: str, step_names: list[str]) -> None:
        super().__init__()
        self.folder, self.stage, self.step_names = folder, stage, step_names

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        rows, findings = [], []
        for doc in data:
            rows.append(self.result(doc))
            for f in doc.metadata.get("pii_findings") or []:
                findings.append({"sample_id": doc.id, **{k: f.get(k) for k in FINDING_SCHEMA.names[1:]}})
        os.makedirs(self.folder, exist_ok=True)
        _write_atomic(to_table(rows, RESULT_SCHEMA), f"{self.folder}/{rank:05d}.parquet")
        if self.stage == "pii":
            os.makedirs(f"{self.folder}_findings", exist_ok=True)
            _write_atomic(to_table(findings, FINDING_SCHEMA), f"{self.folder}_findings/{rank:05d}.parquet")
        return iter(())

    def result(self, doc: Any) -> dict[str, Any]:
        meta = doc.metadata
        row = {"sample_id": doc.id, "language": meta.get("language"), "language_score": meta.get("language_score"),
               "new_text": None, "score": None, "details": "{}"}  # fmt: skip
        if "_drop" in meta:
            step, reason = meta["_drop"]
            return {**row, "decision": "drop", "step": step, "reason": reason}
        row |= {"decision": "keep", "step": "+".join(self.step_names)}
        if self.stage == "langid":
            row |= {"reason": f"language {meta.get('language')} ({meta.get('language_score') or 0:.2f})",
                    "score": meta.get("language_score")}  # fmt: skip
        elif self.stage == "pii":
            found = Counter(f["entity_type"] for f in meta.get("pii_findings") or [])
            what = ", ".join(f"{n} {t}" for t, n in sorted(found.items()))
            row |= {"decision": "modify" if meta.get("pii_modified") else "keep", "new_text": doc.text,
                    "reason": f"{row['step']}: scrubbed {what}" if found else f"{row['step']}: no PII found",
                    "score": float(sum(found.values())), "details": json.dumps({"entities": dict(found)})}  # fmt: skip
        else:
            row["reason"] = f"passed {len(self.step_names)} check(s)"
        return row


def to_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table of `schema`, through orjson and Arrow's JSON reader: pyarrow's own conversion of
    Python objects imports pandas (0.4-0.5 s in every worker process of every stage)."""
    if not rows:
        return schema.empty_table()
    lines = b"".join([orjson.dumps(row) + b"\n" for row in rows])
    parse = pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    read = pa_json.ReadOptions(block_size=min(len(lines) + 1, 2**31 - 1))  # one block: no row straddles two
    return pa_json.read_json(io.BytesIO(lines), read_options=read, parse_options=parse).select(schema.names)


def _write_atomic(table: pa.Table, path: str) -> None:
    tmp = f"{path}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, path)
