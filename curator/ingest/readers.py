"""Streaming readers, one per format. Each yields `Item`s: a record with its file and line, or a reject.

Nothing is dropped here without an Item saying why: a broken line becomes an Item with `reject` set.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from curator.errors import BadInput

FORMATS = ("jsonl", "csv", "parquet", "txt")
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".txt": "txt",
}
EXCERPT = 200


@dataclass(slots=True)
class Item:
    file: str
    line: int
    record: dict[str, Any] | None = None
    reject: str | None = None  # reason code
    detail: str | None = None
    excerpt: str | None = None


def detect_format(path: Path) -> str | None:
    """Format from the file name (`.gz` looked through), or None if unknown."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def expand_paths(paths: list[Path], fmt: str) -> list[tuple[Path, str]]:
    """Files to read with their format; directories are walked (sorted), unknown files are an error."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if not path.exists():
            raise BadInput(f"{path}: no such file or directory")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                child_fmt = fmt if fmt != "auto" else detect_format(child)
                if child_fmt:
                    out.append((child, child_fmt))
            continue
        file_fmt = fmt if fmt != "auto" else detect_format(path)
        if file_fmt is None:
            raise BadInput(f"{path}: cannot tell the format from the name; pass --format {'|'.join(FORMATS)}")
        out.append((path, file_fmt))
    return out


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


def _has_surrogates(values: list[str | None]) -> bool:
    return any(v and any("�" <= ch <= "�" for ch in v) for v in values)


def read_csv(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    text = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
    try:
        yield from _csv_items(str(path), csv.reader(text))
    finally:
        text.detach()  # the caller owns (and closes) the binary file


def _csv_items(name: str, reader: Iterator[list[str]]) -> Iterator[Item]:
    header = next(reader, None)
    if header is None:
        return
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Item(name, reader.line_num, reject="bad_csv_row", detail=str(exc))
            continue
        if not row or all(not cell.strip() for cell in row):
            continue
        excerpt = ",".join(row)[:EXCERPT].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if _has_surrogates(row):
            yield Item(name, reader.line_num, reject="invalid_utf8", excerpt=excerpt)
        elif len(row) != width:
            detail = f"{len(row)} fields, header has {width}"
            yield Item(name, reader.line_num, reject="bad_csv_row", detail=detail, excerpt=excerpt)
        else:
            yield Item(name, reader.line_num, record=dict(zip(header, row, strict=True)))


def read_parquet(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    import pyarrow.parquet as pq

    name, row = str(path), 0
    for batch in pq.ParquetFile(fh).iter_batches(batch_size=8192):
        for record in batch.to_pylist():
            row += 1
            yield Item(name, row, record=record)


def read_txt(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    """A text file is one document; its id is the file name without .txt/.gz."""
    raw = fh.read()
    key = path.name.removesuffix(".gz").removesuffix(".txt")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Item(str(path), 1, reject="invalid_utf8", detail=f"byte {exc.start}", excerpt=_excerpt(raw))
        return
    yield Item(str(path), 1, record={"id": key, "text": text})


READERS: dict[str, Callable[[Path, IO[bytes]], Iterator[Item]]] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "txt": read_txt,
}
