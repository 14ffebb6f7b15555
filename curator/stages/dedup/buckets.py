"""datatrove's MinHash buckets and cluster phases with numpy sorts instead of a Python heap and union-find.

`FastMinhashBuckets` loads every signature file of its bucket at once, sorts the records by (hashes, file, doc)
— only those whose first hash occurs twice need the full key — and writes the pair (previous, current) for every
two neighbours with equal hashes: the `.dups` bytes datatrove's heap merge writes. `FastMinhashCluster` runs
datatrove's union-find (union by size, SENTINEL first) compiled over the numbered (file, doc) nodes, so the roots,
the cluster ids (numbered by their first node) and the `.remove` / `.clusters` / `.sizes` files are datatrove's.
Index folders and several workers per bucket are left to datatrove's code.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import numpy as np
from datatrove.pipeline.dedup.minhash import SENTINEL, MinhashDedupBuckets, MinhashDedupCluster, _mersenne_prime
from datatrove.utils.stats import MetricStats
from numba import njit

_NODE_SENTINEL = np.uint64((SENTINEL << 32) | SENTINEL)


class FastMinhashBuckets(MinhashDedupBuckets):
    """MinhashDedupBuckets for one worker per bucket and no index: same `.dups` files, sorted with numpy."""

    @staticmethod
    def pairing(hashes: np.ndarray, file_idx: np.ndarray, docs: np.ndarray, stems: np.ndarray) -> np.ndarray:
        return equal_neighbours(hashes, file_idx, docs, stems)

    def run(self, data: Any = None, rank: int = 0, world_size: int = 1) -> None:
        if self.index_folder or self.create_index_name or world_size != self.config.num_buckets:
            return super().run(data, rank, world_size)
        assert data is None, "You should not use an input block before MinhashDedupBuckets"
        with self.track_time():
            sig_files = self.input_folder.list_files(subdirectory=f"bucket_{rank:03d}")
            hashes, file_idx, docs = self._load(sig_files)
            stems = np.array([int(PurePosixPath(f).name.removesuffix(".minhash.sig")) for f in sig_files], "<u4")
            pairs = self.pairing(hashes, file_idx, docs, stems)
            with self.output_folder.open(f"{rank:05d}_00.dups", mode="wb") as out:
                out.write(pairs.tobytes())
            add_counts(self, "total_matches", len(pairs))

    def _load(self, sig_files: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hashes (n, hashes_per_bucket), file index, doc) of every record below datatrove's hash_max."""
        hc = self.config.hash_config
        dtype = np.dtype([("h", f"<{hc.struct_format}", (self.config.hashes_per_bucket,)), ("doc", "<u4")])
        parts = []
        for path in sig_files:
            with self.input_folder.open(path, mode="rb") as f:
                parts.append(np.frombuffer(f.read(), dtype=dtype))
        records = np.concatenate(parts) if parts else np.empty(0, dtype)
        file_idx = np.repeat(np.arange(len(parts), dtype=np.uint32), [len(p) for p in parts])
        hash_max = _mersenne_prime if hc.precision == 64 else hc.max
        keep = records["h"][:, 0] < hash_max  # read_sigs stops at the first record >= hash_max
        if not keep.all():
            records, file_idx = records[keep], file_idx[keep]
        return records["h"], file_idx, records["doc"]


def equal_neighbours(hashes: np.ndarray, file_idx: np.ndarray, docs: np.ndarray, stems: np.ndarray) -> np.ndarray:
    """(stem1, doc1, stem2, doc2) <u4 rows for every two neighbours with equal hashes in (hashes, file, doc) order.

    Only records whose first hash is shared can be in a pair, so only they get the full multi-key sort."""
    if len(docs) < 2:
        return np.empty((0, 4), "<u4")
    first = hashes[:, 0]
    order = np.argsort(first, kind="stable")
    ordered = first[order]
    same = ordered[1:] == ordered[:-1]
    shared = np.zeros(len(order), bool)
    shared[1:] |= same
    shared[:-1] |= same
    cand = order[shared]
    keys = (docs[cand], file_idx[cand], *(hashes[cand, j] for j in range(hashes.shape[1] - 1, -1, -1)))
    cand = cand[np.lexsort(keys)]
    h = hashes[cand]
    equal = np.flatnonzero((h[1:] == h[:-1]).all(axis=1))
    prev, cur = cand[equal], cand[equal + 1]
    return np.column_stack([stems[file_idx[prev]], docs[prev], stems[file_idx[cur]], docs[cur]]).astype("<u4")


