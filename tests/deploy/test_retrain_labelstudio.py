"""The whole retrain-on-annotations path against a real Label Studio server and a real `curator serve` process:
the promoted model's service is connected to a curator project as its ML backend; a simulated annotator answers
the pushed tasks in Label Studio; the webhook counts them and, past --retrain-after, starts the retrain in the
background, which pulls THAT project, resolves, builds a new split version, trains and evaluates — recorded on
the request, never promoted — while the service keeps answering."""

from __future__ import annotations

import json

import pytest

from curator.catalog import connect
from curator.deploy.registry import serving
from curator.label.client import client as ls_client
from tests.deploy.conftest import poll
from tests.deploy.test_retrain import loop, loop_template  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
LABELS = "billing,shipping,technical,account,returns,feedback"


def q(ws, sql: str, params: list | None = None) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_annotations_in_label_studio_start_a_retrain_on_that_project(ls, ws, cli, loop, serve, tmp_path):  # noqa: F811
    old, labeled = loop
    key = tmp_path / "truth.jsonl"  # truth for the 40 ingested without a label; the rest answer with their own
    key.write_text(
        "".join(
            json.dumps({"ref": f"tickets:{r['id']}", "label": r["label"]}) + "\n"
            for r in map(json.loads, labeled.read_text().splitlines())
        )
    )
    cli("annotate", "init", "--project", "prod", "--labels", LABELS)
    sent = json.loads(cli("annotate", "push", "--project", "prod", "--json").stdout)
    n = sent["sent"]
    assert n > 10 and sent["gold"] == 0, sent
    [(ls_id,)] = q(ws, "SELECT ls_project_id FROM ls_projects WHERE name = 'prod'")
    s = serve("tickets", "--retrain-after", str(n))
    ls_client(ws).ml.create(project=ls_id, url=s.url, title="curator", is_interactive=False)
    cli("annotate", "simulate", "--project", "prod", "--annotators", "1", "--accuracy", "1.0", "--truth", str(key))

    def outcome():
        rows = q(ws, "SELECT status, project_id, new_model_id, split_version, error FROM retrain_requests")
        return rows if rows and rows[0][0] != "running" else None

    [(status, project, new, version, error)] = poll(outcome, timeout=300, every=1) or [("timeout",) * 5]
    assert (status, project, error) == ("trained", ls_id, None)
    resolved = q(ws, "SELECT count(*) FROM labels l JOIN ls_tasks t USING (sample_id) WHERE t.project = 'prod'")
    assert resolved[0][0] == n  # the project's answers were pulled and resolved by the retrain itself
    members = q(ws, "SELECT n_members FROM splits WHERE version = ?", [version])[0][0]
    before = q(
        ws, "SELECT s.n_members FROM models m JOIN splits s ON s.version = m.split_version WHERE model_id = ?", [old]
    )
    assert members > before[0][0]  # the tickets that had no label before joined the new version
    assert q(ws, "SELECT split_version FROM models WHERE model_id = ?", [new]) == [(version,)]
    with connect(ws, read_only=True) as con:
        assert serving(con, "tickets") == old  # never promoted
    assert s.client.post("/predict", json={"texts": ["my parcel never arrived"]}).status_code == 200
    assert s.proc.poll() is None
