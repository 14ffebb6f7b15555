"""Export the samples a stage needs from the catalog to Parquet shards (bounded memory: rows stream, unsorted).

Pending = active samples without a decision from this stage carrying the stage's current key (for PII:
active samples not scrubbed yet; their text is the original: the `raw_texts` row when there is one, else
`samples.text`, which is the raw text until the PII stage changes it). The dedup stage also exports the
samples it already kept (`ref = true`) so that new samples are compared against them; each row carries its
keeper priority (`ord`), and the rows are not sorted by it (everything downstream reads the column).
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

DECIDED = ("EXISTS (SELECT 1 FROM decisions d WHERE d.sample_id = s.sample_id AND d.stage = $stage "
           "AND json_extract_string(d.details, '$.key') = $key)")  # fmt: skip

SQL = {
    # a sample whose status a curator set in review is not re-judged when a stage's configuration changes
    "text": f"""SELECT s.sample_id, s.text, s.language, s.created_at FROM samples s
                WHERE s.status = 'active' AND coalesce(s.status_stage, '') <> 'review' AND NOT {DECIDED}""",
    # keeper priority `ord` is numbered on narrow rows and joined to the texts, which stream unsorted: a window
    # or ORDER BY over the texts themselves held every text in memory (4.7 GB at 1M x 1 KB)
    "dedup": f"""WITH o AS (SELECT s.sample_id, {DECIDED} AS ref,
                               row_number() OVER (ORDER BY {DECIDED} DESC, s.created_at NULLS LAST, s.sample_id) AS ord
                             FROM samples s WHERE s.status = 'active')
                 SELECT s.sample_id, s.text, s.text_hash, s.created_at, o.ref, o.ord
                 FROM samples s JOIN o USING (sample_id)""",
    "pii": """SELECT s.sample_id, coalesce(r.text, s.text) AS text, s.language FROM samples s
              LEFT JOIN raw_texts r USING (sample_id) WHERE s.status = 'active' AND NOT s.pii_scrubbed""",
}


def pending_sql(stage: str) -> str:
    return SQL.get(stage, SQL["text"])


def count_pending(con: duckdb.DuckDBPyConnection, stage: str, key: str) -> int:
    if stage == "dedup":
        sql = f"SELECT count(*) FROM samples s WHERE s.status = 'active' AND NOT {DECIDED}"
    else:
        sql = f"SELECT count(*) FROM ({pending_sql(stage)})"
    return int(con.execute(sql, _params(sql, stage, key)).fetchall()[0][0])


def _params(sql: str, stage: str, key: str) -> dict[str, str]:
    return {k: v for k, v in {"stage": stage, "key": key}.items() if f"${k}" in sql}


def export_pending(
    con: duckdb.DuckDBPyConnection, stage: str, key: str, out: Path, rows_per_shard: int, min_shards: int
) -> list[Path]:
    """Write the stage's input shards to out/NNNNN.parquet; returns the shard paths in order."""
    sql = pending_sql(stage)
    total = int(con.execute(f"SELECT count(*) FROM ({sql})", _params(sql, stage, key)).fetchall()[0][0])
    n_shards = max(1, min(total, max(min_shards, math.ceil(total / rows_per_shard))))
    per_shard = math.ceil(total / n_shards) if total else 1
    reader = con.sql(sql, params=_params(sql, stage, key)).to_arrow_reader(min(per_shard, 10_000))
    out.mkdir(parents=True, exist_ok=True)
    return write_shards(reader, out, per_shard)


def write_shards(batches: pa.RecordBatchReader, out: Path, per_shard: int) -> list[Path]:
    """Re-chunk a stream of record batches into shards of `per_shard` rows, each written atomically."""
    paths: list[Path] = []
    pending: list[pa.RecordBatch] = []
    size = 0

    def flush() -> None:
        nonlocal pending, size
        path = out / f"{len(paths):05d}.parquet"
        pq.write_table(pa.Table.from_batches(pending, schema=batches.schema), f"{path}.tmp")
        Path(f"{path}.tmp").replace(path)
        paths.append(path)
        pending, size = [], 0

    for batch in batches:
        while batch.num_rows:
            take = min(per_shard - size, batch.num_rows)
            pending.append(batch.slice(0, take))
            size += take
            batch = batch.slice(take)
            if size == per_shard:
                flush()
    if size:
        flush()
    return paths
