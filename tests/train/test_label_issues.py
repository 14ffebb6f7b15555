"""Label-issue detection finds deliberately flipped labels and feeds the relabel queue."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import register_split, write_split

from curator.catalog import connect
from curator.train.label_issues import find_issues

LABELS = ["billing", "login", "shipping"]


def flip_some(path, every: int = 15) -> set[str]:
    rows = pq.read_table(path / "train.parquet").to_pylist()
    flipped = set()
    for r in rows[::every]:
        r["label"] = LABELS[(LABELS.index(r["label"]) + 1) % 3]
        flipped.add(r["sample_id"])
    pq.write_table(pa.Table.from_pylist(rows), path / "train.parquet")
    register_split(path.parents[2], path)  # changed on purpose: record the new file's sha256
    return flipped


def test_finds_flipped_labels_and_queues_them(ws):
    flipped = flip_some(write_split(ws.home, "noisy", "v1", {"train": 150, "val": 30, "test": 30}))
    res = find_issues(ws, "noisy@v1", yes=True)
    found = {s["sample_id"] for s in res["suspects"]}
    assert flipped <= found and len(found - flipped) <= 2  # recall 1, at most 2 false alarms
    with connect(ws, read_only=True) as con:
        queue = con.execute("SELECT sample_id, reason, status, details FROM relabel_queue").fetchall()
        flags = con.execute(
            "SELECT count(*) FROM decisions WHERE stage = 'label' AND decision = 'flag' AND reason = 'model_disagrees'"
        ).fetchone()[0]
    assert {q[0] for q in queue} == found and {q[1] for q in queue} == {"model_disagrees"}
    ranks = sorted(json.loads(q[3])["rank"] for q in queue)
    assert ranks == list(range(1, len(queue) + 1)) and flags == len(queue)
    top = min(queue, key=lambda q: json.loads(q[3])["rank"])
    assert json.loads(top[3])["suggested_label"] != json.loads(top[3])["given_label"]


def test_rerun_replaces_pending_entries(ws):
    flip_some(write_split(ws.home, "noisy", "v1", {"train": 150, "val": 30, "test": 30}))
    first = find_issues(ws, "noisy@v1", yes=True)
    second = find_issues(ws, "noisy@v1", yes=True)
    with connect(ws, read_only=True) as con:
        n = con.execute("SELECT count(*) FROM relabel_queue WHERE reason = 'model_disagrees'").fetchone()[0]
        runs = con.execute("SELECT count(*) FROM runs WHERE command = 'find-label-issues'").fetchone()[0]
    assert n == second["n_issues"] == first["n_issues"] and runs == 2


def test_cli_with_a_saved_fasttext_model_reuses_its_config(ws, cli):
    flipped = flip_some(write_split(ws.home, "noisy", "v1", {"train": 150, "val": 30, "test": 30}))
    model_id = json.loads(cli("train", "noisy", "--model", "fasttext", "--json").stdout)["model_id"]
    out = cli("find-label-issues", "noisy", "--model", model_id, "--folds", "4", "--yes", "--json").stdout
    res = json.loads(out)
    assert res["method"] == model_id and len(flipped & {s["sample_id"] for s in res["suspects"]}) >= 8
    with connect(ws, read_only=True) as con:
        config = con.execute("SELECT config FROM runs WHERE command = 'find-label-issues'").fetchone()[0]
    assert json.loads(config) == {"split": "noisy@v1", "model": model_id, "folds": 4, "seed": 13, "max": None}
    text = cli("find-label-issues", "noisy", "--show", "3", "--yes").stdout
    assert "suspected label errors among 210 samples of noisy@v1" in text and "model_disagrees" in text
