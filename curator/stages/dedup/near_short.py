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

from curator.stages.dedup import kernels
from curator.stages.dedup.groups import estimated_jaccard
from curator.stages.dedup.near import CLUSTER_SCHEMA, MinhashDedup
from curator.stages.dedup.short import char_shingles

BATCH = 20_000
_INPUT = """inp AS (SELECT sample_id, text, ref, ord, file_row_number AS row, filename
             FROM read_parquet($paths, file_row_number = true, filename = true)),
pos AS (SELECT i.*, f.shard FROM inp i JOIN files f ON f.filename = i.filename)"""


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
        if impl != "fast":
            raise ValueError(f"impl {impl!r}: minhash_dup_v2 needs fast (its signature phase keeps whole signatures)")
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
        from curator.stages.dedup.groups import GroupPairBuckets

        return 2 * n_shards + GroupPairBuckets.tasks(self.num_buckets) + GroupPairBuckets.tasks(self.char_bands)

    def phases(self, input_dir: Path, work: Path, n_shards: int) -> list[tuple[str, list[Any], int]]:
        """Word signatures (whole signatures kept, groups.SavedSignature) and their buckets, then the character
        signatures and theirs: the candidate pairs."""
        from curator.stages.dedup.groups import GroupPairBuckets, SavedSignature
        from curator.stages.dedup.short import CharMinhashSignature
        from curator.stages.pipeline import ShardReader
        from curator.stages.quality.tokenizer import pick_tokenizer

        cfg, char = self.char_config(), work / "char"
        reader, words_reader = (ShardReader(str(input_dir), columns=["sample_id", "text"]) for _ in range(2))
        signer = CharMinhashSignature(output_folder=str(char / "sigs"), config=cfg, short_chars=self.short_chars)
        bucketer = GroupPairBuckets(input_folder=str(char / "sigs"), output_folder=str(char / "buckets"), config=cfg)
        word, words_in = self.config(), pick_tokenizer(self.tokenizer)
        words = GroupPairBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=word)
        return [
            (
                "signatures",
                [words_reader, SavedSignature(output_folder=str(work / "sigs"), config=word, language=words_in)],
                n_shards,
            ),
            ("buckets", [words], GroupPairBuckets.tasks(word.num_buckets)),
            ("char_signatures", [reader, signer], n_shards),
            ("char_buckets", [bucketer], GroupPairBuckets.tasks(cfg.num_buckets)),
        ]

    def clusters(self, input_files: list[Path], work: Path) -> pa.Table:
        """Candidate pairs of both bucket phases, checked with their similarity, then clusters around keepers:
        in keeper order (`ord`), a sample with a checked pair to an earlier keeper joins the most similar one and
        is dropped, any other sample is a keeper. Two kept samples are never a checked pair."""
        paths = [str(p) for p in input_files]
        pairs = _pairs([work / "buckets", work / "char" / "buckets"])
        if not len(pairs):
            return CLUSTER_SCHEMA.empty_table()
        codes = np.concatenate([(pairs[:, 0] << 32) | pairs[:, 1], (pairs[:, 2] << 32) | pairs[:, 3]])
        nodes, inverse = np.unique(codes, return_inverse=True)
        a, b = inverse[: len(pairs)].astype(np.int64), inverse[len(pairs) :].astype(np.int64)
        with duckdb.connect() as con:
            con.register("files", pa.table({"filename": paths, "shard": list(range(len(paths)))}))
            con.register(
                "nodes", pa.table({"shard": nodes >> 32, "row": nodes & 0xFFFFFFFF, "node": np.arange(len(nodes))})
            )
            info = con.sql(NODES_SQL, params={"paths": paths}).to_arrow_table()
            short = np.maximum(info["n_chars"].to_numpy()[a], info["n_chars"].to_numpy()[b]) < self.short_chars
            similarity = np.zeros(len(pairs))
            similarity[~short] = estimated_jaccard(work / "sigs" / "full", pairs[~short])
            similarity[short] = self._char_similarity(con, paths, a[short], b[short])
            ok = self.checked(con, paths, a, b, similarity, short)
        keeper, best, via_short = assign(a[ok], b[ok], similarity[ok], short[ok], info)
        return _table(info, keeper, best, via_short, self.char_grams, self.n_grams)

    def checked(
        self,
        con: duckdb.DuckDBPyConnection,
        paths: list[str],
        a: np.ndarray,
        b: np.ndarray,
        sim: np.ndarray,
        short: np.ndarray,
    ) -> np.ndarray:
        """Which candidate pairs (nodes a[i], b[i]) are near duplicates: their similarity reaches the threshold of
        its measure (a subclass may look at the texts too: minhash_dup_v3)."""
        return sim >= np.where(short, self.min_similarity, self.min_word_similarity)

    def _char_similarity(
        self, con: duckdb.DuckDBPyConnection, paths: list[str], a: np.ndarray, b: np.ndarray
    ) -> np.ndarray:
        """Exact Jaccard of the character k-gram sets of node pairs (a[i], b[i]); each text shingled once."""
        need = np.unique(np.concatenate([a, b]))
        con.register("need", pa.table({"node": need}))
        parts = []
        for batch in con.sql(NODE_TEXTS, params={"paths": paths}).to_arrow_reader(BATCH):
            parts += [np.unique(char_shingles(t, self.char_grams)) for t in batch.column("text").to_pylist()]
        offsets = np.r_[0, np.cumsum([len(p) for p in parts])].astype(np.int64)
        values = np.concatenate(parts) if parts else np.empty(0, np.uint64)
        return kernels.pair_jaccard(values, offsets, np.searchsorted(need, a), np.searchsorted(need, b))


COLS = ("s1", "r1", "s2", "r2")
NODES_SQL = f"""WITH {_INPUT}
SELECT n.node, p.sample_id, p.ref, p.ord, length(p.text) AS n_chars FROM nodes n
JOIN pos p ON p.shard = n.shard AND p.row = n.row ORDER BY n.node"""
NODE_TEXTS = f"""WITH {_INPUT}
SELECT n.node, p.text FROM need JOIN nodes n USING (node) JOIN pos p ON p.shard = n.shard AND p.row = n.row
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
    measure = np.where(via_short[rows], f"char_{k}gram", f"word_{n}gram_minhash")
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
