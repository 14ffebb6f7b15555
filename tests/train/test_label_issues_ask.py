"""find-label-issues asks before it queues (issue 20): a preview by default, --yes or --max N to queue."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq

from curator.catalog import connect
from tests.train.conftest import register_split, write_split

LABELS = ["billing", "login", "shipping"]


def flip_some(path, every: int = 15) -> None:
    """Give every 15th train sample the next label (as tests/train/test_label_issues.py does)."""
    rows = pq.read_table(path / "train.parquet").to_pylist()
    for r in rows[::every]:
        r["label"] = LABELS[(LABELS.index(r["label"]) + 1) % 3]
    pq.write_table(pa.Table.from_pylist(rows), path / "train.parquet")
    register_split(path.parents[2], path)  # changed on purpose: record the new file's sha256


def _queue_and_flags(ws) -> tuple[list[tuple], int]:
    with connect(ws, read_only=True) as con:
        queue = con.execute("SELECT sample_id, details FROM relabel_queue ORDER BY priority DESC").fetchall()
        flags = con.execute("SELECT count(*) FROM decisions WHERE reason = 'model_disagrees'").fetchone()[0]
    return queue, flags


def test_without_yes_or_max_it_shows_what_it_would_queue_and_queues_nothing(ws, cli):
    flip_some(write_split(ws.home, "noisy", "v1", {"train": 150, "val": 30, "test": 30}))
    text = cli("find-label-issues", "noisy", "--show", "3").stdout
    res = json.loads(cli("find-label-issues", "noisy", "--json").stdout)
    assert res["preview"] and res["queued"] == 0 and res["run_id"] is None and res["n_issues"] >= 10
    assert f"preview: would queue {res['n_issues']:,} for relabeling; nothing queued" in text
    top = res["suspects"][0]
    assert top["sample_id"] in text and f"{top['given_label']} → {top['suggested_label']}" in text
    assert f"{top['suggested_score']:.3f}" in text
    assert _queue_and_flags(ws) == ([], 0)
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE command = 'find-label-issues'").fetchone()[0] == 0


def test_max_queues_the_n_most_likely_only(ws, cli):
    flip_some(write_split(ws.home, "noisy", "v1", {"train": 150, "val": 30, "test": 30}))
    res = json.loads(cli("find-label-issues", "noisy", "--max", "3", "--json").stdout)
    assert not res["preview"] and res["queued"] == 3 and res["n_issues"] > 3
    queue, flags = _queue_and_flags(ws)
    assert [q[0] for q in queue] == [s["sample_id"] for s in res["suspects"][:3]] and flags == 3
    assert sorted(json.loads(q[1])["rank"] for q in queue) == [1, 2, 3]
    text = cli("find-label-issues", "noisy", "--yes").stdout
    assert f"queued {res['n_issues']:,} of {res['n_issues']:,} → relabel_queue" in text
    assert len(_queue_and_flags(ws)[0]) == res["n_issues"]
