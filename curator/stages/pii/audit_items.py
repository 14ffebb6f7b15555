"""What `curator audit pii` reads: every string field that leaves the raw zone, as (id, text, language) items.

Files (split parts, exports): every string column of every Parquet, JSON Lines, CSV and Arrow file under a folder,
not only `text`; Label Studio: every string value in every task's `data`. Generated ids (curator.catalog.outbound
.GENERATED: hex digests) are not scanned. A value repeated in a column (a label, a source name) is scanned once
per file and column. Ids name the file or task, the sample and the column — never the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from curator.catalog import connect
from curator.catalog.outbound import GENERATED
from curator.errors import CuratorError
from curator.workspace import Workspace

Item = tuple[str, str, str | None]  # id, text, language
TABULAR = (".parquet", ".jsonl", ".ndjson", ".csv", ".arrow")
BATCH = 2048
MAX_DISTINCT = 100_000  # values remembered per column for the once-per-value scan (bounded memory on id columns)


def file_items(root: Path, skipped: list[str]) -> Iterator[Item]:
    """Every string cell of every tabular file under `root` (a folder or one file); other files go to `skipped`."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        rel = path.name if path == root else str(path.relative_to(root))
        if path.suffix.lower() not in TABULAR:
            skipped.append(rel)
            continue
        yield from _table_items(rel, _batches(path))


def _batches(path: Path) -> Iterator[pa.RecordBatch]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH)
        elif suffix == ".csv":
            import pyarrow.csv as pacsv

            table = pacsv.read_csv(path)
            yield from table.cast(pa.schema([(f.name, pa.string()) for f in table.schema])).to_batches(BATCH)
        elif suffix == ".arrow":
            yield from _arrow(path).to_batches(BATCH)
        else:
            import pyarrow.json as pajson

            yield from pajson.read_json(path).to_batches(BATCH)
    except (pa.ArrowException, OSError) as exc:
        raise CuratorError(f"{path}: cannot be read for the audit ({str(exc).splitlines()[0]})") from None


def _arrow(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as src:
        try:
            return pa.ipc.open_stream(src).read_all()  # datasets' save_to_disk writes the stream format
        except pa.ArrowInvalid:
            src.seek(0)
            return pa.ipc.open_file(src).read_all()


def _table_items(rel: str, batches: Iterator[pa.RecordBatch]) -> Iterator[Item]:
    seen: dict[str, set[str]] = {}
    row = 0
    for batch in batches:
        names = batch.schema.names
        ids = batch.column(names.index("sample_id")).to_pylist() if "sample_id" in names else None
        langs = batch.column(names.index("language")).to_pylist() if "language" in names else None
        for col, field in zip(batch.columns, batch.schema, strict=True):
            if field.name in GENERATED or not _is_string(field.type):
                continue
            done = seen.setdefault(field.name, set()) if field.name != "text" else None
            for i, value in enumerate(col.to_pylist()):
                if not value or (done is not None and value in done):
                    continue
                if done is not None and len(done) < MAX_DISTINCT:
                    done.add(value)
                sid = ids[i] if ids else f"row{row + i}"
                yield f"{rel}:{sid}:{field.name}", str(value), langs[i] if langs else None
        row += batch.num_rows


def _is_string(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def labelstudio_items(ws: Workspace) -> Iterator[Item]:
    """Every string value in the `data` of every task of every curator-managed project (read from the server)."""
    try:
        from curator.label.client import client
        from curator.label.tasks import iter_tasks

        sdk = client(ws)  # raises a one-line CuratorError when no server/credentials are known
    except ImportError as exc:
        raise CuratorError(f"labelstudio target unavailable: {exc}") from None
    with connect(ws, read_only=True) as con:
        projects = con.execute("SELECT name, ls_project_id FROM ls_projects ORDER BY name").fetchall()
    for name, project_id in projects:
        for task in iter_tasks(sdk, int(project_id), "id,data"):
            data = task.data or {}
            for key, value in strings(data):
                if key not in GENERATED:
                    yield f"{name}:task{task.id}:{data.get('sample_id')}:{key}", value, None


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, string) for every string inside a JSON value (task data may nest)."""
    if isinstance(value, str):
        if value:
            yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{key}[{i}]")
