"""No raw PII string reaches any Label Studio task: the real PII stage scrubs, push sends scrubbed text only,
and the audit (which re-reads every task from the server) finds nothing, but does find a planted leak."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator import engine
from curator.label.audit import audit_tasks
from curator.label.client import client
from curator.label.project import InitOptions, init_project
from curator.label.push import PushOptions, push

from .conftest import ROOT, ingest_rows, sql

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
EMAIL, NAME = "maria.keller@example.com", "Maria Keller"


def _run_pii_stage(ws) -> None:
    recipe = engine.load_recipe(Path(ROOT / "pipelines" / "default.yaml"))
    engine.run_recipe(ws, recipe, engine.select_stages(recipe, ["pii"]), "local", 1)


def test_no_raw_pii_reaches_label_studio(ls, ws):
    ingest_rows(
        ws,
        [
            {
                "id": "p1",
                "text": f"Hello, this is {NAME}, write to {EMAIL} about my double charge.",
                "label": "billing",
            },
            {"id": "p2", "text": "My parcel has not arrived yet, can you check the delivery?", "label": "shipping"},
            {"id": "p3", "text": "The app crashes every time I open the settings page.", "label": "technical"},
        ],
    )
    _run_pii_stage(ws)
    assert sql(ws, "SELECT bool_and(pii_scrubbed) FROM samples")[0][0]
    init_project(ws, InitOptions("pii", labels=["billing", "shipping", "technical"]))
    assert push(ws, PushOptions())["sent"] == 3
    report = audit_tasks(ws)
    assert report["ok"] and report["tasks"] == 3 and report["values_checked"] >= 1, report
    (ls_id,) = sql(ws, "SELECT ls_project_id FROM ls_projects")[0]
    client(ws).projects.import_tasks(
        ls_id,
        request=[
            {"data": {"text": f"planted {EMAIL}", "sample_id": "x"}},
            # a name found in another sample is an ordinary word elsewhere: only its own sample's names count
            {"data": {"text": f"the {NAME} edition of the app", "sample_id": "y"}},
        ],
    )
    planted = audit_tasks(ws)
    assert not planted["ok"] and [leak["entity_type"] for leak in planted["leaks"]] == ["EMAIL_ADDRESS"]
    assert planted["unscrubbed_tasks"][0] == {"task_id": planted["leaks"][0]["task_id"], "sample_id": "x"}
    assert [t["sample_id"] for t in planted["unscrubbed_tasks"]] == ["x", "y"]
    assert EMAIL not in repr(planted)  # the audit never repeats the value
