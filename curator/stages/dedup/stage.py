"""The dedup stage: exact groups (DuckDB) before MinHash (datatrove), then one decision per pending sample.

Flow (all inside the run folder, each file written once, so a resumed run picks up where it stopped):
input/ (every active sample, `ord` = keeper priority) → exact.parquet (exact groups, DuckDB) →
near_input/ (input minus exact non-keepers) → datatrove MinHash phases → near.parquet →
results/00000.parquet (one decision per pending sample) + results_clusters/00000.parquet (cluster members).
The export also holds the samples an earlier dedup run kept (`ref = true`), so new samples are compared against
them; earlier keepers stay keepers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from curator.catalog.sql import execute_named
from curator.stages.base import DECIDED, DocumentStage, Phase
from curator.stages.dedup.exact import ExactDedup
from curator.stages.dedup.near import CLUSTER_SCHEMA, MinhashDedup
from curator.stages.pipeline import write_shards
from curator.stages.registry import build

# keeper priority `ord` is numbered on narrow rows and joined to the texts, which stream unsorted: a window
# or ORDER BY over the texts themselves held every text in memory (4.7 GB at 1M x 1 KB)
EXPORT_SQL = f"""WITH o AS (SELECT s.sample_id, {DECIDED} AS ref,
                               row_number() OVER (ORDER BY {DECIDED} DESC, s.created_at NULLS LAST, s.sample_id) AS ord
                             FROM samples s WHERE s.status = 'active')
                 SELECT s.sample_id, __TEXT__ AS text, s.text_hash, s.created_at, o.ref, o.ord
                 FROM samples s JOIN o USING (sample_id) LEFT JOIN raw_texts r USING (sample_id)"""
CLUSTERS = """
CREATE OR REPLACE TEMP TABLE cl AS
SELECT c.* FROM read_parquet($clusters) c WHERE c.ref OR c.sample_id IN (SELECT sample_id FROM res);
INSERT INTO dup_clusters SELECT cluster_id, sample_id, kind, is_keeper, $run_id FROM cl ORDER BY ord
    ON CONFLICT DO NOTHING;
UPDATE samples SET dup_cluster = x.cluster_id
FROM (SELECT sample_id, max_by(cluster_id, kind) AS cluster_id FROM cl GROUP BY 1) x
WHERE samples.sample_id = x.sample_id
"""


class DedupStage(DocumentStage):
    """Not a per-document pipeline: its phases are MinHash's (signatures → buckets → cluster)."""

    name = "dedup"
    scratch = ("input", "near_input", "minhash")
    rejudges = False  # a cluster is decided as a whole; a changed key judges the active samples only
    # before PII in every recipe: a later run (a changed key) compares the texts as they were, not their
    # placeholders ("<PERSON> fonts" is no duplicate of "<PERSON> fonts"); text_hash is the ingested text's already
    judges_raw = True

    def export_sql(self) -> str:
        return EXPORT_SQL.replace("__TEXT__", self.text_sql())

    def count_sql(self) -> str:
        return f"SELECT count(*) FROM samples s WHERE s.status = 'active' AND {self.pending()}"

    def prepare(self, run_dir: Path, steps: list[dict[str, Any]], shards: list[Path]) -> dict[str, Any]:
        near_shards = prepare(run_dir, steps, _rows_per(shards))
        near = _step(steps, MinhashDedup)
        tasks = near[1].tasks(near_shards) if near and near_shards else 0
        return {"near_shards": near_shards, "tasks": tasks}

    def phases(self, plan: dict[str, Any], run_dir: Path) -> list[Phase]:
        near = _step(plan["steps"], MinhashDedup)
        if near is None or plan["near_shards"] == 0:
            return []
        return near[1].phases(run_dir / "near_input", run_dir / "minhash", plan["near_shards"])

    def finish(self, run_dir: Path, plan: dict[str, Any]) -> None:
        finish(run_dir, plan["steps"], plan["near_shards"])

    def import_rows(self, con: duckdb.DuckDBPyConnection, run_dir: Path, params: dict[str, Any]) -> None:
        if (run_dir / "results_clusters").is_dir():
            for sql in CLUSTERS.split(";"):
                execute_named(con, sql, {**params, "clusters": str(run_dir / "results_clusters" / "*.parquet")})


