"""`curator serve` as Label Studio's ML backend, against the real server: connected through the SDK, opened tasks
carry the model's predictions; annotations posted in Label Studio reach the webhook and are counted; past
--retrain-after a retrain request is recorded and started in the background (never a promotion): this project was
made through the SDK, not `curator annotate init`, so the retrain fails at its first step with that reason."""

from __future__ import annotations

import uuid

import pytest

from curator.catalog import connect
from curator.label.client import client as ls_client
from tests.deploy.conftest import poll

pytestmark = pytest.mark.labelstudio

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="intent" toName="text" choice="single">
    <Choice value="billing"/><Choice value="login"/><Choice value="shipping"/>
  </Choices>
</View>"""
TEXTS = ["refund my invoice payment please", "tracking parcel courier delivery", "password reset account locked"]


def events(ws) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute(
            "SELECT name, action, n_annotations, project_id FROM serve_annotation_events ORDER BY received_at"
        ).fetchall()


def retrain_outcome(ws) -> tuple:
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT status, error FROM retrain_requests").fetchone()


def test_connected_backend_predicts_tasks_and_counts_annotations(ws, ls, cli, tiny_models, serve):
    model_id = tiny_models[0]
    cli("models", "promote", "tiny", model_id)
    s = serve("tiny", "--retrain-after", "2")
    sdk = ls_client(ws)
    project = sdk.projects.create(title=f"deploy-{uuid.uuid4().hex[:8]}", label_config=CONFIG)
    try:
        sdk.projects.import_tasks(
            id=project.id, request=[{"text": t, "sample_id": f"s{i}"} for i, t in enumerate(TEXTS)]
        )
        backend = sdk.ml.create(project=project.id, url=s.url, title="curator", is_interactive=True)
        assert backend.state in ("CO", "CONNECTED") or backend.id  # health + setup answered
        tasks = list(sdk.tasks.list(project=project.id))
        for task in tasks:
            sdk.tasks.get(id=task.id)  # opening a task (as the labeling screen does) asks the backend
        got = {}
        for task in tasks:
            [pred] = sdk.predictions.list(task=task.id)
            [region] = pred.result
            assert (region["from_name"], region["to_name"], region["type"]) == ("intent", "text", "choices")
            assert pred.model_version == model_id and 0 < pred.score <= 1
            got[task.data["text"]] = region["value"]["choices"][0]
        assert got == dict(zip(TEXTS, ["billing", "shipping", "login"], strict=True))

        answer = [{"from_name": "intent", "to_name": "text", "type": "choices", "value": {"choices": ["billing"]}}]
        sdk.annotations.create(id=tasks[0].id, result=answer)
        assert poll(lambda: events(ws), timeout=30) == [("tiny", "ANNOTATION_CREATED", 1, project.id)]
        with connect(ws, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM retrain_requests").fetchone() == (0,)
        sdk.annotations.create(id=tasks[1].id, result=answer)
        assert poll(lambda: len(events(ws)) == 2, timeout=30)
        with connect(ws, read_only=True) as con:
            req = con.execute(
                "SELECT name, model_id, n_annotations, threshold, status FROM retrain_requests"
            ).fetchall()
            promos = con.execute("SELECT count(*) FROM model_promotions").fetchone()
        assert req[0][:4] == ("tiny", model_id, 2, 2) and len(req) == 1 and promos == (1,)  # nothing promoted
        done = poll(lambda: retrain_outcome(ws) if retrain_outcome(ws)[0] != "running" else None, timeout=30)
        assert done == (
            "failed",
            f"Label Studio project {project.id} (from the webhook) is not a project of this workspace "
            "(`curator annotate init` makes one)",
        )
    finally:
        sdk.projects.delete(id=project.id)
    assert s.proc.poll() is None
