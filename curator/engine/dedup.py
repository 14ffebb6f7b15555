"""The dedup stage around datatrove: exact groups before MinHash, and the per-sample results after it.

Flow (all inside the run folder, each file written once, so a resumed run picks up where it stopped):
input/ (every active sample, `ord` = keeper priority) → exact.parquet (exact groups, DuckDB) →
near_input/ (input minus exact non-keepers) → datatrove MinHash phases → near.parquet →
results/00000.parquet (one decision per pending sample) + results_clusters/00000.parquet (cluster members).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from curator.engine.export import write_shards
from curator.stages.dedup.near import CLUSTER_SCHEMA
from curator.stages.registry import build


def _step(steps: list[dict[str, Any]], prefix: str) -> Any:
    spec = next((s for s in steps if s["name"].startswith(prefix)), None)
    return build(spec["name"], spec["params"]) if spec else None


def prepare(run_dir: Path, steps: list[dict[str, Any]], per_shard: int) -> int:
    """Exact groups and the near-dedup input shards; returns the number of near shards (0: skip MinHash)."""
    glob = str(run_dir / "input" / "*.parquet")
    exact = _step(steps, "exact")
    table = exact.clusters(glob) if exact else CLUSTER_SCHEMA.empty_table()
    pq.write_table(table.cast(CLUSTER_SCHEMA), run_dir / "exact.parquet")
    if _step(steps, "minhash") is None:
        return 0
    with duckdb.connect() as con:
        n = con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0]
        if n < 2:
            return 0
        reader = con.sql(
            f"SELECT * FROM read_parquet('{glob}') WHERE sample_id NOT IN "
            f"(SELECT sample_id FROM read_parquet('{run_dir / 'exact.parquet'}') WHERE NOT is_keeper)"
        ).to_arrow_reader(10_000)
        return len(write_shards(reader, _mkdir(run_dir / "near_input"), per_shard))


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


FINISH_SQL = """
WITH inp AS (SELECT sample_id, ref, ord FROM read_parquet($input)),
cl AS (SELECT * FROM read_parquet($exact) UNION ALL BY NAME SELECT * FROM read_parquet($near)),
exact_drop AS (SELECT sample_id, keeper FROM cl WHERE kind = 'exact' AND NOT is_keeper),
near_drop AS (SELECT sample_id, keeper FROM cl WHERE kind = 'near' AND NOT is_keeper),
kept_in AS (SELECT sample_id, string_agg(cluster_id || ' (' || size || ')', ', ' ORDER BY kind) AS clusters
            FROM cl WHERE is_keeper GROUP BY 1)
SELECT i.sample_id,
       CASE WHEN e.sample_id IS NOT NULL OR n.sample_id IS NOT NULL THEN 'drop' ELSE 'keep' END AS decision,
       CASE WHEN e.sample_id IS NOT NULL THEN $exact_name WHEN n.sample_id IS NOT NULL THEN $near_name
            ELSE $all_names END AS step,
       CASE WHEN e.sample_id IS NOT NULL THEN $exact_name || ': duplicate of ' || e.keeper
            WHEN n.sample_id IS NOT NULL THEN $near_name || ': near duplicate of ' || n.keeper
            WHEN k.sample_id IS NOT NULL THEN 'keeper of ' || k.clusters
            ELSE 'no duplicate' END AS reason,
       NULL::DOUBLE AS score,
       json_object('keeper', coalesce(e.keeper, n.keeper))::VARCHAR AS details,
       NULL::VARCHAR AS language, NULL::DOUBLE AS language_score, NULL::VARCHAR AS new_text
FROM inp i LEFT JOIN exact_drop e USING (sample_id) LEFT JOIN near_drop n USING (sample_id)
LEFT JOIN kept_in k USING (sample_id)
WHERE NOT i.ref ORDER BY i.ord
"""


def finish(run_dir: Path, steps: list[dict[str, Any]], near_shards: int) -> None:
    """Read MinHash clusters, then write the stage's results and cluster members."""
    near = _step(steps, "minhash")
    if near is not None and near_shards:
        files = sorted((run_dir / "near_input").glob("*.parquet"))
        table = near.clusters(files, run_dir / "minhash")
    else:
        table = CLUSTER_SCHEMA.empty_table()
    pq.write_table(table, run_dir / "near.parquet")
    names = {s["name"].split("_")[0]: s["name"] for s in steps}
    params = {
        "input": str(run_dir / "input" / "*.parquet"), "exact": str(run_dir / "exact.parquet"),
        "near": str(run_dir / "near.parquet"), "exact_name": names.get("exact", "exact_dup"),
        "near_name": names.get("minhash", "minhash_dup"), "all_names": "+".join(s["name"] for s in steps),
    }  # fmt: skip
    with duckdb.connect() as con:
        results = con.sql(FINISH_SQL, params=params).to_arrow_table()
        clusters = con.sql(
            "SELECT * FROM read_parquet($exact) UNION ALL BY NAME SELECT * FROM read_parquet($near) ORDER BY ord",
            params={"exact": params["exact"], "near": params["near"]},
        ).to_arrow_table()
    pq.write_table(results, _mkdir(run_dir / "results") / "00000.parquet")
    pq.write_table(clusters, _mkdir(run_dir / "results_clusters") / "00000.parquet")
