"""`curator monitor … --to-labeling PROJECT --limit N` against the real Label Studio server: only active, scrubbed
production samples the model is unsure of (or that drifted) are sent, at most N, through active learning's
selection; simulated annotators label them, a new split version trains a new model, and compare_and_promote scores
old and new on the same test part and records the comparison."""

from __future__ import annotations

import json

import duckdb
import pytest

from curator.label.client import client
from curator.label.project import InitOptions, init_project
from curator.label.pull import pull
from curator.label.resolve import ResolveOptions, resolve
from curator.label.simulate import SimulateOptions, simulate
from curator.monitor.compare import compare_and_promote
from curator.monitor.options import MonitorOptions
from curator.monitor.run import monitor
from curator.monitor.to_labeling import LabelingOptions, to_labeling_push

from .conftest import LABELS, ingest_production, make_rows, sql

pytestmark = pytest.mark.labelstudio
LIMIT = 6


def production(ws) -> dict[str, str]:
    """60 production tickets (half mixing two topics: low confidence), no source label; 6 more are not scrubbed,
    6 more were dropped by curation, and 6 of another source: none of those 18 may be sent. Returns the truth."""
    rows = make_rows(78, "p", seed=11, ambiguous=0.5)
    truth = {r["id"]: r.pop("label") for r in rows}
    ingest_production(ws, rows)
    other = make_rows(6, "o", seed=12, ambiguous=1.0)
    ingest_production(ws, [{k: v for k, v in r.items() if k != "label"} for r in other], source="elsewhere")
    con = duckdb.connect(str(ws.catalog_path))
    try:
        keys = [f"p{i:05d}" for i in range(60, 78)]
        con.execute("UPDATE samples SET pii_scrubbed = false WHERE source_key IN (SELECT unnest(?))", [keys[:6]])
        con.execute("UPDATE samples SET status = 'dropped' WHERE source_key IN (SELECT unnest(?))", [keys[6:12]])
    finally:
        con.close()
    return truth


def test_to_labeling_sends_only_scrubbed_active_uncertain_production_samples_then_compare(ls, ws, trained):
    truth = production(ws)
    init_project(ws, InitOptions("prod-review", labels=LABELS))
    mopts = MonitorOptions(name="tickets", model=trained, embedding="tfidf", low_confidence=0.75)
    res = monitor(ws, mopts)
    sent = to_labeling_push(ws, mopts, res, LabelingOptions(project="prod-review", limit=LIMIT))
    assert 0 < sent["sent"] <= LIMIT and sent["candidates"] >= sent["sent"]
    pushed = sql(
        ws,
        "SELECT s.source, s.status, s.pii_scrubbed, s.source_key, p.score FROM ls_tasks t JOIN samples s "
        "USING (sample_id) LEFT JOIN predictions p ON p.sample_id = s.sample_id AND p.part = 'production' "
        "WHERE t.project = 'prod-review'",
    )
    assert len(pushed) == sent["sent"]
    assert {(r[0], r[1], r[2]) for r in pushed} == {("production", "active", True)}
    assert all(int(r[3][1:]) < 60 for r in pushed)  # never the unscrubbed or dropped ones
    # each was a candidate for a recorded reason, and a low-confidence one is under the cut
    chosen = sql(
        ws,
        "SELECT l.details, p.score FROM learn_selections l JOIN predictions p ON p.sample_id = l.sample_id "
        "AND p.part = 'production' AND p.model_id = ?",
        [trained],
    )
    why = [(json.loads(d)["monitor"], score) for d, score in chosen]
    assert len(why) == sent["sent"] and all(w for w, _ in why)
    assert all(score < 0.75 for w, score in why if "low_confidence" in w)
    assert sent["sent_by_reason"]["low_confidence"] == sum("low_confidence" in w for w, _ in why)
    (ls_id,) = sql(ws, "SELECT ls_project_id FROM ls_projects WHERE name = 'prod-review'")[0]
    remote = sorted(t.data["sample_id"] for t in client(ws).tasks.list(project=ls_id, fields="all"))
    assert remote == sorted(sql_ids(ws))
    # a second push sends nothing twice
    again = to_labeling_push(ws, mopts, res, LabelingOptions(project="prod-review", limit=LIMIT))
    assert not set(sql_ids(ws, again["run_id"])) & set(remote)

    # simulated annotators answer from the truth; labels feed a new split version; retrain; compare on one test part
    key = ws.tmp_dir / "truth.jsonl"
    key.write_text("".join(json.dumps({"ref": f"production:{k}", "label": v}) + "\n" for k, v in truth.items()))
    simulate(ws, SimulateOptions(annotators=1, accuracy=1.0, project="prod-review", truth=key))
    pull(ws, "prod-review")
    resolve(ws, ResolveOptions(project="prod-review", policy="majority", min_agreement=0.0))
    from curator.splits.build import build_split
    from curator.splits.options import SplitOptions
    from curator.train.config import TrainOptions
    from curator.train.runner import train

    split = build_split(ws, SplitOptions("tickets", label_source="resolved_or_source", ratios=(0.7, 0.15, 0.15)))
    new = train(ws, f"tickets@{split['version']}", TrainOptions(model="fasttext"), log=lambda _: None, progress=False)
    cmp = compare_and_promote(ws, "tickets", new["model_id"], old=trained)
    stored = sql(ws, "SELECT old_model_id, new_model_id, split_version, promoted, reason FROM monitor_comparisons")
    assert stored == [(trained, new["model_id"], split["version"], cmp["promoted"], cmp["reason"])]
    assert cmp["reason"].startswith(("promoted: new", "kept ", "better, NOT promoted"))
    assert f"on tickets@{split['version']} test" in cmp["reason"]


def sql_ids(ws, run_id: str | None = None) -> list[str]:
    where, params = ("AND run_id = ?", [run_id]) if run_id else ("", [])
    return [r[0] for r in sql(ws, f"SELECT sample_id FROM ls_tasks WHERE project = 'prod-review' {where}", params)]
