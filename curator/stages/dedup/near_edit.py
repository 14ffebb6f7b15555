"""minhash_dup_v3: minhash_dup_v2, and a short pair of middling character similarity must be local edits.

v2 links two texts under `short_chars` when their character 5-gram Jaccard reaches `min_similarity` (0.38). On
changelog items that links different items sharing a phrase ("Update lintian overrides" / "clean out obsolete
lintian overrides", 0.44) as readily as an item and its edited copy. v3 keeps v2's candidates, measures and
clusters, and asks more of a short pair below `edit_sure` (0.6): its words must differ by local edits only
(curator.stages.dedup.edits: a prefix or suffix, a word or two replaced, digits changed, a word added; few regions,
3 words shared). Pairs at ≥ `edit_sure`, and pairs of longer texts (word 5-gram MinHash), are checked as in v2.
Measured on data/eval/dev (docs/curation.md, near-duplicates): the same true pairs caught on every kind, false
pairs among the dev texts of each kind 14 → 6 (prose), 10 → 7 (conversational), 9 → 1 (technical).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from curator.stages.dedup.edits import local_edits
from curator.stages.dedup.near_short import BATCH, NODE_TEXTS, ShortTextMinhashDedup


class EditCheckedMinhashDedup(ShortTextMinhashDedup):
    name = "minhash_dup_v3"

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
        edit_sure: float = 0.6,
        edit_per: int = 4,
        edit_shared: int = 3,
    ) -> None:
        v2 = dict(locals())
        for name in ("self", "__class__", "edit_sure", "edit_per", "edit_shared"):
            v2.pop(name, None)
        super().__init__(**v2)
        if not 0 < edit_sure <= 1.01:
            raise ValueError(f"edit_sure {edit_sure!r}: use a number in (0, 1.01] (above 1: every short pair checked)")
        self.edit_sure, self.edit_per, self.edit_shared = edit_sure, edit_per, edit_shared

    def checked(
        self,
        con: duckdb.DuckDBPyConnection,
        paths: list[str],
        a: np.ndarray,
        b: np.ndarray,
        sim: np.ndarray,
        short: np.ndarray,
    ) -> np.ndarray:
        """v2's thresholds; then the short pairs under `edit_sure` must be local edits of each other."""
        ok = super().checked(con, paths, a, b, sim, short)
        ask = np.flatnonzero(ok & short & (sim < self.edit_sure))
        if len(ask):
            texts = self._texts(con, paths, np.unique(np.concatenate([a[ask], b[ask]])))
            for i in ask:
                ok[i] = local_edits(texts[a[i]], texts[b[i]], self.edit_per, self.edit_shared)
        return ok

    @staticmethod
    def _texts(con: duckdb.DuckDBPyConnection, paths: list[str], need: np.ndarray) -> dict[int, str]:
        """node → text for the nodes in `need` (sorted, distinct)."""
        con.register("need", pa.table({"node": need}))
        out: dict[int, str] = {}
        for batch in con.sql(NODE_TEXTS, params={"paths": paths}).to_arrow_reader(BATCH):
            nodes, texts = batch.column("node").to_pylist(), batch.column("text").to_pylist()
            out.update(zip(nodes, texts, strict=True))
        return out
