"""Dedup steps on real text: deterministic keepers, reasons naming the keeper, idempotence (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datatrove.executor import LocalPipelineExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.stages.dedup.exact import ExactDedup
from curator.stages.dedup.near import MinhashDedup
from curator.stages.dedup.stage import finish, prepare

TICKET = (
    "My order {n} arrived with a cracked screen and the box was crushed on one side. Can you send a "
    "replacement before Friday, or refund the full amount to my card? Photos attached."
)
OTHER = (
    "The invoice for my yearly plan shows the wrong company address and VAT number. Please issue a corrected "
    "invoice so that our accountant can book it this month. Thanks a lot."
)


def write_shards(folder: Path, rows: list[dict], per_shard: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(0, len(rows), per_shard):
        path = folder / f"{len(paths):05d}.parquet"
        pq.write_table(pa.Table.from_pylist(rows[i : i + per_shard]), path)
        paths.append(path)
    return paths


def rows_for(texts: list[str]) -> list[dict]:
    import hashlib

    return [
        {
            "sample_id": f"s{i:03d}",
            "text": t,
            "text_hash": hashlib.sha256(t.encode()).hexdigest(),
            "ref": False,
            "ord": i + 1,
        }
        for i, t in enumerate(texts)
    ]


def survivors(rows: list[dict], table: pa.Table) -> list[dict]:
    dropped = {r["sample_id"] for r in table.to_pylist() if not r["is_keeper"]}
    return [r for r in rows if r["sample_id"] not in dropped]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["a b c d", "e f g h", "i j k l", "m n o p"]), min_size=1, max_size=12))
def test_exact_dedup_idempotent_and_keeper_is_lowest_ord(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("exact")
    rows = rows_for(texts)
    write_shards(folder / "a", rows)
    first = ExactDedup().clusters(str(folder / "a" / "*.parquet")).to_pylist()
    for m in first:  # keeper = the first occurrence, and every drop points at it
        assert m["keeper"] == next(r["sample_id"] for r in rows if r["text_hash"][:16] == m["cluster_id"][6:])
    kept = survivors(rows, pa.Table.from_pylist(first)) if first else rows
    assert len(kept) == len(set(texts))
    write_shards(folder / "b", kept)
    assert ExactDedup().clusters(str(folder / "b" / "*.parquet")).num_rows == 0  # a second pass finds nothing


def run_minhash(step: MinhashDedup, rows: list[dict], work: Path) -> pa.Table:
    files = write_shards(work / "input", rows)
    for name, pipeline, tasks in step.phases(work / "input", work / "mh", len(files)):
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(work / "logs" / name)).run()
    return step.clusters(files, work / "mh")


def test_minhash_clusters_near_duplicates_keeps_lowest_ord_and_is_idempotent(tmp_path):
    texts = [
        TICKET.format(n=1),
        OTHER,
        TICKET.format(n=2),
        TICKET.format(n=3).replace("My order", "Our order"),
        OTHER.replace("Thanks a lot.", "Thank you!"),
    ]
    rows = rows_for(texts)
    table = run_minhash(MinhashDedup(), rows, tmp_path / "one").to_pylist()
    by_id = {m["sample_id"]: m for m in table}
    assert by_id["s000"]["is_keeper"] and by_id["s000"]["cluster_id"] == "near:s000"
    assert {by_id["s002"]["keeper"], by_id["s003"]["keeper"]} == {"s000"}
    assert by_id["s004"]["keeper"] == "s001"
    again = run_minhash(MinhashDedup(), survivors(rows, pa.Table.from_pylist(table)), tmp_path / "two")
    assert again.num_rows == 0


def test_stage_results_name_the_keeper_in_the_reason(tmp_path):
    """What production writes: the dedup stage's prepare → MinHash phases → finish, as `curator run` drives them;
    one decision per pending sample, the reason naming the step and the keeper."""
    texts = [TICKET.format(n=1), OTHER, TICKET.format(n=1), TICKET.format(n=3).replace("My order", "Our order")]
    steps = [{"name": "exact_dup_v1", "params": {}}, {"name": "minhash_dup_v1", "params": {}}]
    write_shards(tmp_path / "input", rows_for(texts))
    near_shards = prepare(tmp_path, steps, 3)
    step = MinhashDedup()
    for name, pipeline, tasks in step.phases(tmp_path / "near_input", tmp_path / "minhash", near_shards):
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(tmp_path / "logs" / name)).run()
    finish(tmp_path, steps, near_shards)
    rows = pq.read_table(tmp_path / "results" / "00000.parquet").to_pylist()
    got = {r["sample_id"]: (r["decision"], r["step"], r["reason"]) for r in rows}
    assert got["s002"] == ("drop", "exact_dup_v1", "exact_dup_v1: duplicate of s000")
    assert got["s003"] == ("drop", "minhash_dup_v1", "minhash_dup_v1: near duplicate of s000")
    assert got["s001"] == ("keep", "exact_dup_v1+minhash_dup_v1", "no duplicate")
    assert got["s000"][0] == "keep" and got["s000"][2].startswith("keeper of exact:")
    assert "near:s000 (2)" in got["s000"][2]
