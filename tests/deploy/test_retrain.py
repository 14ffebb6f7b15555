"""A retrain request taken up (curator.deploy.retrain): a new split version with the serving split's options, a new
model of the serving model's kind and config, evaluated, recorded on the request, never promoted; a failure is
recorded as one line. The webhook path (lsbackend.count_webhook past --retrain-after) starts it as a background
process, one per name at a time.

Data: the demo corpus generator, 120 labeled English tickets and 40 more ingested WITHOUT a label, all curated
(`curator run`, real PII stage), split, a fastText model trained, evaluated and promoted once per session. New
labels arrive by re-ingesting the 40 with their labels (no Label Studio here: the requests name no project, so
pull and resolve are skipped; the real-server webhook test is tests/deploy/test_labelstudio_backend.py)."""

from __future__ import annotations

import json
import shutil
import stat
import uuid
from pathlib import Path

import pytest

from curator.catalog import connect, transaction, utcnow
from curator.demo.corpus import generate_with_truth
from curator.deploy.lsbackend import count_webhook
from curator.deploy.registry import serving
from curator.deploy.retrain import retrain
from tests.deploy.conftest import poll

CLEAN = {"dup_rate": 0.0, "near_dup_rate": 0.0, "junk_rate": 0.0, "label_noise": 0.0, "pii_rate": 0.0}
SPLIT = ("--label-source", "resolved_or_source", "--ratios", "0.7,0.15,0.15", "--seed", "13")


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def loop_template(tmp_path_factory) -> tuple[Path, str, Path]:
    """(workspace home, the serving model's id, the 40 tickets WITH labels to ingest later)."""
    from typer.testing import CliRunner

    from curator.catalog.init import init_workspace
    from curator.cli import app

    tmp = tmp_path_factory.mktemp("retrain")
    ws, _ = init_workspace(tmp / "ws")
    rows = generate_with_truth(160, seed=1, foreign_rate=0.0, target_chars=200, **CLEAN)
    recs = [{"id": r["id"], "text": r["text"], "label": t["true_label"]} for r, t in rows]
    runner = CliRunner()

    def cli(*args: str) -> str:
        res = runner.invoke(app, ["--home", str(ws.home), *args], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        return res.stdout

    cli("ingest", str(jsonl(tmp / "a.jsonl", recs[:120])), "--source", "tickets", "--label-field", "label")
    unlabeled = [{k: v for k, v in r.items() if k != "label"} for r in recs[120:]]
    cli("ingest", str(jsonl(tmp / "b0.jsonl", unlabeled)), "--source", "tickets")
    cli("run")
    cli("build-split", "tickets", *SPLIT)
    model_id = json.loads(cli("train", "tickets", "--model", "fasttext", "--quiet", "--json"))["model_id"]
    cli("evaluate", model_id)
    cli("models", "promote", "tickets", model_id, "--reason", "first model")
    return ws.home, model_id, jsonl(tmp / "b.jsonl", recs[120:])


@pytest.fixture
def loop(ws, loop_template) -> tuple[str, Path]:
    home, model_id, labeled = loop_template
    shutil.copytree(home, ws.home, dirs_exist_ok=True)
    return model_id, labeled


def request(ws, model_id: str, project_id: int | None = None) -> str:
    """A retrain request as the webhook records it (status running: claimed)."""
    rid, now = uuid.uuid4().hex, utcnow()
    with connect(ws) as con, transaction(con):
        con.execute(
            "INSERT INTO retrain_requests (request_id, name, model_id, project_id, n_annotations, threshold, status, "
            "created_at, updated_at) VALUES (?, 'tickets', ?, ?, 40, 40, 'running', ?, ?)",
            [rid, model_id, project_id, now, now],
        )
    return rid


def q(ws, sql: str, params: list | None = None) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def row(ws, rid: str) -> tuple:
    return q(ws, "SELECT status, new_model_id, split_version, error FROM retrain_requests WHERE request_id = ?", [rid])[
        0
    ]


def test_retrain_builds_a_new_version_trains_evaluates_and_does_not_promote(ws, cli, loop):
    old, labeled = loop
    cli("ingest", str(labeled), "--source", "tickets", "--label-field", "label")  # 40 new labels
    rid = request(ws, old)
    out = retrain(ws, "tickets", rid)
    assert out["status"] == "trained", out
    new = out["model_id"]
    [(old_version, old_params, old_config)] = q(
        ws,
        "SELECT s.version, s.params, m.config FROM models m JOIN splits s ON (s.name, s.version) = "
        "(m.split_name, m.split_version) WHERE m.model_id = ?",
        [old],
    )
    [(version, parent, params, n_members)] = q(
        ws,
        "SELECT version, parent_version, params, n_members FROM splits WHERE name = 'tickets' AND version = ?",
        [out["split_version"]],
    )
    assert version != old_version and parent == old_version and params == old_params  # same options, new version
    assert n_members > q(ws, "SELECT n_members FROM splits WHERE version = ?", [old_version])[0][0]
    assert q(ws, "SELECT kind, split_version, config FROM models WHERE model_id = ?", [new]) == [
        ("fasttext", version, old_config)
    ]
    scores = q(
        ws,
        "SELECT value FROM metrics WHERE model_id = ? AND part = 'test' AND metric = 'macro_f1' AND label IS NULL",
        [new],
    )
    assert len(scores) == 1 and round(scores[0][0], 4) == out["test_macro_f1"]
    assert row(ws, rid) == ("trained", new, version, None)
    with connect(ws, read_only=True) as con:
        assert serving(con, "tickets") == old  # never promoted: monitor-compare decides
    assert q(ws, "SELECT model_id FROM model_promotions") == [(old,)]
    assert q(ws, "SELECT status FROM runs WHERE command = 'retrain'") == [("succeeded",)]


def test_no_new_labels_is_recorded_as_failed_with_its_reason(ws, loop):
    old, _ = loop
    rid = request(ws, old)
    out = retrain(ws, "tickets", rid)
    [(old_version,)] = q(ws, "SELECT split_version FROM models WHERE model_id = ?", [old])
    reason = f"build-split tickets: no new labels since the serving model's split (the same version {old_version})"
    assert out["status"] == "failed" and out["error"] == reason
    assert row(ws, rid) == ("failed", None, None, reason)
    assert q(ws, "SELECT count(*) FROM models") == [(1,)]  # nothing trained


def test_a_project_the_workspace_does_not_know_fails_before_any_step(ws, loop):
    old, _ = loop
    rid = request(ws, old, project_id=999)
    out = retrain(ws, "tickets", rid)
    assert out["status"] == "failed"
    assert row(ws, rid)[3].startswith("Label Studio project 999 (from the webhook) is not a project of this workspace")
    assert q(ws, "SELECT count(*) FROM splits") == [(1,)]


def test_webhook_past_the_threshold_starts_one_background_retrain(ws, cli, loop):
    old, labeled = loop
    cli("ingest", str(labeled), "--source", "tickets", "--label-field", "label")
    event = {"action": "ANNOTATION_CREATED", "annotation": {"id": 1}}
    first = count_webhook(ws, "tickets", old, event, threshold=2)
    assert first["retrain_started"] is None and q(ws, "SELECT count(*) FROM retrain_requests") == [(0,)]
    second = count_webhook(ws, "tickets", old, event, threshold=2)
    rid = second["retrain_started"]
    assert rid and second["retrain_requested"]
    # while it runs (its process takes seconds just to import), the count keeps going and no second one starts
    third = count_webhook(ws, "tickets", old, {"action": "ANNOTATIONS_CREATED", "annotation": [{}, {}]}, threshold=2)
    assert third["retrain_running"] == rid and third["retrain_started"] is None and third["since_last_retrain"] == 2
    assert q(ws, "SELECT count(*) FROM retrain_requests") == [(1,)]
    done = poll(lambda: row(ws, rid)[0] != "running", timeout=120)
    status, new, version, error = row(ws, rid)
    log = ws.reports_dir / "retrain" / f"tickets-{rid}.log"
    assert done and status == "trained", (status, error, log.read_text())
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and f"trained {new}" in log.read_text()
    assert q(ws, "SELECT split_version FROM models WHERE model_id = ?", [new]) == [(version,)]
    with connect(ws, read_only=True) as con:
        assert serving(con, "tickets") == old
