"""ShardReader: the first step of every stage pipeline, reading this task's exported Parquet shard.

datatrove's ParquetReader resolves a file path and updates length statistics for every document (~50 µs a
document here, a tenth of the quality stage's budget). The engine's shards are ours, flat and small, so this
reader does only what the stages need: the task's files (sorted, file i goes to task i % world_size — the
(file, document) numbering the MinHash phases map back), in batches, as Documents with id = sample_id,
text, and the other requested columns as metadata.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep


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
