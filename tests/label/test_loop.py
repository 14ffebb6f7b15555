"""The whole loop against the real server: push idempotence and gold mixing, simulate, pull after
update/cancel/delete, resolve with decisions and queue reasons, relabel round trip with history kept."""

from __future__ import annotations

import json

import pytest

from curator.catalog import connect
from curator.label.client import client
from curator.label.project import InitOptions, init_project
from curator.label.pull import pull
from curator.label.push import PushOptions, push
from curator.label.qa import qa
from curator.label.relabel import relabel
from curator.label.resolve import ResolveOptions, resolve
from curator.label.simulate import SimulateOptions, simulate
from curator.label.tasks import choice_result

from .conftest import GUIDELINES, ingest_rows, mark_scrubbed_for_test, sql, tickets

pytestmark = pytest.mark.labelstudio
LABELS = ["billing", "shipping", "technical"]


@pytest.fixture
def pushed(ls, ws):
    """12 tickets, 10 scrubbed, a project with overlap 3 on every task, pushed with 20% gold."""
    ingest_rows(ws, tickets(12))
    mark_scrubbed_for_test(ws, [f"k{i}" for i in range(10)])
    init_project(ws, InitOptions("loop", labels=LABELS, guidelines=GUIDELINES, overlap=3, overlap_fraction=1.0))
    first = push(ws, PushOptions(gold_fraction=0.2))
    return first


def test_push_sends_scrubbed_only_mixes_gold_and_is_idempotent(pushed, ws):
    assert (pushed["sent"], pushed["gold"], pushed["overlapped"]) == (10, 2, 10)
    assert push(ws, PushOptions(gold_fraction=0.2))["sent"] == 0
    rows = sql(
        ws, "SELECT t.kind, t.gold_label, s.label, s.pii_scrubbed FROM ls_tasks t JOIN samples s USING (sample_id)"
    )
    assert len(rows) == 10 and all(scrubbed for *_, scrubbed in rows)
    assert sorted(k for k, *_ in rows).count("gold") == 2
    assert all(gold == src for kind, gold, src, _ in rows if kind == "gold")
    (ls_id,) = sql(ws, "SELECT ls_project_id FROM ls_projects")[0]
    remote = client(ws).projects.get(ls_id)
    assert remote.task_number == 10 and "billing" in remote.expert_instruction


def test_round_trip_pull_resolve_relabel(pushed, ws):
    sim = simulate(ws, SimulateOptions(annotators=3, accuracy=0.6, seed=3))
    assert sim["annotations"] == 30
    first = pull(ws)
    assert (first["new"], first["updated"], first["deleted"]) == (30, 0, 0)
    assert pull(ws)["new"] == 0 and pull(ws)["updated"] == 0  # idempotent
    assert sql(ws, "SELECT bool_and(simulated), count(DISTINCT annotator) FROM annotations")[0] == (True, 3)
    _edit_three_annotations(ws)
    second = pull(ws)
    assert (second["updated"], second["deleted"], second["cancelled"]) == (1, 1, 1)
    assert sql(
        ws, "SELECT count(*) FILTER (deleted), count(*) FILTER (was_cancelled AND label IS NULL) FROM annotations"
    )[0] == (1, 1)
    report = qa(ws)
    assert report["n_tasks"] == 10 and report["krippendorff_alpha"] is not None
    assert sql(ws, "SELECT count(*) FROM qa_annotators WHERE run_id = ?", [report["run_id"]])[0][0] == 3
    res = resolve(ws, ResolveOptions(policy="majority", min_agreement=0.6))
    assert res["labeled"] + res["queued"] == 10 and res["queued"] >= 1
    reasons = {r for (r,) in sql(ws, "SELECT reason FROM relabel_queue")}
    assert reasons <= {"disagreement", "low_agreement", "gold_failure"}
    n_label_decisions = sql(ws, "SELECT count(*) FROM decisions WHERE stage = 'label' AND decision = 'label'")[0][0]
    assert n_label_decisions == res["labeled"]
    _relabel_round(ws, res["queued"])


def _edit_three_annotations(ws):
    """Change one annotation's label, cancel (skip) a task for another annotator, delete a third."""
    sdk = client(ws)
    ids = [r[0] for r in sql(ws, "SELECT annotation_id FROM annotations ORDER BY annotation_id LIMIT 2")]
    old = sql(ws, "SELECT label FROM annotations WHERE annotation_id = ?", [ids[0]])[0][0]
    new = next(lb for lb in LABELS if lb != old)
    sdk.annotations.update(ids[0], result=[choice_result(new)])
    sdk.annotations.delete(ids[1])
    task = sql(ws, "SELECT task_id FROM ls_tasks ORDER BY task_id LIMIT 1")[0][0]
    sdk.annotations.create(task, result=[], was_cancelled=True, lead_time=1.0)


