"""An independent leak scan for the trust suite: where, in a folder tree, do planted raw values appear?

Independent of curator's own audit: every file's raw bytes are searched; Parquet and Arrow files (compressed) are
also decoded and every cell searched; a DuckDB file is also opened read-only and every VARCHAR/JSON column of
every table searched. Returns "path[: where]" for each hit, never asserting by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq


def scan_tree(root: Path, values: Iterable[str]) -> list[str]:
    """Hits of `values` in every file under `root` (or the file `root`)."""
    values = [v for v in values if v]
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    hits: list[str] = []
    for path in files:
        hits += [f"{path}: bytes contain {v!r}" for v in values if v.encode() in path.read_bytes()]
        hits += [f"{path}: {where}" for where in _decoded(path, values)]
    return hits


def scan_rows(rows: Iterable[tuple[str, object]], values: Iterable[str]) -> list[str]:
    """Hits of `values` in (name, JSON-like value) pairs, e.g. Label Studio tasks' data."""
    values = list(values)
    return [f"{name}: contains {v!r}" for name, data in rows for v in values if v in repr(data)]


def _decoded(path: Path, values: list[str]) -> list[str]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _in_table(pq.read_table(path), values)
    if suffix == ".arrow":
        with pa.memory_map(str(path)) as src:
            try:
                table = pa.ipc.open_stream(src).read_all()
            except pa.ArrowInvalid:
                src.seek(0)
                table = pa.ipc.open_file(src).read_all()
        return _in_table(table, values)
    if _is_duckdb(path):
        return _in_duckdb(path, values)
    return []


def _in_table(table: pa.Table, values: list[str]) -> list[str]:
    out = []
    for name in table.column_names:
        text = repr(table.column(name).to_pylist())
        out += [f"column {name} contains {v!r}" for v in values if v in text]
    return out


def _is_duckdb(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(16)
    return head[8:12] == b"DUCK"


def _in_duckdb(path: Path, values: list[str]) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cols = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE data_type IN ('VARCHAR', 'JSON')"
        ).fetchall()
        out = []
        for table, col in cols:
            for v in values:
                n = con.execute(f'SELECT count(*) FROM "{table}" WHERE contains(CAST("{col}" AS VARCHAR), ?)', [v])
                if n.fetchone()[0]:
                    out.append(f"table {table}.{col} contains {v!r}")
        return out
    finally:
        con.close()
