"""Split versions as training input: resolve `NAME@VERSION` (or `NAME` = latest) and load their parts.

A split version lives at `<workspace>/splits/NAME/VERSION/{train,val,test}.parquet` (columns sample_id, text,
label, plus metadata) with a `manifest.json`; the catalog's `splits` table, when present, orders versions.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from curator.catalog import connect
from curator.catalog.queries import table_exists
from curator.errors import CuratorError
from curator.workspace import Workspace

PARTS = ("train", "val", "test")


@dataclass(frozen=True)
class SplitRef:
    """One split version on disk."""

    name: str
    version: str
    path: Path

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def part_path(self, part: str) -> Path:
        return self.path / f"{part}.parquet"

    def manifest(self) -> dict[str, Any]:
        mf = self.path / "manifest.json"
        return json.loads(mf.read_text(encoding="utf-8")) if mf.exists() else {}

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "path": str(self.path)}


@dataclass
class Part:
    """One part of a split: parallel lists of ids, texts and labels."""

    sample_ids: list[str]
    texts: list[str]
    labels: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    def subsample(self, n: int | None, seed: int) -> Part:
        """A seeded random n of the rows, in their original order (all rows when n is None or too big): a part
        file sorted by label still gives every label its share."""
        if n is None or n >= len(self):
            return self
        keep = sorted(random.Random(seed).sample(range(len(self)), n))
        return Part(*([col[i] for i in keep] for col in (self.sample_ids, self.texts, self.labels)))


def _latest_version(ws: Workspace, name: str) -> str | None:
    """Newest version of a split: from the catalog's `splits` table if it exists, else the newest folder."""
    with connect(ws, read_only=True) as con:
        if table_exists(con, "splits"):
            cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_name = 'splits'").fetchall()}  # fmt: skip
            order = "created_at DESC" if "created_at" in cols else "version DESC"
            row = con.execute(f"SELECT version FROM splits WHERE name = ? ORDER BY {order} LIMIT 1", [name]).fetchone()
            if row and (ws.splits_dir / name / str(row[0])).is_dir():
                return str(row[0])
    folders = [p for p in (ws.splits_dir / name).glob("*") if p.is_dir() and (p / "train.parquet").exists()]
    return max(folders, key=lambda p: p.stat().st_mtime).name if folders else None


def resolve_split(ws: Workspace, ref: str) -> SplitRef:
    """`NAME@VERSION` or `NAME` (its latest version) → the split folder; one-line error when missing."""
    name, _, version = ref.partition("@")
    if not name:
        raise CuratorError(f"split {ref!r}: give NAME or NAME@VERSION (see `curator splits list`)")
    if not version:
        version = _latest_version(ws, name) or ""
        if not version:
            raise CuratorError(f"no split named {name!r} in {ws.splits_dir} (build one with `curator build-split`)")
    path = ws.splits_dir / name / version
    missing = [p for p in PARTS if not (path / f"{p}.parquet").exists()]
    if missing:
        raise CuratorError(f"split {name}@{version}: missing {', '.join(missing)}.parquet in {path}")
    return SplitRef(name, version, path)


def load_part(split: SplitRef, part: str) -> Part:
    """One part's sample ids, texts and labels (rows without a label are an error: they cannot be trained on)."""
    if part not in PARTS:
        raise CuratorError(f"part {part!r}: use {', '.join(PARTS)}")
    path = split.part_path(part)
    table = pq.read_table(path, columns=["sample_id", "text", "label"])
    ids, texts, labels = (table.column(c).to_pylist() for c in ("sample_id", "text", "label"))
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        if label is None or text is None:
            raise CuratorError(f"{path}: row {i} ({ids[i]}) has no {'label' if label is None else 'text'}")
    return Part(ids, texts, [str(x) for x in labels])


def label_list(*parts: Part) -> list[str]:
    """The sorted label set over the given parts (class id = index)."""
    return sorted({lab for p in parts for lab in p.labels})
