"""exact_dup_v1: exact duplicates on text_hash, computed by DuckDB over the exported shards.

The export orders rows by keeper priority (`ord`: samples already kept by an earlier dedup run first, then
earliest created_at, then sample_id), so the keeper of a group is its lowest `ord`. Cluster ids are
deterministic: "exact:" + the first 16 hex digits of the text hash.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

MEMBERS_SQL = """
WITH g AS (
    SELECT sample_id, text_hash, ref, ord,
           count(*) OVER (PARTITION BY text_hash) AS n,
           first_value(sample_id) OVER (PARTITION BY text_hash ORDER BY ord) AS keeper
    FROM read_parquet($glob)
)
SELECT sample_id, ref, 'exact:' || left(text_hash, 16) AS cluster_id, 'exact' AS kind,
       sample_id = keeper AS is_keeper, keeper, n AS size, ord,
       NULL::DOUBLE AS similarity, NULL::VARCHAR AS measure
FROM g WHERE n > 1 ORDER BY ord
"""


class ExactDedup:
    """Not a per-document filter: the dedup stage (stage.py) calls `clusters` on its exported shards; the
    stage's FINISH_SQL writes the reasons ("exact_dup_v1: duplicate of <keeper>")."""

    name = "exact_dup_v1"

    def __init__(self) -> None:
        pass

    def clusters(self, glob: str) -> pa.Table:
        """Members of every group of ≥ 2 identical texts: sample_id, ref, cluster_id, kind, is_keeper, keeper."""
        with duckdb.connect() as con:
            return con.sql(MEMBERS_SQL, params={"glob": glob}).to_arrow_table()
