"""What a reader yields: a record with its file and line, or a reject with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXCERPT = 200


@dataclass(slots=True)
class Item:
    file: str
    line: int
    record: dict[str, Any] | None = None
    reject: str | None = None  # reason code
    detail: str | None = None
    excerpt: str | None = None


class UnreadableFile(Exception):
    """A whole file cannot be read (not gzip, truncated, not Parquet, no CSV header): the message says why."""
