"""Columnar batches of accepted rows and rejects, flushed to Parquet files (bounded memory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.ingest.normalize import count_words
from curator.ingest.readers import Item
from curator.ingest.records import Row

ACCEPTED_SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("sample_id", pa.string()),
        ("source_key", pa.string()),
        ("text", pa.string()),
        ("text_hash", pa.string()),
        ("label", pa.string()),
        ("created_at", pa.timestamp("us")),
        ("metadata", pa.string()),
        ("n_words", pa.int32()),
        ("file", pa.string()),
        ("line", pa.int64()),
        ("changes", pa.list_(pa.string())),
        ("legacy_id", pa.string()),
    ]
)
# Staging files live for one ingest and are read back at once: no codec (zstd cost more to write and read back
# than the bytes it saved, on 200k x 1 KB docs). They take about the size of the input in the workspace tmp folder.
COMPRESSION = "none"
REJECT_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("line", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("excerpt", pa.string()),
    ]
)


class Stager:
    """Collects rows column-wise and writes a Parquet part every `batch_rows` rows."""

    def __init__(self, folder: Path, batch_rows: int = 50_000, prefix: str = "main") -> None:
        self.folder, self.batch_rows, self.prefix = folder, batch_rows, prefix
        folder.mkdir(parents=True, exist_ok=True)
        self.accepted: list[tuple[Any, ...]] = []
        self.rejects: dict[str, list[Any]] = {name: [] for name in REJECT_SCHEMA.names}
        self.parts = 0
        self.file_index = 0  # rows are ordered by (file, line): ord = file_index << 40 | line
        self._file_parts: list[Path] = []  # parts written since the current file began

    def begin_file(self, index: int) -> None:
        self.file_index = index
        self._file_parts = []

    def add_row(self, item: Item, row: Row) -> None:
        self.accepted.append(
            (
                (self.file_index << 40) | item.line,
                row.sample_id,
                row.source_key,
                row.text,
                row.text_hash,
                row.label,
                row.created_at,
                row.metadata,
                count_words(row.text),
                item.file,
                item.line,
                row.changes,
                row.legacy_id,
            )
        )
        if len(self.accepted) >= self.batch_rows:
            self.flush()

    def add_reject(self, item: Item, reason: str, detail: str | None) -> None:
        self.add_file_reject(item.file, reason, detail, item.line, item.excerpt)

    def add_file_reject(
        self, file: str, reason: str, detail: str | None, line: int | None = None, excerpt: str | None = None
    ) -> None:
        for name, value in zip(REJECT_SCHEMA.names, (file, line, reason, detail, excerpt), strict=True):
            self.rejects[name].append(value)

    def drop_file(self, name: str) -> None:
        """Forget every row and reject staged from the current file (one that turned out unreadable halfway)."""
        first = self.file_index << 40
        self.accepted = [row for row in self.accepted if row[0] < first]
        keep = [i for i, f in enumerate(self.rejects["file"]) if f != name]
        self.rejects = {col: [values[i] for i in keep] for col, values in self.rejects.items()}
        for path in self._file_parts:
            table = pq.read_table(path)
            if path.name.startswith("accepted-"):
                table = table.filter(pc.less(table["ord"], first))
            else:
                table = table.filter(pc.not_equal(table["file"], name))
            if table.num_rows:
                pq.write_table(table, path, compression=COMPRESSION)
            else:
                path.unlink()
        self._file_parts = []

    def flush(self) -> None:
        if self.accepted:
            self.parts += 1
            columns = [list(col) for col in zip(*self.accepted, strict=True)]
            table = pa.Table.from_arrays(columns, schema=ACCEPTED_SCHEMA)
            path = self.folder / f"accepted-{self.prefix}-{self.parts:05d}.parquet"
            pq.write_table(table, path, compression=COMPRESSION)
            self._file_parts.append(path)
            self.accepted.clear()
        if self.rejects["file"]:
            self.parts += 1
            path = self.folder / f"rejects-{self.prefix}-{self.parts:05d}.parquet"
            pq.write_table(pa.table(self.rejects, schema=REJECT_SCHEMA), path)
            self._file_parts.append(path)
            for col in self.rejects.values():
                col.clear()

    def accepted_glob(self) -> str | None:
        return str(self.folder / "accepted-*.parquet") if any(self.folder.glob("accepted-*.parquet")) else None

    def rejects_glob(self) -> str | None:
        return str(self.folder / "rejects-*.parquet") if any(self.folder.glob("rejects-*.parquet")) else None
