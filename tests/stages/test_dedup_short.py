"""minhash_dup_v2 on short texts (issue 15): a prefix, a suffix, a changed word or number is caught, two different
texts sharing a template are not; every drop is a checked pair with its keeper; idempotent (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from datatrove.executor import LocalPipelineExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.stages.dedup.near_short import ShortTextMinhashDedup
from curator.stages.dedup.stage import finish, prepare
from tests.stages.test_dedup import rows_for, write_shards

V1 = [{"name": "exact_dup_v1", "params": {}}, {"name": "minhash_dup_v1", "params": {}}]
V2 = [{"name": "exact_dup_v1", "params": {}}, {"name": "minhash_dup_v2", "params": {}}]
ORIGINAL = "Fix flaky upload test on the win32 runner"
EDITS = {
    "prefix": "[WIP] Fix flaky upload test on the win32 runner",
    "fyi": "FYI, see below: Fix flaky upload test on the win32 runner",
    "suffix": "Fix flaky upload test on the win32 runner (forwarded by Sam)",
    "number": "Fix flaky upload test on the win64 runner",
    "word": "Fix flaky download test on the win32 runner",
}
TEMPLATE = [  # pairs sharing a template, different requests (character 5-gram Jaccard 0.316, 0.253, 0.117): kept
    "can you write a linked list in Python?",
    "can you write a prime number checker in Python?",
    "Order 4411 arrived damaged, please send a replacement",
    "Order 4411 arrived late, please refund the shipping",
    "How do I reset my password on the mobile app?",
    "How do I change my shipping address on the website?",
]  # the limit: texts sharing ≥ 0.38 of their character 5-grams are linked


def run_stage(steps: list[dict], texts: list[str], work: Path) -> dict[str, dict]:
    """The dedup stage as `curator run` drives it: prepare → datatrove phases → finish; rows by sample_id."""
    write_shards(work / "input", rows_for(texts))
    near_shards = prepare(work, steps, 3)
    step = ShortTextMinhashDedup() if steps is V2 else None
    if step is None:
        from curator.stages.dedup.near import MinhashDedup

        step = MinhashDedup()
    for name, pipeline, tasks in step.phases(work / "near_input", work / "minhash", near_shards):
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(work / "logs" / name)).run()
    finish(work, steps, near_shards)
    return {r["sample_id"]: r for r in pq.read_table(work / "results" / "00000.parquet").to_pylist()}


def test_short_text_edits_are_caught_with_their_similarity_and_v1_misses_them(tmp_path):
    texts = [ORIGINAL, *EDITS.values(), *TEMPLATE]
    got = run_stage(V2, texts, tmp_path / "v2")
    for i, kind in enumerate(EDITS, start=1):
        row = got[f"s{i:03d}"]
        assert row["decision"] == "drop" and row["step"] == "minhash_dup_v2", kind
        assert row["reason"] == f"minhash_dup_v2: near duplicate of s000 (similarity {row['score']:.2f})", kind
        assert 0.38 <= row["score"] < 1, kind
    assert got["s000"]["decision"] == "keep" and got["s000"]["reason"] == "keeper of near:s000 (6)"
    for i in range(len(EDITS) + 1, len(texts)):  # the template's texts: all kept
        assert got[f"s{i:03d}"]["decision"] == "keep" and got[f"s{i:03d}"]["reason"] == "no duplicate"
    old = run_stage(V1, texts, tmp_path / "v1")  # word 5-grams: an 8-word text has 4; v1 sees a 1-word prefix
    missed = {kind for i, kind in enumerate(EDITS, start=1) if old[f"s{i:03d}"]["decision"] == "keep"}
    assert missed == {"fyi", "word"}  # (3 words added to 8: Jaccard 4/7 at most; its numbers → 0 sees win64)


WORDS = ["deploy", "staging", "build", "broken", "again", "today", "please", "review", "the", "patch", "for", "ci"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=8), min_size=2, max_size=6),
    st.lists(st.sampled_from(["", "FYI: ", "[WIP] "]), min_size=1, max_size=3),
)
def test_one_keeper_per_cluster_each_drop_checked_and_idempotent(tmp_path_factory, bases, prefixes):
    texts = [p + " ".join(b) for b in bases for p in prefixes]
    work = tmp_path_factory.mktemp("v2")
    got = run_stage(V2, texts, work / "one")
    clusters = pq.read_table(work / "one" / "results_clusters" / "00000.parquet").to_pylist()
    near = [m for m in clusters if m["kind"] == "near"]
    for cid in {m["cluster_id"] for m in near}:
        members = [m for m in near if m["cluster_id"] == cid]
        (keeper,) = [m for m in members if m["is_keeper"]]  # exactly one keeper
        assert cid == f"near:{keeper['sample_id']}" and got[keeper["sample_id"]]["decision"] == "keep"
        for m in members:
            if not m["is_keeper"]:
                assert m["keeper"] == keeper["sample_id"] and m["similarity"] >= 0.38
    kept = [t for i, t in enumerate(texts) if got[f"s{i:03d}"]["decision"] == "keep"]
    if len(kept) > 1:
        again = run_stage(V2, kept, work / "two")  # the kept samples hold no duplicate pair any more
        assert all(r["decision"] == "keep" for r in again.values())
