"""`curator learn` against the real Label Studio server with simulated annotators: each round is a learning-curve
point (labels, split version, model, macro-F1); round 0 is a seeded random batch (no model yet), later rounds use
the strategy on the previous round's model; killed between rounds (or right after a push) a re-run continues at
the next round without pushing a batch twice."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sklearn.metrics import f1_score

from curator.catalog import connect
from curator.errors import CuratorError
from curator.label.project import InitOptions, init_project
from curator.learn.curve import compare
from curator.learn.loops import LearnOptions
from curator.learn.rounds import learn
from curator.splits import SplitOptions, build_split
from curator.train.predict import load_predictor, resolve_model

from .conftest import LABELS, candidates, ingest_rows, mark_scrubbed_for_test, sql

pytestmark = pytest.mark.labelstudio
BATCH = 12


@pytest.fixture
def project(ls, ws):
    ingest_rows(ws, candidates(60))
    mark_scrubbed_for_test(ws)
    init_project(ws, InitOptions("learnloop", labels=LABELS))
    return "learnloop"


def options(name: str, project: str, rounds: int, strategy: str = "margin") -> LearnOptions:
    return LearnOptions(
        name=name, project=project, rounds=rounds, batch=BATCH, strategy=strategy, simulate=1.0, embedding="tfidf"
    )


def test_rounds_make_a_learning_curve(project, ws):
    res = learn(ws, options("m1", project, 2))
    pts = res["curve"]
    assert [(p["round"], p["strategy"], p["n_labels"]) for p in pts] == [(0, "random", 12), (1, "margin", 24)]
    assert all(p["model_id"] and p["split_version"] and p["simulated"] for p in pts)
    assert pts[0]["split_version"] != pts[1]["split_version"]
    # round 1 was chosen on round 0's model, by margin
    (used,) = sql(ws, "SELECT DISTINCT model_id FROM learn_selections WHERE loop = 'm1' AND loop_round = 1")[0]
    assert used == pts[0]["model_id"]
    assert sql(ws, "SELECT DISTINCT strategy FROM learn_selections WHERE loop_round = 1") == [("margin",)]
    # the split holds this project's resolved labels only
    assert sql(ws, "SELECT n_members FROM splits WHERE version = ?", [pts[1]["split_version"]])[0][0] == 24
    with connect(ws, read_only=True) as con:
        side = compare(con)
    assert side["loops"] == ["m1"] and [r["m1 labels"] for r in side["rows"]] == [12, 24]
    again = learn(ws, options("m1", project, 2))  # nothing left to do: no push, no new point
    assert again["started_at_round"] == 2 and len(again["curve"]) == 2
    assert sql(ws, "SELECT count(*) FROM ls_tasks")[0][0] == 24


def test_a_holdout_scores_every_round_and_is_never_selected(project, ws):
    split = build_split(ws, SplitOptions("hold", label_source="source", min_per_class=1, ratios=(0.5, 0.25, 0.25)))
    held = dict(
        sql(
            ws,
            "SELECT m.sample_id, s.text FROM split_members m JOIN samples s USING (sample_id) "
            "WHERE m.name = 'hold' AND m.part = 'test'",
        )
    )
    truth = dict(sql(ws, "SELECT sample_id, label FROM split_members WHERE name = 'hold' AND part = 'test'"))
    res = learn(ws, replace(options("h1", project, 2), holdout="hold"))
    chosen = {r[0] for r in sql(ws, "SELECT sample_id FROM learn_selections WHERE loop = 'h1'")}
    assert len(held) >= 10 and len(chosen) == 2 * BATCH and not set(held) & chosen
    assert sql(ws, "SELECT holdout FROM learn_loops WHERE name = 'h1'") == [(f"hold@{split['version']}",)]
    last = res["curve"][-1]
    pred = load_predictor(resolve_model(ws, last["model_id"]))
    ids = sorted(held)
    got = [lab for lab, _ in pred.predict([held[i] for i in ids])]
    want = f1_score([truth[i] for i in ids], got, labels=sorted({truth[i] for i in ids}), average="macro")
    assert last["holdout_macro_f1"] == pytest.approx(want, abs=1e-4)  # the stored point, recomputed here
    assert all(p["holdout_macro_f1"] is not None for p in res["curve"])


def test_a_loop_keeps_its_parameters(project, ws):
    learn(ws, options("m2", project, 1))
    with pytest.raises(CuratorError, match="started with --strategy 'margin', not 'entropy'"):
        learn(ws, options("m2", project, 2, strategy="entropy"))


def run_cli(ws, *args: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CURATOR_FAULT_AT"}
    env |= {"CURATOR_FAULT_AT": fault} if fault else {}
    cmd = [sys.executable, "-m", "curator.cli", "--home", str(ws.home), "learn", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[2])


def test_killed_loop_resumes_at_the_next_round(project, ws):
    args = ("k1", "--project", project, "--rounds", "3", "--batch", str(BATCH), "--strategy", "entropy")
    args += ("--simulate", "1.0", "--embedding", "tfidf")
    first = run_cli(ws, *args, fault="learn.after_push")  # killed after round 0's push
    assert first.returncode == -9, first.stderr
    assert sql(ws, "SELECT count(*) FROM learning_curve")[0][0] == 0
    assert sql(ws, "SELECT count(*) FROM ls_tasks")[0][0] == BATCH
    second = run_cli(ws, *args, fault="learn.after_round")  # continues round 0 without a second push, then killed
    assert second.returncode == -9, second.stderr
    assert "its batch of 12 was pushed before" in second.stderr
    assert sql(ws, "SELECT round FROM learning_curve") == [(0,)]
    assert sql(ws, "SELECT count(*) FROM ls_tasks")[0][0] == BATCH
    third = run_cli(ws, *args)
    assert third.returncode == 0, third.stderr
    assert sql(ws, "SELECT round, n_labels FROM learning_curve ORDER BY 1") == [(0, 12), (1, 24), (2, 36)]
    per_round = sql(ws, "SELECT loop_round, count(*) FROM learn_selections GROUP BY 1 ORDER BY 1")
    assert per_round == [(0, BATCH), (1, BATCH), (2, BATCH)]
