"""Streaming readers, one per format. Each yields `Item`s: a record with its file and line, or a reject.

Nothing is dropped here without an Item saying why: a broken line becomes an Item with `reject` set.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import orjson

from curator.ingest.csvread import DEFAULT_FIELD_LIMIT, csv_items
from curator.ingest.files import EXTENSIONS, FORMATS, detect_format, expand_paths
from curator.ingest.item import EXCERPT, Item, UnreadableFile

__all__ = ["EXTENSIONS", "FORMATS", "READERS", "Item", "UnreadableFile", "detect_format", "expand_paths"]


def _excerpt(raw: bytes) -> str:
    return raw[:EXCERPT].decode("utf-8", errors="replace")


def read_jsonl(path: Path, fh: IO[bytes], first_line: int = 1) -> Iterator[Item]:
    name = str(path)
    for lineno, raw in enumerate(fh, start=first_line):
        if not raw or raw.isspace():  # == not raw.strip(), without copying the line
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as uexc:
                yield Item(name, lineno, reject="invalid_utf8", detail=f"byte {uexc.start}", excerpt=_excerpt(raw))
                continue
            yield Item(name, lineno, reject="invalid_json", detail=str(exc).split(":")[0], excerpt=_excerpt(raw))
            continue
        if not isinstance(obj, dict):
            yield Item(name, lineno, reject="not_an_object", detail=type(obj).__name__, excerpt=_excerpt(raw))
            continue
        yield Item(name, lineno, record=obj)


def read_csv(path: Path, fh: IO[bytes], limit: int = DEFAULT_FIELD_LIMIT) -> Iterator[Item]:
    text = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
    try:
        yield from csv_items(str(path), text, limit)
    finally:
        text.detach()  # the caller owns (and closes) the binary file


def read_parquet(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    import pyarrow.parquet as pq

    name, row = str(path), 0
    for batch in pq.ParquetFile(fh).iter_batches(batch_size=8192):
        for record in batch.to_pylist():
            row += 1
            yield Item(name, row, record=record)


def read_txt(path: Path, fh: IO[bytes], rel: str | None = None) -> Iterator[Item]:
    """A text file is one document. Its id is its path relative to the ingested folder without .txt/.gz (the file
    name when the file was given itself), so a/x.txt and b/x.txt stay apart; the folder is kept as metadata."""
    raw = fh.read()
    rel = rel or path.name
    key = rel.removesuffix(".gz").removesuffix(".txt")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Item(str(path), 1, reject="invalid_utf8", detail=f"byte {exc.start}", excerpt=_excerpt(raw))
        return
    folder = rel.rpartition("/")[0]
    yield Item(str(path), 1, record={"id": key, "text": text, **({"folder": folder} if folder else {})})


READERS: dict[str, Callable[[Path, IO[bytes]], Iterator[Item]]] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "txt": read_txt,
}
