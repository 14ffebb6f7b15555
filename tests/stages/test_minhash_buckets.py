"""FastMinhashBuckets / FastMinhashCluster write datatrove's files byte for byte (real signatures and random
signature sets with many collisions), and their clusters are the connected components of equal signatures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from datatrove.data import Document
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster
from datatrove.utils.hashing import HashConfig
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.demo.corpus import generate_records
from curator.stages.dedup.buckets import FastMinhashBuckets, FastMinhashCluster
from curator.stages.dedup.near import MinhashDedup
from curator.stages.dedup.signature import FastMinhashSignature
from curator.stages.quality.tokenizer import pick_tokenizer


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def run_both(sigs: Path, work: Path, config: MinhashConfig) -> tuple[dict, dict, dict, dict, dict]:
    """Buckets then clusters with datatrove's classes and ours: (stock dups, fast dups, stock clusters,
    fast clusters, stats totals of both)."""
    totals: dict = {}
    for impl, buckets_cls, cluster_cls in (
        ("stock", MinhashDedupBuckets, MinhashDedupCluster),
        ("fast", FastMinhashBuckets, FastMinhashCluster),
    ):
        for rank in range(config.num_buckets):
            step = buckets_cls(input_folder=str(sigs), output_folder=str(work / impl / "b"), config=config)
            step.run(None, rank=rank, world_size=config.num_buckets)
            totals[impl, "total_matches"] = totals.get((impl, "total_matches"), 0) + step.stats["total_matches"].total
        step = cluster_cls(
            input_folder=str(work / impl / "b"),
            output_folder=str(work / impl / "c"),
            config=config,
            save_cluster_id=True,
            save_cluster_size=True,
        )
        step.run(None, 0, 1)
        for label in ("duplicates", "to_remove", "clusters", "cluster_size"):
            totals[impl, label] = step.stats[label].total
    return (
        files_of(work / "stock" / "b"),
        files_of(work / "fast" / "b"),
        files_of(work / "stock" / "c"),
        files_of(work / "fast" / "c"),
        totals,
    )


def partition(clusters: dict[str, bytes]) -> set[frozenset[tuple[int, int]]]:
    """{(file, doc)} groups from the `.clusters` files."""
    groups: dict[int, set] = {}
    for name, data in clusters.items():
        if name.endswith(".clusters"):
            for doc, cid in np.frombuffer(data, "<u4").reshape(-1, 2).tolist():
                groups.setdefault(cid, set()).add((int(name.split(".")[0]), doc))
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("precision", [64, 32])
def test_same_files_as_datatrove_on_real_signatures(tmp_path, precision):
    config = MinhashConfig(hash_config=HashConfig(precision=precision))
    records = list(generate_records(300, seed=5, dup_rate=0.1, near_dup_rate=0.15))
    signer = FastMinhashSignature(output_folder=str(tmp_path / "sigs"), config=config, language=pick_tokenizer("fast"))
    for rank in range(3):
        shard = [Document(text=r["text"], id=r["id"]) for r in records[rank::3]]
        signer.run(iter(shard), rank=rank, world_size=3)
    stock_b, fast_b, stock_c, fast_c, totals = run_both(tmp_path / "sigs", tmp_path, config)
    assert len(stock_b) == config.num_buckets and fast_b == stock_b
    assert sum(len(d) for d in fast_b.values()) > 0  # near duplicates were found
    assert fast_c == stock_c  # .remove, .clusters (same ids) and .sizes files, byte for byte
    assert {name.split(".")[1] for name in fast_c} == {"remove", "clusters", "sizes"}
    assert len(partition(fast_c)) >= 5 and any(len(g) > 2 for g in partition(fast_c))
    assert all(
        totals["fast", k] == totals["stock", k]
        for k in ("total_matches", "duplicates", "to_remove", "clusters", "cluster_size")
    )


def write_sigs(folder: Path, files: dict[int, dict[int, list[tuple[int, ...]]]], config: MinhashConfig) -> None:
    """files: stem -> doc -> one signature per bucket; written sorted, as the signature phase leaves them."""
    fmt = f"<u{config.hash_config.precision // 8}"
    dtype = np.dtype([("h", fmt, (config.hashes_per_bucket,)), ("doc", "<u4")])
    for bucket in range(config.num_buckets):
        (folder / f"bucket_{bucket:03d}").mkdir(parents=True, exist_ok=True)
        for stem, docs in files.items():
            rows = sorted((*sig[bucket], doc) for doc, sig in docs.items())
            data = np.array([(r[:-1], r[-1]) for r in rows], dtype=dtype)
            (folder / f"bucket_{bucket:03d}" / f"{stem:05d}.minhash.sig").write_bytes(data.tobytes())


def brute_force(files: dict[int, dict[int, list[tuple[int, ...]]]], config: MinhashConfig) -> set[frozenset]:
    """Documents sharing a whole signature in some bucket are linked; clusters = linked groups of 2 or more."""
    hash_max = (1 << 61) - 1 if config.hash_config.precision == 64 else config.hash_config.max
    groups = [{(stem, doc)} for stem, docs in files.items() for doc in docs]
    for bucket in range(config.num_buckets):
        by_sig: dict[tuple, set] = {}
        for stem, docs in files.items():
            for doc, sig in docs.items():
                if sig[bucket][0] < hash_max:  # datatrove's readers stop at hash_max
                    by_sig.setdefault(sig[bucket], set()).add((stem, doc))
        for members in by_sig.values():
            touched = [g for g in groups if g & members]
            groups = [g for g in groups if not g & members] + [set().union(*touched)]
    return {frozenset(g) for g in groups if len(g) > 1}


@st.composite
def signature_sets(draw: st.DrawFn) -> tuple[MinhashConfig, dict]:
    precision = draw(st.sampled_from([32, 64]))
    config = MinhashConfig(
        num_buckets=draw(st.integers(1, 3)),
        hashes_per_bucket=draw(st.integers(1, 3)),
        hash_config=HashConfig(precision=precision),
    )
    top = (1 << 61) - 2 if precision == 64 else (1 << 32) - 1  # 2**32 - 1 is datatrove's hash_max at 32 bits
    values = st.sampled_from([0, 1, 2, top])
    sig = st.lists(
        st.tuples(*[values] * config.hashes_per_bucket), min_size=config.num_buckets, max_size=config.num_buckets
    )
    stems = draw(st.lists(st.integers(0, 9), max_size=4, unique=True))
    files = {s: draw(st.dictionaries(st.integers(0, 12), sig, max_size=6)) for s in stems}
    return config, files


@settings(max_examples=60, deadline=None)
@given(signature_sets())
def test_clusters_are_groups_of_equal_signatures(tmp_path_factory, case):
    config, files = case
    work = tmp_path_factory.mktemp("mh")
    write_sigs(work / "sigs", files, config)
    stock_b, fast_b, stock_c, fast_c, _ = run_both(work / "sigs", work, config)
    assert fast_b == stock_b and fast_c == stock_c
    assert partition(fast_c) == brute_force(files, config)


def test_near_dedup_phases_follow_impl(tmp_path):
    fast = {type(s) for _, pipe, _ in MinhashDedup().phases(tmp_path, tmp_path / "w", 2) for s in pipe}
    stock = {type(s) for _, pipe, _ in MinhashDedup(impl="stock").phases(tmp_path, tmp_path / "w", 2) for s in pipe}
    assert {FastMinhashBuckets, FastMinhashCluster} <= fast
    assert not {FastMinhashBuckets, FastMinhashCluster, FastMinhashSignature} & stock
    assert {MinhashDedupBuckets, MinhashDedupCluster} <= stock