class FastMinhashCluster(MinhashDedupCluster):
    """MinhashDedupCluster with the pairs read by numpy and datatrove's union-find compiled: the same files."""

    def run(self, data: Any = None, _: int = 0, world_size: int = 1) -> None:
        dup_files = self.input_folder.list_files(glob_pattern="*.dups")
        assert (len(dup_files) % self.config.num_buckets) == 0, (
            "Number of .dups files should be divisible by number of buckets"
        )
        assert world_size == 1, "World size must be 1 for clustering"
        with self.track_time():
            pairs = self._read_pairs(dup_files)
            a = (pairs[:, 0].astype(np.uint64) << np.uint64(32)) | pairs[:, 1]
            b = (pairs[:, 2].astype(np.uint64) << np.uint64(32)) | pairs[:, 3]
            nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
            sentinel = len(nodes) - 1 if len(nodes) and nodes[-1] == _NODE_SENTINEL else -1
            roots, sizes = union_find(inverse[: len(a)], inverse[len(a) :], len(nodes), sentinel)
            self._write(nodes, roots, sizes)

    def _read_pairs(self, dup_files: list[str]) -> np.ndarray:
        parts = []
        for path in dup_files:
            with self.input_folder.open(path, mode="rb") as f:
                parts.append(np.frombuffer(f.read(), dtype="<u4").reshape(-1, 4))
        pairs = np.concatenate(parts) if parts else np.empty((0, 4), "<u4")
        if self.ignore_index_matches:
            pairs = pairs[~((pairs[:, 0] == SENTINEL) & (pairs[:, 1] == SENTINEL))]
        return pairs

    def _write(self, nodes: np.ndarray, roots: np.ndarray, sizes: np.ndarray) -> None:
        """Per file, in node order: `.remove` (docs that are not their cluster's root), `.clusters` (doc,
        cluster id — numbered by each cluster's first node) and `.sizes` (doc, cluster size), as datatrove does."""
        if not len(nodes):
            return
        files, docs = (nodes >> np.uint64(32)).astype(np.uint32), (nodes & np.uint64(SENTINEL)).astype(np.uint32)
        index = np.arange(len(nodes))
        is_root, first = roots == index, first_node_of(roots)
        cluster_id = (np.cumsum(first == index) - 1)[first]
        columns = {".remove": [docs], ".clusters": [docs, cluster_id], ".sizes": [docs, sizes[roots]]}
        wanted = {".remove": True, ".clusters": self.save_cluster_id, ".sizes": self.save_cluster_size}
        starts = np.flatnonzero(np.r_[True, files[1:] != files[:-1]])
        for start, end in zip(starts, [*starts[1:], len(nodes)], strict=True):
            for ext, cols in columns.items():
                rows = slice(start, end) if ext != ".remove" else start + np.flatnonzero(~is_root[start:end])
                if wanted[ext] and len(docs[rows]):
                    data = np.column_stack([c[rows] for c in cols]).astype("<u4")
                    with self.output_folder.open(f"{int(files[start]):06d}{ext}", mode="wb") as out:
                        out.write(data.tobytes())
        add_counts(self, "duplicates", len(nodes))
        add_counts(self, "to_remove", int((~is_root).sum()))
        if self.save_cluster_id:
            add_counts(self, "clusters", int(is_root.sum()))
        add_values(self, "cluster_size", sizes[is_root], unit="cluster")


def first_node_of(roots: np.ndarray) -> np.ndarray:
    """For every node, the lowest node of its cluster (nodes are numbered in sorted (file, doc) order)."""
    first = np.full(len(roots), len(roots), dtype=np.int64)
    np.minimum.at(first, roots, np.arange(len(roots)))
    return first[roots]


@njit(cache=True)
def union_find(a: np.ndarray, b: np.ndarray, n: int, sentinel: int) -> tuple[np.ndarray, np.ndarray]:
    """datatrove's union(a, b) over the pairs in order (union by size, ties and SENTINEL keep a's root);
    returns every node's root and the size of every root's set."""
    parent = np.arange(n)
    size = np.ones(n, np.int64)
    for i in range(len(a)):
        ra, rb = _find(parent, a[i]), _find(parent, b[i])
        if ra != rb:
            if rb == sentinel or (ra != sentinel and size[ra] < size[rb]):
                ra, rb = rb, ra
            parent[rb] = ra
            size[ra] += size[rb]
    for i in range(n):
        parent[i] = _find(parent, i)
    return parent, size


@njit(cache=True)
def _find(parent: np.ndarray, x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def warm_up() -> None:
    """Load the compiled union-find (numba's cache) in this process, so that forked workers share it."""
    union_find(np.zeros(1, np.int64), np.ones(1, np.int64), 2, -1)


def add_counts(step: Any, label: str, count: int) -> None:
    """`count` calls of stat_update(label), in one update."""
    if count:
        step.stats[label] += MetricStats(total=count, n=count, mean=1.0, min=1, max=1)


def add_values(step: Any, label: str, values: np.ndarray, unit: str) -> None:
    """stat_update(label, value=v, unit=unit) for every v, in one update (same total, mean, variance, min, max)."""
    if len(values):
        mean = float(values.mean())
        var = float(((values - mean) ** 2).sum())
        step.stats[label] += MetricStats(
            total=int(values.sum()),
            n=len(values),
            mean=mean,
            min=int(values.min()),
            max=int(values.max()),
            _running_variance=var,
            unit=unit,
        )
