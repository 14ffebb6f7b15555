"""minhash_dup_v1: near duplicates with datatrove's MinHash (signatures → buckets → clusters).

The engine runs the three datatrove pipelines in a fresh folder per run (STACK.md: the cluster stage breaks
on reused folders) with one signature task per exported shard, so datatrove's (file, doc) ids map back to
(shard, row). Words come from the regex tokenizer (tokenizer: fast; "spacy" = datatrove's). `impl: fast`
(default) computes the signatures with FastMinhashSignature (same bytes as datatrove's, faster shingling);
"stock" uses datatrove's.
Keepers are chosen here, not by datatrove's union-find root: the member with the lowest `ord`
(already kept earlier, then earliest created_at, then sample_id). Cluster id: "near:" + keeper sample_id.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


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

    def config(self) -> Any:
        from datatrove.pipeline.dedup.minhash import MinhashConfig

        return MinhashConfig(n_grams=self.n_grams, num_buckets=self.num_buckets,
                             hashes_per_bucket=self.hashes_per_bucket, seed=self.seed)  # fmt: skip

    def phases(self, input_dir: Path, work: Path, n_shards: int) -> list[tuple[str, list[Any], int]]:
        """(name, pipeline, tasks) for the three datatrove phases."""
        from datatrove.pipeline.dedup.minhash import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupSignature

        from curator.engine.reader import ShardReader
        from curator.stages.dedup.signature import FastMinhashSignature
        from curator.stages.quality.tokenizer import pick_tokenizer

        cfg = self.config()
        language = pick_tokenizer(self.tokenizer)
        signer = FastMinhashSignature if self.impl == "fast" else MinhashDedupSignature
        reader = ShardReader(str(input_dir), columns=["sample_id", "text"])
        return [
            (
                "signatures",
                [reader, signer(output_folder=str(work / "sigs"), config=cfg, language=language)],
                n_shards,
            ),
            (
                "buckets",
                [MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=cfg)],
                cfg.num_buckets,
            ),  # fmt: skip
            (
                "cluster",
                [
                    MinhashDedupCluster(
                        input_folder=str(work / "buckets"),
                        output_folder=str(work / "clusters"),
                        config=cfg,
                        save_cluster_id=True,
                    )
                ],
                1,
            ),  # fmt: skip
        ]

    def clusters(self, input_files: list[Path], work: Path) -> pa.Table:
        """Members of every near-duplicate cluster, keeper = lowest ord: sample_id, ref, cluster_id, is_keeper…"""
        groups: dict[int, list[dict[str, Any]]] = {}
        for file_idx, path in enumerate(input_files):
            found = work / "clusters" / f"{file_idx:06d}.clusters"
            if not found.exists():
                continue
            raw = found.read_bytes()
            pairs = struct.unpack(f"<{len(raw) // 4}I", raw)
            shard = pq.read_table(path, columns=["sample_id", "ref", "ord"]).to_pylist()
            for doc, cid in zip(pairs[0::2], pairs[1::2], strict=True):
                groups.setdefault(cid, []).append(shard[doc])
        rows = []
        for members in groups.values():
            members.sort(key=lambda m: m["ord"])
            keeper = members[0]["sample_id"]
            for m in members:
                rows.append({"sample_id": m["sample_id"], "ref": m["ref"], "cluster_id": f"near:{keeper}",
                             "kind": "near", "is_keeper": m["sample_id"] == keeper, "keeper": keeper,
                             "size": len(members), "ord": m["ord"]})  # fmt: skip
        rows.sort(key=lambda r: r["ord"])
        return pa.Table.from_pylist(rows, schema=CLUSTER_SCHEMA)

    def reason(self, keeper: str) -> str:
        return f"{self.name}: near duplicate of {keeper}"


CLUSTER_SCHEMA = pa.schema([
    ("sample_id", pa.string()), ("ref", pa.bool_()), ("cluster_id", pa.string()), ("kind", pa.string()),
    ("is_keeper", pa.bool_()), ("keeper", pa.string()), ("size", pa.int64()), ("ord", pa.int64()),
])  # fmt: skip
