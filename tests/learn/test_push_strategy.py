"""`annotate push --strategy S --model M` against the real Label Studio server: each strategy sends what it claims
(computed here from the model's own probabilities), never two members of a duplicate cluster, records its choice
(learn_selections, predictions with the model id, a decision `explain` shows), and random is seeded."""

from __future__ import annotations

import json

import numpy as np
import pytest

from curator.catalog import connect
from curator.catalog.queries import explain
from curator.label.client import client
from curator.label.project import InitOptions, init_project
from curator.label.push import PushOptions
from curator.learn.batch import push_strategy
from curator.train.predict import load_predictor, resolve_model

from .conftest import LABELS, add_dup_cluster_for_test, candidates, ingest_rows, mark_scrubbed_for_test, sql

pytestmark = pytest.mark.labelstudio
N, BATCH = 30, 4


def expected_order(ws, model: str, strategy: str) -> list[str]:
    """The candidates' sample ids, most informative first, by the strategy's definition."""
    ids, texts = zip(*sql(ws, "SELECT sample_id, text FROM samples ORDER BY sample_id"), strict=True)
    p = load_predictor(resolve_model(ws, model)).predict_proba(list(texts)).astype(np.float64)
    top2 = np.sort(p, axis=1)[:, -2:]
    key = {
        "least_confident": p.max(1),  # lowest top probability first
        "margin": top2[:, 1] - top2[:, 0],  # smallest gap first
        "entropy": (p * np.log(np.clip(p, 1e-12, 1))).sum(1),  # highest entropy first
    }[strategy]
    return [ids[i] for i in np.lexsort((np.arange(len(ids)), key))]


def pushed_ids(ws, project: str) -> list[str]:
    return [r[0] for r in sql(ws, "SELECT sample_id FROM ls_tasks WHERE project = ? ORDER BY task_id", [project])]


@pytest.fixture
def ready(ls, ws, model):
    ingest_rows(ws, candidates(N))
    mark_scrubbed_for_test(ws)
    return model


@pytest.mark.parametrize("strategy", ["least_confident", "margin", "entropy"])
def test_strategy_sends_what_it_claims_and_explain_says_why(ready, ws, strategy):
    init_project(ws, InitOptions(strategy, labels=LABELS))
    res = push_strategy(ws, PushOptions(project=strategy, limit=BATCH, strategy=strategy, model=ready))
    want = expected_order(ws, ready, strategy)[:BATCH]
    assert pushed_ids(ws, strategy) == want and res["sent"] == BATCH and res["candidates"] == N
    (ls_id,) = sql(ws, "SELECT ls_project_id FROM ls_projects WHERE name = ?", [strategy])[0]
    remote = [t.data["sample_id"] for t in client(ws).tasks.list(project=ls_id, fields="all")]
    assert sorted(remote) == sorted(want)
    rows = sql(ws, "SELECT sample_id, rank, model_id FROM learn_selections ORDER BY rank")
    assert [r[0] for r in rows] == want and {r[2] for r in rows} == {ready}
    n_pred = sql(ws, "SELECT count(*) FROM predictions WHERE part = 'unlabeled' AND model_id = ?", [ready])[0][0]
    assert n_pred == N  # every candidate scored, stored with the model id
    with connect(ws, read_only=True) as con:
        history = explain(con, want[0])["history"]
    why = [h for h in history if h["reason"] == f"selected_{strategy}"]
    assert len(why) == 1 and why[0]["decision"] == "flag" and why[0]["score"] is not None
    assert json.loads(why[0]["details"]) | {"rank": 0, "model_id": ready, "strategy": strategy} == json.loads(
        why[0]["details"]
    )


def test_no_two_members_of_a_duplicate_cluster_in_a_batch(ready, ws):
    order = expected_order(ws, ready, "least_confident")
    add_dup_cluster_for_test(ws, "near:x", order[:3])  # the three most uncertain are one cluster
    init_project(ws, InitOptions("dups", labels=LABELS))
    push_strategy(ws, PushOptions(project="dups", limit=BATCH, strategy="least_confident", model=ready))
    sent = pushed_ids(ws, "dups")
    assert sent == [order[0], *order[3:6]]  # one member of the cluster, then the next most uncertain


def test_diverse_spreads_over_minilm_embeddings_without_dup_pairs(ready, ws):
    order = expected_order(ws, ready, "margin")
    add_dup_cluster_for_test(ws, "near:y", order[:2])
    init_project(ws, InitOptions("diverse", labels=LABELS))
    res = push_strategy(ws, PushOptions(project="diverse", limit=BATCH, strategy="diverse", model=ready))
    sent = pushed_ids(ws, "diverse")
    assert res["embedding"] == "minilm" and len(sent) == BATCH and not {order[0], order[1]} <= set(sent)
    assert sent[0] == order[0]  # k-center starts at the most uncertain
    details = [json.loads(d) for (d,) in sql(ws, "SELECT details FROM learn_selections ORDER BY rank")]
    assert all(d["embedding"] == "minilm" for d in details) and all(d["coverage_distance"] > 0 for d in details[1:])


def test_random_needs_no_model_and_is_seeded(ls, ws):
    ingest_rows(ws, candidates(N))
    mark_scrubbed_for_test(ws)
    for name in ("rand1", "rand2", "rand3"):
        init_project(ws, InitOptions(name, labels=LABELS))
    for name, seed in (("rand1", 7), ("rand2", 7), ("rand3", 8)):
        push_strategy(ws, PushOptions(project=name, limit=BATCH, strategy="random", seed=seed))
    assert pushed_ids(ws, "rand1") == pushed_ids(ws, "rand2") != pushed_ids(ws, "rand3")
    assert sql(ws, "SELECT DISTINCT model_id FROM learn_selections") == [(None,)]
