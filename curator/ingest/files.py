"""Which files an ingest reads: paths given, directories walked, and symlinks that leave a directory refused."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    format: str
    rel: str  # the path relative to the ingested folder ('/'-separated), or the file name for a file given itself
    nofollow: bool = False  # found as a regular file in a walked folder: opened without following a symlink

    def open(self) -> IO[bytes]:
        """The file, opened for reading; one swapped for a symlink after the walk is refused (ELOOP)."""
        flags = os.O_RDONLY | (os.O_NOFOLLOW if self.nofollow else 0)
        return os.fdopen(os.open(self.path, flags), "rb")


@dataclass(frozen=True, slots=True)
class Refused:
    path: Path
    reason: str
    detail: str


def detect_format(path: Path) -> str | None:
    """Format from the file name (`.gz` looked through), or None if unknown."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _walk(folder: Path, fmt: str) -> tuple[list[SourceFile], list[Refused]]:
    """Files under folder, sorted; a symlink (to a file or a folder) whose target is outside folder is refused."""
    root = folder.resolve()
    found: list[SourceFile] = []
    refused: list[Refused] = []
    for child in sorted(folder.rglob("*")):  # rglob does not descend into symlinked folders
        if child.name.startswith("."):
            continue
        if child.is_symlink() and not _inside(child.resolve(), root):
            detail = f"a symlink to {child.resolve()}, outside {folder}: not followed"
            refused.append(Refused(child, "symlink_outside", detail))
            continue
        if not child.is_file():
            continue
        child_fmt = fmt if fmt != "auto" else detect_format(child)
        if child_fmt:
            rel = child.relative_to(folder).as_posix()
            found.append(SourceFile(child, child_fmt, rel, nofollow=not child.is_symlink()))
    return found, refused


def expand_paths(paths: list[Path], fmt: str) -> tuple[list[SourceFile], list[Refused]]:
    """Files to read with their format (directories walked, sorted), and the entries refused with a reason.

    A path that does not exist, or a file given by name whose format cannot be told, is an error.
    """
    out: list[SourceFile] = []
    refused: list[Refused] = []
    for path in paths:
        if not path.exists():
            raise BadInput(f"{path}: no such file or directory")
        if path.is_dir():
            found, bad = _walk(path, fmt)
            out += found
            refused += bad
            continue
        file_fmt = fmt if fmt != "auto" else detect_format(path)
        if file_fmt is None:
            raise BadInput(f"{path}: cannot tell the format from the name; pass --format {'|'.join(FORMATS)}")
        out.append(SourceFile(path, file_fmt, path.name))
    return out, refused
