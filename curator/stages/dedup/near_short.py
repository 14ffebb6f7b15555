"""minhash_dup_v2: word 5-gram MinHash for every text (as v1), character MinHash for short texts, every
candidate pair checked with its exact similarity, clusters around keepers.

Candidates (groups.py: every two texts with equal band hashes): v1's word signatures (14 bands of 8 hashes) for
every text, and for texts shorter than `short_chars` characters a signature over runs of `char_grams` characters
(short.py) in `char_bands` bands of `char_rows` hashes — a low band threshold (a pair at character Jaccard 0.38 is
a candidate with p ≈ 0.9996), so a short text with a prefix ("[WIP] …"), a suffix ("… (forwarded)"), a changed
word or number meets its original.
Check: the exact Jaccard similarity of the pair's shingle sets — character k-grams when both texts are short, word
n-grams otherwise — must reach `min_similarity` (characters) or `min_word_similarity` (words); this is what keeps
two different short texts that share a template apart. Clusters: in keeper order (`ord`: kept by an earlier run,
then earliest created_at, then sample_id) a sample with a checked pair to an earlier keeper joins the most
similar one and is dropped; any other sample is a keeper. So every drop is a checked pair with its keeper (its
similarity is recorded: `similarity`, `measure`), each cluster has one keeper, and no two kept samples are a
checked pair (a split cannot put two of them in different parts). Cluster id: "near:" + keeper sample_id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from numba import njit

from curator.stages.dedup.near import CLUSTER_SCHEMA, MinhashDedup
from curator.stages.dedup.short import char_shingles, jaccard

BATCH = 20_000
_INPUT = """inp AS (SELECT sample_id, text, ref, ord, file_row_number AS row, filename
             FROM read_parquet($paths, file_row_number = true, filename = true)),
