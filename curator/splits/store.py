"""The write phase of build-split: Parquet per part, manifest, card, catalog rows — all or nothing.

Files are written to a hidden temporary folder and renamed into splits/NAME/VERSION inside the catalog
transaction; a failure leaves neither the folder nor the rows.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.catalog import Run, canonical_json
from curator.catalog.outbound import SPLIT_COLUMNS
from curator.catalog.queries import rows_as_dicts
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.splits import card, lineage, manifest
from curator.splits.options import PARTS
from curator.splits.plan import Plan, part_counts
from curator.workspace import Workspace

# the outbound allow-list: never the record's free-text metadata, text only as scrubbed (candidates are scrubbed)
COLUMNS = SPLIT_COLUMNS


def find(con: duckdb.DuckDBPyConnection, name: str, version: str | None = None) -> dict[str, Any] | None:
    """The splits row of NAME@VERSION, or NAME's latest version when version is None."""
    sql = "SELECT * FROM splits WHERE name = ?" + (" AND version = ?" if version else "")
    rows = rows_as_dicts(
        con.execute(sql + " ORDER BY created_at DESC LIMIT 1", [name, *([version] if version else [])])
    )
    return rows[0] if rows else None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_parts(con: duckdb.DuckDBPyConnection, payload: pa.Table, folder: Path) -> dict[str, dict[str, Any]]:
    """One zstd Parquet file per part, rows in sample_id order. One DuckDB query joins the plan's members with
    the catalog for their text and streams the rows in sample_id order; each batch is split among the parts'
    writers, so the texts are never all in memory. The join also requires the planned text_hash: a text changed
    since the plan fails the build."""
    select = ", ".join("s.text" if c == "text" else f"p.{c}" for c in COLUMNS)
    con.register("_split_payload", payload)
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        reader = con.sql(
            f"SELECT {select}, p.part FROM _split_payload p JOIN samples s "
            "ON s.sample_id = p.sample_id AND s.text_hash = p.text_hash ORDER BY p.sample_id"
        ).to_arrow_reader(50_000)
        schema = pa.schema([f for f in reader.schema if f.name != "part"])
        writers = {name: pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd") for name in PARTS}
        for batch in reader:
            parts = batch.column(len(COLUMNS))
            for name, writer in writers.items():
                rows = batch.filter(pc.equal(parts, name))
                if rows.num_rows:
                    writer.write_batch(pa.RecordBatch.from_arrays(rows.columns[: len(COLUMNS)], schema=schema))
    finally:
        for writer in writers.values():
            writer.close()
        con.unregister("_split_payload")
    return {path.name: _file_entry(path, payload, path.stem) for path in (folder / f"{n}.parquet" for n in PARTS)}


def _file_entry(path: Path, payload: pa.Table, name: str) -> dict[str, Any]:
    rows = pq.ParquetFile(path).metadata.num_rows
    expected = int(pc.sum(pc.equal(payload.column("part"), name)).as_py() or 0)
    if rows != expected:
        raise CuratorError(
            f"{name}: {expected - rows} planned samples changed in the catalog during the build; run build-split again"
        )
    return {"sha256": sha256_file(path), "rows": rows}


def save(con: duckdb.DuckDBPyConnection, ws: Workspace, plan: Plan, run: Run, parent: str | None) -> dict[str, Any]:
    """Write the version's files and rows (the caller holds the transaction); returns the manifest."""
    name, version = plan.opts.name, plan.version
    final = ws.splits_dir / name / version
    tmp = ws.splits_dir / name / f".tmp-{version}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    con.register(lineage.MEMBERS, plan.members)
    try:
        files = _write_parts(con, plan.payload, tmp)
        man = manifest.build(con, plan, run, parent, files)
        manifest.validate(man)
        (tmp / "manifest.json").write_text(manifest.dumps(man), encoding="utf-8")
        (tmp / "README.md").write_text(card.render(man), encoding="utf-8")
        _insert_rows(con, ws, plan, run, parent, man)
        if final.exists():  # left by a build that crashed before its catalog rows were committed
            shutil.rmtree(final)
        fault_point("split.before_rename")
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        con.unregister(lineage.MEMBERS)
    return man


def _insert_rows(
    con: duckdb.DuckDBPyConnection, ws: Workspace, plan: Plan, run: Run, parent: str | None, man: dict[str, Any]
) -> None:
    name, version = plan.opts.name, plan.version
    con.execute(
        f"INSERT INTO split_members SELECT ?, ?, sample_id, part, label FROM {lineage.MEMBERS}", [name, version]
    )
    counts = part_counts(plan.members)
    n_excl = sum(e["samples"] for e in plan.candidates["excluded"])
    con.execute(
        "INSERT INTO splits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            name,
            version,
            parent,
            run.started_at,
            run.run_id,
            plan.opts.mode,
            plan.opts.label_source,
            plan.opts.seed,
            canonical_json(plan.opts.to_dict()),
            canonical_json(counts),
            plan.members.num_rows,
            n_excl,
            canonical_json(plan.leakage),
            f"splits/{name}/{version}",
            hashlib.sha256(manifest.dumps(man).encode()).hexdigest(),
        ],
    )
