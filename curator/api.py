"""The Python API for notebooks: `ws = curator.open("./ws")`, then polars DataFrames of what the CLI shows.

Every method is a read: it opens a short read-only connection (never migrates, never takes the writer lock) and
shows what the CLI's default views show, no more:

- `samples()`: the `curator samples` view (curator.catalog.export.samples_sql): only fields of the outbound
  allow-list, `text` only once PII-scrubbed (null before), never `metadata`;
- `explain()`: the same dict as `curator explain --json` (text hidden until scrubbed, metadata by field name);
- `split()`: a registered split version whose manifest and part files match their recorded sha256
  (curator.splits.verify), allow-listed columns only;
- `query()`: one read statement on the guarded connection of `curator query` (curator.catalog.readonly).

See docs/python-api.md.
"""

from __future__ import annotations

import os
import shutil
import uuid
import weakref
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from curator.catalog import connect, queries
from curator.catalog.export import samples_sql
from curator.catalog.queries import sql_path
from curator.errors import CuratorError
from curator.splits import list_splits
from curator.splits.export import allowed_columns, hf_table
from curator.splits.options import PARTS
from curator.splits.verify import verified_split
from curator.workspace import Workspace, make_private, open_workspace, private_files

# samples() returns a LazyFrame (over a Parquet snapshot) instead of a DataFrame above this many rows
LAZY_ROWS = 1_000_000


def _frame(con: Any, sql: str, params: list[object]) -> pl.DataFrame:
    """The rows of sql as a polars DataFrame, column types kept (through Arrow; a fresh cursor, as an earlier
    lookup on this connection may hold an unfinished result)."""
    with con.cursor() as cur:
        return pl.from_arrow(cur.sql(sql, params=params).to_arrow_table())


class CuratorWorkspace:
    """A curator workspace opened for reading from Python. Use `curator.open(home)`; close() (or `with`) removes
    the snapshots that lazy `samples()` frames read."""

    def __init__(self, ws: Workspace) -> None:
        self.workspace = ws
        self._snapshots = ws.tmp_dir / f"api-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._snapshots, True)

    @property
    def home(self) -> Path:
        return self.workspace.home

    def __repr__(self) -> str:
        return f"curator.open({str(self.home)!r})"

    def __enter__(self) -> CuratorWorkspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove this handle's snapshot files (lazy frames read from them stop working)."""
        self._finalizer()

    def samples(
        self,
        status: str | None = None,
        source: str | None = None,
        stage: str | None = None,
        lazy: bool | None = None,
    ) -> pl.DataFrame | pl.LazyFrame:
        """One row per sample, the columns of `curator samples` (text null until PII-scrubbed, no metadata).

        status: active | dropped | all (default active; dropped when `stage` is given). source: only this source.
        stage: only samples dropped by this stage (langid, quality, dedup, pii, review…). lazy: a LazyFrame over a
        Parquet snapshot (True), a DataFrame (False), or a LazyFrame only above LAZY_ROWS rows (None)."""
        status = status or ("dropped" if stage else "active")
        with connect(self.workspace, read_only=True) as con:
            sql, params = samples_sql(con, status, source)
            if stage is not None:
                sql, params = f"SELECT * FROM ({sql}) WHERE dropped_stage = ?", [*params, stage]
            if lazy is None:
                lazy = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0] > LAZY_ROWS
            if not lazy:
                return _frame(con, sql, params)
            return pl.scan_parquet(self._snapshot(con, sql, params))

    def _snapshot(self, con: Any, sql: str, params: list[object]) -> Path:
        """The rows of sql in a private Parquet file under the workspace's tmp/ (removed by close())."""
        with private_files():
            self._snapshots.mkdir(parents=True, exist_ok=True)
            path = self._snapshots / f"samples-{uuid.uuid4().hex[:12]}.parquet"
            con.execute(f"COPY ({sql}) TO {sql_path(path)} (FORMAT parquet, COMPRESSION zstd)", params)
        make_private(self._snapshots, path)
        return path

    def explain(self, sample: str) -> dict[str, Any]:
        """A sample's state and whole history: the dict of `curator explain SAMPLE --json` (same hiding)."""
        with connect(self.workspace, read_only=True) as con:
            return queries.explain(con, sample)

    def status(self) -> dict[str, Any]:
        """The funnel of `curator status --json`: samples per status, drops per stage and reason, sources, runs."""
        with connect(self.workspace, read_only=True) as con:
            return queries.status(con)

    def runs(self, limit: int = 50) -> pl.DataFrame:
        """Recorded runs, newest first (the columns of `curator runs --json`)."""
        with connect(self.workspace, read_only=True) as con:
            return _frame(con, queries.RUNS_SQL, [limit])

    def splits(self, name: str | None = None) -> pl.DataFrame:
        """Split versions, newest first per name (the rows of `curator splits list --json`)."""
        with connect(self.workspace, read_only=True) as con:
            rows = list_splits(con, name)
        return pl.DataFrame(rows, infer_schema_length=None)

    def split(self, ref: str, as_hf: bool = False) -> dict[str, pl.DataFrame] | Any:
        """A registered split version (NAME or NAME@VERSION), checked against its recorded sha256s first.

        Returns {"train": DataFrame, "val": …, "test": …}, or with as_hf=True a datasets.DatasetDict whose label is
        a ClassLabel (as `curator export --format hf` writes). Only the allow-listed columns, never metadata."""
        with connect(self.workspace, read_only=True) as con:
            split = verified_split(con, self.workspace, ref)
        tables = {
            p: pq.read_table(split.path / f"{p}.parquet", columns=allowed_columns(split.path / f"{p}.parquet"))
            for p in PARTS
        }
        if not as_hf:
            return {p: pl.from_arrow(t) for p, t in tables.items()}
        import datasets  # heavy: only when asked for

        labels = split.manifest["counts"]["labels"]
        parts = {}
        for part, table in tables.items():
            table, features = hf_table(table, labels)
            info = datasets.DatasetInfo(features=features, description=f"curator split {split.ref}")
            parts[part] = datasets.Dataset(datasets.table.InMemoryTable(table), info=info, split=datasets.Split(part))
        return datasets.DatasetDict(parts)

    def query(self, sql: str, limit: int | None = None) -> pl.DataFrame:
        """One read statement, through the same guard as `curator query` (a write, COPY, ATTACH… is refused)."""
        with connect(self.workspace, guarded=True) as con:
            res = queries.read_only_query(con, sql, limit)
        twice = sorted({c for c in res["columns"] if res["columns"].count(c) > 1})
        if twice:
            raise CuratorError(f"query: a DataFrame needs distinct column names; name {', '.join(twice)} with AS")
        return pl.DataFrame(res["rows"], schema=res["columns"], orient="row", infer_schema_length=None)


def open(home: str | os.PathLike[str] | None = None) -> CuratorWorkspace:  # noqa: A001  (curator.open)
    """Open a workspace for reading: `home`, else $CURATOR_HOME, else ./.curator (a one-line error if none)."""
    return CuratorWorkspace(open_workspace(home))
