"""Split versions as training input: resolve `NAME@VERSION` (or `NAME` = latest) and load their parts.

A split version lives at `<workspace>/splits/NAME/VERSION/{train,val,test}.parquet` (columns sample_id, text,
label, plus metadata) with a `manifest.json`. Only versions registered in the catalog's `splits` table are used, and
only after each part's sha256 matched the manifest (curator.splits.verify): never a path, never a changed file.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from curator.catalog import connect
from curator.errors import CuratorError
from curator.splits.verify import verified_split
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


def resolve_split(ws: Workspace, ref: str) -> SplitRef:
    """`NAME@VERSION` or `NAME` (its latest version) → the registered, verified split; one-line error otherwise."""
    with connect(ws, read_only=True) as con:
        split = verified_split(con, ws, ref)
    return SplitRef(split.name, split.version, split.path)


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
