"""`curator export NAME@VERSION --format parquet|jsonl|hf --out DIR`: a split version in a training format.

Only a registered version whose part files still have their manifest's sha256 is exported (curator.splits.verify).

Every format carries only the allow-listed columns (curator.catalog.outbound.SPLIT_COLUMNS): parts built before
the allow-list also hold the record's raw `metadata`, which is never copied out. parquet copies a part as it is
when it has only those columns (its manifest sha256 still holds), else writes them alone; jsonl converts each
part with DuckDB; hf writes a datasets.DatasetDict with save_to_disk, the label column a ClassLabel whose names
are the split's classes in sorted order.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.catalog.outbound import SPLIT_COLUMNS
from curator.catalog.queries import sql_path
from curator.errors import CuratorError
from curator.splits.options import PARTS
from curator.splits.verify import verified_split
from curator.workspace import Workspace

FORMATS = ("parquet", "jsonl", "hf")


def export_split(con: duckdb.DuckDBPyConnection, ws: Workspace, ref: str, fmt: str, out: Path) -> dict[str, Any]:
    """Write the split to `out`; returns what was written."""
    if fmt not in FORMATS:
        raise CuratorError(f"--format {fmt!r}: use {', '.join(FORMATS)}")
    split = verified_split(con, ws, ref)  # registered, manifest and every part's sha256 checked
    src, manifest = split.path, split.manifest
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CuratorError(f"--out {out} exists and is not empty: choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    for extra in ("manifest.json", "README.md"):
        shutil.copy2(src / extra, out / extra)
    if fmt == "parquet":
        files = [_to_parquet(src / f"{p}.parquet", out / f"{p}.parquet") for p in PARTS]
    elif fmt == "jsonl":
        files = [_to_jsonl(con, src / f"{p}.parquet", out / f"{p}.jsonl") for p in PARTS]
    else:
        files = [_to_hf(src, out, manifest["counts"]["labels"])]
    return {
        "split": split.ref,
        "format": fmt,
        "out": str(out),
        "files": [str(f) for f in files],
        "rows": manifest["counts"]["parts"],
    }


def allowed_columns(src: Path) -> list[str]:
    """The part file's columns that may leave the raw zone, in file order (never `metadata`)."""
    return [c for c in pq.read_schema(src).names if c in SPLIT_COLUMNS]


def _to_parquet(src: Path, dst: Path) -> Path:
    cols = allowed_columns(src)
    if cols == pq.read_schema(src).names:
        return Path(shutil.copy2(src, dst))
    pq.write_table(pq.read_table(src, columns=cols), dst)  # a pre-allow-list part: its `metadata` stays behind
    return dst


def _to_jsonl(con: duckdb.DuckDBPyConnection, src: Path, dst: Path) -> Path:
    cols = ", ".join('"' + c + '"' for c in allowed_columns(src))
    con.execute(f"COPY (SELECT {cols} FROM read_parquet({sql_path(src)})) TO {sql_path(dst)} (FORMAT json)")
    return dst


def hf_table(table: pa.Table, labels: list[str]) -> tuple[pa.Table, Any]:
    """The part's table with label as class indices, and its datasets.Features (label a ClassLabel)."""
    import datasets

    idx = pc.index_in(table.column("label"), value_set=pa.array(labels, pa.string())).cast(pa.int64())
    table = table.set_column(table.schema.get_field_index("label"), "label", idx)
    features = datasets.Features.from_arrow_schema(table.schema)
    features["label"] = datasets.ClassLabel(names=labels)
    return table.cast(features.arrow_schema), features


def _to_hf(src: Path, out: Path, labels: list[str]) -> Path:
    import datasets

    datasets.disable_progress_bars()
    parts = {}
    for part in PARTS:
        path = src / f"{part}.parquet"
        table, features = hf_table(pq.read_table(path, columns=allowed_columns(path)), labels)
        info = datasets.DatasetInfo(features=features, description=f"curator split {src.parent.name}@{src.name}")
        parts[part] = datasets.Dataset(datasets.table.InMemoryTable(table), info=info, split=datasets.Split(part))
    datasets.DatasetDict(parts).save_to_disk(str(out))
    return out