def _step(steps: list[dict[str, Any]], kind: type) -> tuple[str, Any] | None:
    """(registered name, instance) of the recipe's step of this class, if it has one."""
    built = ((s["name"], build(s["name"], s["params"])) for s in steps)
    return next(((name, step) for name, step in built if isinstance(step, kind)), None)


def _rows_per(shards: list[Path]) -> int:
    return max(1, pq.ParquetFile(shards[0]).metadata.num_rows) if shards else 1


def prepare(run_dir: Path, steps: list[dict[str, Any]], per_shard: int) -> int:
    """Exact groups and the near-dedup input shards; returns the number of near shards (0: skip MinHash)."""
    glob = str(run_dir / "input" / "*.parquet")
    exact = _step(steps, ExactDedup)
    table = exact[1].clusters(glob) if exact else CLUSTER_SCHEMA.empty_table()
    pq.write_table(table.cast(CLUSTER_SCHEMA), run_dir / "exact.parquet")
    if _step(steps, MinhashDedup) is None:
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
near_drop AS (SELECT sample_id, keeper, similarity, measure FROM cl WHERE kind = 'near' AND NOT is_keeper),
kept_in AS (SELECT sample_id, string_agg(cluster_id || ' (' || size || ')', ', ' ORDER BY kind) AS clusters
            FROM cl WHERE is_keeper GROUP BY 1)
SELECT i.sample_id,
       CASE WHEN e.sample_id IS NOT NULL OR n.sample_id IS NOT NULL THEN 'drop' ELSE 'keep' END AS decision,
       CASE WHEN e.sample_id IS NOT NULL THEN $exact_name WHEN n.sample_id IS NOT NULL THEN $near_name
            ELSE $all_names END AS step,
       CASE WHEN e.sample_id IS NOT NULL THEN $exact_name || ': duplicate of ' || e.keeper
            WHEN n.sample_id IS NOT NULL THEN $near_name || ': near duplicate of ' || n.keeper
                 || coalesce(' (similarity ' || printf('%.2f', n.similarity) || ')', '')
            WHEN k.sample_id IS NOT NULL THEN 'keeper of ' || k.clusters
            ELSE 'no duplicate' END AS reason,
       n.similarity AS score,
       CASE WHEN n.similarity IS NULL THEN json_object('keeper', coalesce(e.keeper, n.keeper))
            ELSE json_object('keeper', n.keeper, 'similarity', n.similarity, 'measure', n.measure) END::VARCHAR
           AS details,
       NULL::VARCHAR AS language, NULL::DOUBLE AS language_score, NULL::VARCHAR AS new_text
FROM inp i LEFT JOIN exact_drop e USING (sample_id) LEFT JOIN near_drop n USING (sample_id)
LEFT JOIN kept_in k USING (sample_id)
WHERE NOT i.ref ORDER BY i.ord
"""


def finish(run_dir: Path, steps: list[dict[str, Any]], near_shards: int) -> None:
    """Read MinHash clusters, then write the stage's results and cluster members."""
    exact, near = _step(steps, ExactDedup), _step(steps, MinhashDedup)
    if near is not None and near_shards:
        files = sorted((run_dir / "near_input").glob("*.parquet"))
        table = near[1].clusters(files, run_dir / "minhash")
    else:
        table = CLUSTER_SCHEMA.empty_table()
    pq.write_table(table, run_dir / "near.parquet")
    params = {
        "input": str(run_dir / "input" / "*.parquet"),
        "exact": str(run_dir / "exact.parquet"),
        "near": str(run_dir / "near.parquet"),
        "exact_name": exact[0] if exact else "exact_dup",
        "near_name": near[0] if near else "minhash_dup",
        "all_names": "+".join(s["name"] for s in steps),
    }
    with duckdb.connect() as con:
        results = con.sql(FINISH_SQL, params=params).to_arrow_table()
        clusters = con.sql(
            "SELECT * FROM read_parquet($exact) UNION ALL BY NAME SELECT * FROM read_parquet($near) ORDER BY ord",
            params={"exact": params["exact"], "near": params["near"]},
        ).to_arrow_table()
    pq.write_table(results, _mkdir(run_dir / "results") / "00000.parquet")
    pq.write_table(clusters, _mkdir(run_dir / "results_clusters") / "00000.parquet")
