"""minhash_dup_v1: near duplicates with datatrove's MinHash (signatures → buckets → clusters).

The engine runs the three datatrove pipelines in a fresh folder per run (docs/stack.md: the cluster stage breaks
on reused folders) with one signature task per exported shard, so datatrove's (file, doc) ids map back to
(shard, row). Words come from the regex tokenizer (tokenizer: fast; "spacy" = datatrove's). `impl: fast`
(default) computes the signatures with FastMinhashSignature (same bytes as datatrove's, faster shingling) and
runs buckets and clusters with buckets.py's numpy versions (the same files as datatrove's); "stock" uses datatrove's.
Keepers are chosen here, not by datatrove's union-find root: the member with the lowest `ord`
(already kept earlier, then earliest created_at, then sample_id). Cluster id: "near:" + keeper sample_id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa


class MinhashDedup:
    name = "minhash_dup_v1"

    def __init__(
        self,
        n_grams: int = 5,
        num_buckets: int = 14,
        hashes_per_bucket: int = 8,
        seed: int = 1,
        tokenizer: str = "fast",
        impl: str = "fast",
    ) -> None:
        if impl not in ("fast", "stock"):
            raise ValueError(f"impl {impl!r}: use fast or stock")
        self.n_grams, self.num_buckets, self.hashes_per_bucket, self.seed = (
            n_grams,
            num_buckets,
            hashes_per_bucket,
            seed,
        )
        self.tokenizer, self.impl = tokenizer, impl

    def warm_up(self) -> None:
        """Load the compiled signature and union-find kernels now (the launcher does this once; forked workers
        share them)."""
        if self.impl == "fast":
            from curator.stages.dedup.buckets import warm_up as load_union_find
            from curator.stages.dedup.signature import warm_up as load_kernels

            load_kernels()
            load_union_find()

    def tasks(self, n_shards: int) -> int:
        """datatrove tasks of the phases over n_shards shards (the run's progress total)."""
        return n_shards + self.num_buckets + 1

    def config(self) -> Any:
        from datatrove.pipeline.dedup.minhash import MinhashConfig

        return MinhashConfig(
            n_grams=self.n_grams, num_buckets=self.num_buckets, hashes_per_bucket=self.hashes_per_bucket, seed=self.seed
        )

    def phases(self, input_dir: Path, work: Path, n_shards: int) -> list[tuple[str, list[Any], int]]:
        """(name, pipeline, tasks) for the three datatrove phases."""
        from datatrove.pipeline.dedup.minhash import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupSignature

        from curator.stages.dedup.buckets import FastMinhashBuckets, FastMinhashCluster
        from curator.stages.dedup.signature import FastMinhashSignature
        from curator.stages.pipeline import ShardReader
        from curator.stages.quality.tokenizer import pick_tokenizer

        cfg = self.config()
        language = pick_tokenizer(self.tokenizer)
        fast = (FastMinhashSignature, FastMinhashBuckets, FastMinhashCluster)
        stock = (MinhashDedupSignature, MinhashDedupBuckets, MinhashDedupCluster)
        signer, bucketer, clusterer = fast if self.impl == "fast" else stock
        reader = ShardReader(str(input_dir), columns=["sample_id", "text"])
        return [
            (
                "signatures",
                [reader, signer(output_folder=str(work / "sigs"), config=cfg, language=language)],
                n_shards,
            ),
            (
                "buckets",
                [bucketer(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=cfg)],
                cfg.num_buckets,
            ),
            (
                "cluster",
                [
                    clusterer(
                        input_folder=str(work / "buckets"),
                        output_folder=str(work / "clusters"),
                        config=cfg,
                        save_cluster_id=True,
                    )
                ],
                1,
            ),
        ]

    def clusters(self, input_files: list[Path], work: Path) -> pa.Table:
        """Members of every near-duplicate cluster, keeper = lowest ord: sample_id, ref, cluster_id, is_keeper…

        datatrove's `<shard>.clusters` files hold (row in shard, cluster id) pairs; DuckDB joins them with the
        shards (`file_row_number`) and picks each cluster's keeper, so memory stays bounded by DuckDB, not by a
        Python object per member (a million-document corpus can have most of its documents in clusters)."""
        members = [self._members(i, work) for i in range(len(input_files))]
        members = [m for m in members if m is not None and m.num_rows]
        if not members:
            return CLUSTER_SCHEMA.empty_table()
        files = pa.table({"filename": [str(p) for p in input_files], "shard": list(range(len(input_files)))})
        with duckdb.connect() as con:
            con.register("members", pa.concat_tables(members))
            con.register("files", files)
            table = con.sql(NEAR_SQL, params={"paths": [str(p) for p in input_files]}).to_arrow_table()
            return table.cast(CLUSTER_SCHEMA)

    @staticmethod
    def _members(shard: int, work: Path) -> pa.Table | None:
        found = work / "clusters" / f"{shard:06d}.clusters"
        if not found.exists():
            return None
        pairs = np.fromfile(found, dtype="<u4").reshape(-1, 2)
        return pa.table(
            {
                "shard": np.full(len(pairs), shard, dtype=np.int64),
                "row": pairs[:, 0].astype(np.int64),
                "cid": pairs[:, 1].astype(np.int64),
            }
        )


NEAR_SQL = """
WITH inp AS (SELECT sample_id, ref, ord, file_row_number AS row, filename
             FROM read_parquet($paths, file_row_number = true, filename = true)),
j AS (SELECT i.sample_id, i.ref, i.ord, m.cid FROM members m JOIN files f ON f.shard = m.shard
      JOIN inp i ON i.filename = f.filename AND i.row = m.row),
k AS (SELECT cid, arg_min(sample_id, ord) AS keeper, count(*) AS size FROM j GROUP BY cid)
SELECT j.sample_id, j.ref, 'near:' || k.keeper AS cluster_id, 'near' AS kind, j.sample_id = k.keeper AS is_keeper,
       k.keeper, k.size, j.ord, NULL::DOUBLE AS similarity, NULL::VARCHAR AS measure
FROM j JOIN k USING (cid) ORDER BY j.ord
"""

CLUSTER_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("ref", pa.bool_()),
        ("cluster_id", pa.string()),
        ("kind", pa.string()),
        ("is_keeper", pa.bool_()),
        ("keeper", pa.string()),
        ("size", pa.int64()),
        ("ord", pa.int64()),
        ("similarity", pa.float64()),  # to the keeper (minhash_dup_v2; NULL for keepers, exact and v1 members)
        ("measure", pa.string()),  # what similarity compares: char_5gram or word_5gram shingle sets
    ]
)