def _relabel_round(ws, queued):
    queued_ids = {r[0] for r in sql(ws, "SELECT sample_id FROM relabel_queue WHERE status = 'pending'")}
    out = relabel(ws)
    assert out["pushed"] == queued == len(queued_ids)
    new_tasks = sql(ws, "SELECT task_id, sample_id FROM ls_tasks WHERE kind = 'relabel' AND round = 1")
    assert {s for _, s in new_tasks} == queued_ids
    assert client(ws).tasks.get(str(new_tasks[0][0])).annotations == []  # earlier labels not shown
    assert relabel(ws)["pushed"] == 0
    simulate(ws, SimulateOptions(annotators=3, accuracy=1.0, seed=4))
    pull(ws)
    again = resolve(ws, ResolveOptions(policy="majority", min_agreement=0.6))
    assert again["queue_done"] == len(queued_ids)
    statuses = dict(sql(ws, "SELECT status, count(*) FROM relabel_queue GROUP BY 1"))
    assert statuses.get("done") == len(queued_ids) and "pending" not in statuses
    truth = dict(sql(ws, "SELECT s.sample_id, s.label FROM samples s"))
    labels = dict(sql(ws, "SELECT sample_id, label FROM labels"))
    assert all(labels[s] == truth[s] for s in queued_ids)  # accuracy 1.0 in the new round
    sid = sorted(queued_ids)[0]
    history = sql(
        ws,
        "SELECT decision, reason, details FROM decisions WHERE sample_id = ? AND stage = 'label' "
        "ORDER BY created_at, seq",
        [sid],
    )
    kinds = [(d, r) for d, r, _ in history]
    assert kinds[0][0] == "flag" and ("flag", "relabel_pushed") in kinds and kinds[-1][0] == "label"
    assert json.loads(history[-1][2])["label"] == truth[sid]


def test_push_with_model_predictions_as_pre_annotations(ls, ws):
    from curator.train.card import write_model_card
    from curator.train.config import FastTextConfig
    from curator.train.fasttext_model import FASTTEXT_FILE, fit_fasttext

    rows = tickets(9)
    model_dir = ws.models_dir / "ft-test"
    model_dir.mkdir(parents=True)
    model = fit_fasttext([r["text"] for r in rows], [LABELS.index(r["label"]) for r in rows], FastTextConfig(epochs=5))
    model.save_model(str(model_dir / FASTTEXT_FILE))
    write_model_card(model_dir, {"kind": "fasttext", "labels": LABELS})
    ingest_rows(ws, rows[:3])
    mark_scrubbed_for_test(ws)
    init_project(ws, InitOptions("preds", labels=LABELS))
    assert push(ws, PushOptions(predictions="ft-test"))["sent"] == 3
    tasks = sql(ws, "SELECT task_id, predicted_label, model_id FROM ls_tasks ORDER BY task_id")
    assert all(label in LABELS and mid == "ft-test" for _, label, mid in tasks)
    remote = client(ws).tasks.get(str(tasks[0][0]))
    assert remote.total_predictions == 1


def test_a_model_flagged_sample_never_pushed_goes_out_and_the_answer_key_decides(pushed, ws, tmp_path):
    """k10/k11 were never in the project; a model flags k10; relabel sends it (round 1), and simulated
    annotators answering from an answer key (not the noisy source label) settle its label."""
    mark_scrubbed_for_test(ws, ["k10", "k11"])
    sid10 = sql(ws, "SELECT sample_id FROM samples WHERE source_key = 'k10'")[0][0]
    source_label = sql(ws, "SELECT label FROM samples WHERE sample_id = ?", [sid10])[0][0]
    true_label = next(lb for lb in LABELS if lb != source_label)
    with connect(ws) as con:
        con.execute(
            "INSERT INTO relabel_queue VALUES (?, 'model_disagrees', 1.0, '{}', 'pending', now(), 'm1')", [sid10]
        )
    out = relabel(ws)
    assert out["pushed"] == 1
    assert sql(ws, "SELECT kind, round FROM ls_tasks WHERE sample_id = ?", [sid10]) == [("relabel", 1)]
    key = tmp_path / "truth.jsonl"
    key.write_text(json.dumps({"ref": "t:k10", "label": true_label}) + "\n")
    simulate(ws, SimulateOptions(annotators=3, accuracy=1.0, seed=5, truth=key))
    pull(ws)
    resolve(ws, ResolveOptions(policy="majority", min_agreement=0.6))
    assert sql(ws, "SELECT label FROM labels WHERE sample_id = ?", [sid10]) == [(true_label,)]
    assert sql(ws, "SELECT status FROM relabel_queue WHERE sample_id = ?", [sid10]) == [("done",)]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"ref": "t:k1", "label": "billing"}\n{"label": "x"}\n')
    with pytest.raises(Exception, match=r"bad.jsonl:2: not an answer-key line"):
        simulate(ws, SimulateOptions(truth=bad))
