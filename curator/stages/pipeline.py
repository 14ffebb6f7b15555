"""The datatrove building blocks of stage pipelines: ShardReader, Judge and ResultWriter, and the shard writer.

ShardReader reads this task's exported Parquet shard. datatrove's ParquetReader resolves a file path and updates
length statistics for every document (~50 µs a document here, a tenth of the quality stage's budget); the
engine's shards are ours, flat and small, so this reader does only what the stages need: the task's files
(sorted, file i goes to task i % world_size — the (file, document) numbering the MinHash phases map back), in
batches, as Documents with id = sample_id, text, and the other requested columns as metadata.

Judge runs the stage's curator steps on batches of documents. Unlike datatrove's filters it never removes a
document: the first step that says `(False, reason)` is stored in the document's metadata and later steps
skip it, so ResultWriter can write one result row per input document (keep, drop, or modify); the stage says
what a kept document's row holds (`Stage.keep_row`) and which other tables it writes (`Stage.outputs`).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.batching import batched

RESULT_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("decision", pa.string()),
        ("step", pa.string()),
        ("reason", pa.string()),
        ("score", pa.float64()),
        ("details", pa.string()),
        ("language", pa.string()),
        ("language_score", pa.float64()),
        ("new_text", pa.string()),
    ]
)


def build_steps(specs: list[dict[str, Any]]) -> list[Any]:
    from curator.stages.registry import build

    return [build(s["name"], s["params"]) for s in specs]


class ShardReader(PipelineStep):
    name = "curator shard reader"
    type = "📖 - READER"

    def __init__(self, folder: str, columns: list[str] | None = None, batch_size: int = 1024) -> None:
        super().__init__()
        self.folder, self.columns, self.batch_size = folder, columns, batch_size

    def files(self, rank: int, world_size: int) -> list[Path]:
        return sorted(Path(self.folder).glob("*.parquet"))[rank::world_size]

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for path in self.files(rank, world_size):
            with self.track_time("file"):
                shard = pq.ParquetFile(path)
            for batch in shard.iter_batches(batch_size=self.batch_size, columns=self.columns):
                yield from self.documents(batch.to_pydict())

    def documents(self, cols: dict[str, list]) -> DocumentsPipeline:
        ids, texts = cols.pop("sample_id"), cols.pop("text")
        names, values = list(cols), list(cols.values())
        self.stat_update("documents", value=len(ids))
        for i, (sample_id, text) in enumerate(zip(ids, texts, strict=True)):
            yield Document(text=text, id=sample_id, metadata={n: v[i] for n, v in zip(names, values, strict=True)})


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
    """One Parquet file of results per task (and of each of the stage's `outputs`: FOLDER_<name>/), written
    atomically at the end."""

    name = "curator results"
    type = "curator"

    def __init__(self, folder: str, stage: Any, step_names: list[str]) -> None:
        super().__init__()
        self.folder, self.stage, self.step_names = folder, stage, step_names

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        outputs = self.stage.outputs
        rows: list[dict[str, Any]] = []
        extra: dict[str, list[dict[str, Any]]] = {name: [] for name in outputs}
        for doc in data:
            rows.append(self.result(doc))
            if outputs:
                for name, more in self.stage.output_rows(doc).items():
                    extra[name].extend(more)
        os.makedirs(self.folder, exist_ok=True)
        _write_atomic(to_table(rows, RESULT_SCHEMA), f"{self.folder}/{rank:05d}.parquet")
        for name, schema in outputs.items():
            os.makedirs(f"{self.folder}_{name}", exist_ok=True)
            _write_atomic(to_table(extra[name], schema), f"{self.folder}_{name}/{rank:05d}.parquet")
        return iter(())

    def result(self, doc: Any) -> dict[str, Any]:
        meta = doc.metadata
        row = {
            "sample_id": doc.id,
            "language": meta.get("language"),
            "language_score": meta.get("language_score"),
            "new_text": None,
            "score": None,
            "details": "{}",
        }
        if "_drop" in meta:
            step, reason = meta["_drop"]
            return {**row, "decision": "drop", "step": step, "reason": reason}
        row |= {"decision": "keep", "step": "+".join(self.step_names)}
        return self.stage.keep_row(row, doc, self.step_names)


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


def write_shards(batches: pa.RecordBatchReader, out: Path, per_shard: int) -> list[Path]:
    """Re-chunk a stream of record batches into shards of `per_shard` rows, each written atomically."""
    paths: list[Path] = []
    pending: list[pa.RecordBatch] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        path = out / f"{len(paths):05d}.parquet"
        pq.write_table(pa.Table.from_batches(pending, schema=batches.schema), f"{path}.tmp")
        Path(f"{path}.tmp").replace(path)
        paths.append(path)
        pending, size = [], 0

    for batch in batches:
        while batch.num_rows:
            take = min(per_shard - size, batch.num_rows)
            pending.append(batch.slice(0, take))
            size += take
            batch = batch.slice(take)
            if size == per_shard:
                flush()
    if size:
        flush()
    return paths