pos AS (SELECT i.*, f.shard FROM inp i JOIN files f ON f.filename = i.filename)"""
PAIR_TEXTS = f"""WITH {_INPUT}
SELECT p.i, a.text AS a, b.text AS b FROM pairs p
JOIN pos a ON a.shard = p.s1 AND a.row = p.r1 JOIN pos b ON b.shard = p.s2 AND b.row = p.r2"""


class ShortTextMinhashDedup(MinhashDedup):
    name = "minhash_dup_v2"

    def __init__(
        self,
        n_grams: int = 5,
        num_buckets: int = 14,
        hashes_per_bucket: int = 8,
        seed: int = 1,
        tokenizer: str = "fast",
        impl: str = "fast",
        short_chars: int = 500,
        char_grams: int = 5,
        char_bands: int = 50,
        char_rows: int = 2,
        min_similarity: float = 0.38,
        min_word_similarity: float = 0.5,
    ) -> None:
        super().__init__(n_grams, num_buckets, hashes_per_bucket, seed, tokenizer, impl)
        for name, value in (("min_similarity", min_similarity), ("min_word_similarity", min_word_similarity)):
            if not 0 < value <= 1:
                raise ValueError(f"{name} {value!r}: use a number in (0, 1]")
        self.short_chars, self.char_grams, self.min_similarity = short_chars, char_grams, min_similarity
        self.min_word_similarity = min_word_similarity
        self.char_bands, self.char_rows = char_bands, char_rows

    def char_config(self) -> Any:
        from datatrove.pipeline.dedup.minhash import MinhashConfig

        return MinhashConfig(
            n_grams=self.char_grams, num_buckets=self.char_bands, hashes_per_bucket=self.char_rows, seed=self.seed
        )

    def tasks(self, n_shards: int) -> int:
        return 2 * n_shards + self.num_buckets + self.char_bands

    def phases(self, input_dir: Path, work: Path, n_shards: int) -> list[tuple[str, list[Any], int]]:
        """v1's three phases, then the character signatures and their buckets (the candidate pairs)."""
        from curator.stages.dedup.groups import GroupPairBuckets
        from curator.stages.dedup.short import CharMinhashSignature
        from curator.stages.pipeline import ShardReader

        cfg, char = self.char_config(), work / "char"
        reader = ShardReader(str(input_dir), columns=["sample_id", "text"])
        signer = CharMinhashSignature(output_folder=str(char / "sigs"), config=cfg, short_chars=self.short_chars)
        bucketer = GroupPairBuckets(input_folder=str(char / "sigs"), output_folder=str(char / "buckets"), config=cfg)
        word = self.config()
        words = GroupPairBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=word)
        return [
            super().phases(input_dir, work, n_shards)[0],  # v1's word signatures
            ("buckets", [words], word.num_buckets),
            ("char_signatures", [reader, signer], n_shards),
            ("char_buckets", [bucketer], cfg.num_buckets),
        ]

    def clusters(self, input_files: list[Path], work: Path) -> pa.Table:
        """Candidate pairs of both bucket phases, checked with their exact similarity, then clusters around
        keepers: in keeper order (`ord`), a sample with a checked pair to an earlier keeper joins the most similar
        one and is dropped, any other sample is a keeper. Two kept samples are never a checked pair."""
        paths = [str(p) for p in input_files]
        self._signer = self._word_signer(work)
        with duckdb.connect() as con:
            con.register("files", pa.table({"filename": paths, "shard": list(range(len(paths)))}))
            pairs = _pairs([work / "buckets", work / "char" / "buckets"])
            if not len(pairs):
                return CLUSTER_SCHEMA.empty_table()
            pairs, similarity, short = self._checked(con, pairs, paths)
            if not len(pairs):
                return CLUSTER_SCHEMA.empty_table()
            codes = np.concatenate([(pairs[:, 0] << 32) | pairs[:, 1], (pairs[:, 2] << 32) | pairs[:, 3]])
            nodes, inverse = np.unique(codes, return_inverse=True)
            con.register(
                "nodes", pa.table({"shard": nodes >> 32, "row": nodes & 0xFFFFFFFF, "node": np.arange(len(nodes))})
            )
            info = con.sql(NODES_SQL, params={"paths": paths}).to_arrow_table()
            n = len(pairs)
            keeper, best, via_short = assign(inverse[:n], inverse[n:], similarity, short, info)
        return _table(info, keeper, best, via_short, self.char_grams, self.n_grams)

    def _checked(
        self, con: duckdb.DuckDBPyConnection, pairs: np.ndarray, paths: list[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pairs whose similarity reaches its threshold, their similarity and whether it is the character
        measure (both texts shorter than short_chars) or the word one."""
        con.register("pairs", pa.table({"i": np.arange(len(pairs)), **{c: pairs[:, k] for k, c in enumerate(COLS)}}))
        similarity, short = np.zeros(len(pairs)), np.zeros(len(pairs), bool)
        for batch in con.sql(PAIR_TEXTS, params={"paths": paths}).to_arrow_reader(BATCH):
            i, sim, is_short = batch.column("i").to_numpy(), *self._similarity(batch)
            similarity[i], short[i] = sim, is_short
        ok = similarity >= np.where(short, self.min_similarity, self.min_word_similarity)
        return pairs[ok], similarity[ok], short[ok]

    def _similarity(self, batch: pa.RecordBatch) -> tuple[np.ndarray, np.ndarray]:
        """Jaccard of each (a, b) text pair: character k-grams when both are short, else word n-grams."""
        a, b = batch.column("a").to_pylist(), batch.column("b").to_pylist()
        short = np.array([max(len(x), len(y)) < self.short_chars for x, y in zip(a, b, strict=True)], bool)
        sim = np.zeros(len(a))
        for mask, shingle in ((short, self._char), (~short, self._words)):
            idx = np.flatnonzero(mask)
            if len(idx):
                sim[idx] = jaccard([a[i] for i in idx], [b[i] for i in idx], shingle)
        return sim, short

    def _char(self, text: str) -> np.ndarray:
        return char_shingles(text, self.char_grams)

    def _words(self, text: str) -> np.ndarray:
        return self._signer.get_shingles(text)

    def _word_signer(self, work: Path) -> Any:
        """v1's signature step, for its word shingles (datatrove's, or the same values faster)."""
        from datatrove.pipeline.dedup.minhash import MinhashDedupSignature

        from curator.stages.dedup.signature import FastMinhashSignature
        from curator.stages.quality.tokenizer import pick_tokenizer

        signer = FastMinhashSignature if self.impl == "fast" else MinhashDedupSignature
        return signer(output_folder=str(work / "sigs"), config=self.config(), language=pick_tokenizer(self.tokenizer))


COLS = ("s1", "r1", "s2", "r2")
NODES_SQL = f"""WITH {_INPUT}
SELECT n.node, p.sample_id, p.ref, p.ord FROM nodes n JOIN pos p ON p.shard = n.shard AND p.row = n.row
ORDER BY n.node"""


def _pairs(folders: list[Path]) -> np.ndarray:
    """Distinct (shard, row, shard, row) candidate pairs of the buckets phases' `.dups` files."""
    raw = [np.fromfile(f, dtype="<u4").reshape(-1, 4) for d in folders for f in sorted(d.glob("*.dups"))]
    if not raw:
        return np.empty((0, 4), np.int64)
    pairs = np.concatenate(raw).astype(np.int64)
    first = (pairs[:, 0] << 32 | pairs[:, 1]) < (pairs[:, 2] << 32 | pairs[:, 3])
    pairs = np.where(first[:, None], pairs, pairs[:, [2, 3, 0, 1]])
    return np.unique(pairs, axis=0)


def assign(
    a: np.ndarray, b: np.ndarray, similarity: np.ndarray, short: np.ndarray, info: pa.Table
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per node: its keeper node (-1: it is a keeper), its similarity to it and whether that is the character
    measure. Nodes are decided in `ord` order; a node kept by an earlier run (`ref`) stays a keeper."""
    ord_, ref = info["ord"].to_numpy(), info["ref"].to_numpy(zero_copy_only=False)
    lo = np.where(ord_[a] < ord_[b], a, b)
    hi = np.where(ord_[a] < ord_[b], b, a)
    order = np.lexsort((ord_[lo], -similarity, ord_[hi]))
    return _greedy(lo[order], hi[order], similarity[order], short[order], ref, len(ord_))


@njit(cache=True)
def _greedy(lo: np.ndarray, hi: np.ndarray, sim: np.ndarray, short: np.ndarray, ref: np.ndarray, n: int) -> tuple:
    keeper = np.full(n, -1, np.int64)
    best, via_short = np.zeros(n), np.zeros(n, np.bool_)
    for e in range(len(lo)):
        h, low = hi[e], lo[e]
        if keeper[h] == -1 and not ref[h] and keeper[low] == -1:
            keeper[h], best[h], via_short[h] = low, sim[e], short[e]
    return keeper, best, via_short


def _table(info: pa.Table, keeper: np.ndarray, best: np.ndarray, via_short: np.ndarray, k: int, n: int) -> pa.Table:
    """The CLUSTER_SCHEMA rows: every dropped node and the keepers it joined, ordered by ord."""
    ids, ord_, ref = info["sample_id"].to_numpy(zero_copy_only=False), info["ord"].to_numpy(), info["ref"]
    dropped = np.flatnonzero(keeper >= 0)
    keepers = np.unique(keeper[dropped])
    size = np.bincount(keeper[dropped], minlength=len(keeper)) + 1
    rows = np.concatenate([keepers, dropped])
    head = np.concatenate([keepers, keeper[dropped]])
    is_drop = np.r_[np.zeros(len(keepers), bool), np.ones(len(dropped), bool)]
    measure = np.where(via_short[rows], f"char_{k}gram", f"word_{n}gram")
    table = pa.table(
        {
            "sample_id": ids[rows],
            "ref": ref.take(pa.array(rows)),
            "cluster_id": pa.array(np.char.add("near:", ids[head].astype(str))),
            "kind": pa.array(["near"] * len(rows)),
            "is_keeper": ~is_drop,
            "keeper": ids[head],
            "size": size[head],
            "ord": ord_[rows],
            "similarity": pa.array(np.round(best[rows], 4), mask=~is_drop),
            "measure": pa.array(measure, mask=~is_drop),
        }
    )
    return table.sort_by("ord").cast(CLUSTER_SCHEMA)
