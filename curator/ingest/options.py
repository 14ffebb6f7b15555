"""What `curator ingest` was asked to do: the options the orchestrator (pipeline.py) and its chunk workers
(parallel.py) share, and the progress callback's type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

Progress = Callable[[int], None]  # called with bytes read since the last call


@dataclass(frozen=True)
class IngestOptions:
    source: str
    _: KW_ONLY  # IngestOptions("tickets", text_field="body"): every option by name
    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    label_field: str | None = "label"
    time_field: str | None = "created_at"
    license: str | None = None
    max_chars: int = 1_000_000
    strict: bool = False
    max_reject_rate: float = 0.5  # more rejected records than this share of those read: nothing is written
    batch_rows: int = 50_000
    workers: int = 2  # processes that parse large uncompressed JSONL files in byte-range chunks
