"""Export the samples a stage needs from the catalog to Parquet shards (bounded memory: rows stream, unsorted).

What is exported is the stage's own query (`Stage.export_sql`: pending samples, and whatever else its phases
compare them with); rows are not sorted (everything downstream reads the columns it needs).
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

from curator.stages.base import Stage
from curator.stages.pipeline import write_shards


def count_pending(con: duckdb.DuckDBPyConnection, stage: Stage, key: str) -> int:
    """How many samples the stage would decide now."""
    sql = stage.count_sql()
    return int(con.execute(sql, _params(sql, stage, key)).fetchall()[0][0])


def _params(sql: str, stage: Stage, key: str) -> dict[str, str]:
    return {k: v for k, v in {"stage": stage.name, "key": key}.items() if f"${k}" in sql}


def export_pending(
    con: duckdb.DuckDBPyConnection, stage: Stage, key: str, out: Path, rows_per_shard: int, min_shards: int
) -> list[Path]:
    """Write the stage's input shards to out/NNNNN.parquet; returns the shard paths in order."""
    sql = stage.export_sql()
    total = int(con.execute(f"SELECT count(*) FROM ({sql})", _params(sql, stage, key)).fetchall()[0][0])
    n_shards = max(1, min(total, max(min_shards, math.ceil(total / rows_per_shard))))
    per_shard = math.ceil(total / n_shards) if total else 1
    reader = con.sql(sql, params=_params(sql, stage, key)).to_arrow_reader(min(per_shard, 10_000))
    out.mkdir(parents=True, exist_ok=True)
    return write_shards(reader, out, per_shard)
