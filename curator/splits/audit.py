"""The leakage audit: exact duplicates (same text_hash) and near-duplicate links that cross parts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from curator.splits import minhash
from curator.splits.options import PARTS

CHUNK = 50_000


def iter_texts(con: duckdb.DuckDBPyConnection, sample_ids: pa.Array) -> Iterator[pa.Array]:
    """The texts of `sample_ids`, in that order, in chunks."""
    ids = pa.table({"sample_id": sample_ids, "pos": pa.array(np.arange(len(sample_ids)))})
    con.register("_split_audit_ids", ids)
    try:
        sql = "SELECT s.text FROM _split_audit_ids i JOIN samples s ON s.sample_id = i.sample_id ORDER BY i.pos"
        reader = con.sql(sql).to_arrow_reader(CHUNK)
        for batch in reader:
            yield batch.column(0)
    finally:
        con.unregister("_split_audit_ids")


def near_links(con: duckdb.DuckDBPyConnection, sample_ids: pa.Array, threshold: float) -> tuple[np.ndarray, ...]:
    """Near-duplicate pairs (index a, index b) among the candidates, by banded MinHash."""
    sigs = [minhash.signatures(minhash.normalize(chunk)) for chunk in iter_texts(con, sample_ids)]
    if not sigs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return minhash.links(np.concatenate(sigs), threshold)


def exact_cross_pairs(hash_code: np.ndarray, parts: np.ndarray) -> int:
    """Pairs of samples with the same text_hash in different parts: per hash, (n² - Σ n_part²) / 2."""
    if not len(hash_code):
        return 0
    n_h = int(hash_code.max()) + 1
    per = np.zeros((n_h, len(PARTS)), dtype=np.int64)
    np.add.at(per, (hash_code.astype(np.int64), parts.astype(np.int64)), 1)
    tot = per.sum(axis=1)
    return int(((tot * tot - (per * per).sum(axis=1)) // 2).sum())


def audit(
    sample_ids: pa.Array, hash_code: np.ndarray, parts: np.ndarray, links: tuple[np.ndarray, np.ndarray] | None,
    threshold: float, examples: int = 5,
) -> dict[str, Any]:  # fmt: skip
    """The manifest's `leakage` section."""
    out: dict[str, Any] = {"exact_pairs_across_parts": exact_cross_pairs(hash_code, parts)}
    if links is None:
        out["near_duplicate"] = {"checked": False}
        return out
    a, b = links
    cross = parts[a] != parts[b]
    ids = sample_ids.to_numpy(zero_copy_only=False) if len(a) else np.zeros(0, object)
    out["near_duplicate"] = {
        "checked": True, "method": minhash.METHOD, "threshold": threshold, "links": int(len(a)),
        "links_across_parts": int(cross.sum()),
        "examples": [[str(ids[i]), str(ids[j])] for i, j in zip(a[cross][:examples], b[cross][:examples], strict=True)],
    }  # fmt: skip
    return out
