"""The whole deploy loop, end to end, against a real Label Studio server and a real `curator serve` process:
a promoted model serves production texts with --log-inputs → the log is ingested as a source and curated
(`curator run`: langid, quality, dedup, PII) → `curator monitor` flags the shifted mix (exit 1, one-line reason)
→ `--to-labeling` sends the uncertain/drifted samples to a Label Studio project → simulated annotators answer →
resolve → a new split version → train → `curator monitor-compare` promotes the new model, recorded.

Data: the demo corpus generator (curator.demo.corpus): English tickets to train on; "production" that is 60%
German/French/Spanish and about half as long. Everything through the CLI (in-process), the service as a child
process (tests/deploy/conftest.py)."""

from __future__ import annotations

import json

import pytest

from curator.demo.corpus import generate_with_truth
from tests.label.conftest import sql

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
LABELS = "billing,shipping,technical,account,returns,feedback"
CLEAN = {"dup_rate": 0.0, "near_dup_rate": 0.0, "junk_rate": 0.0, "label_noise": 0.0}
SPLIT = ("--label-source", "resolved_or_source", "--ratios", "0.7,0.15,0.15", "--seed", "13")


def corpus(n: int, seed: int, foreign: float, chars: int) -> list[dict]:
    """{id, text, label} records with their TRUE label (the generator's own answer)."""
    rows = generate_with_truth(n, seed=seed, foreign_rate=foreign, target_chars=chars, **CLEAN)
    return [{"id": r["id"], "text": r["text"], "label": t["true_label"]} for r, t in rows]


def out(result) -> dict:
    return json.loads(result.stdout)


def trained_and_promoted(cli, tmp_path) -> str:
    """240 English tickets ingested, curated, split, a fastText model trained, evaluated and promoted."""
    path = tmp_path / "tickets.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in corpus(240, seed=1, foreign=0.0, chars=300)))
    cli("ingest", str(path), "--source", "tickets", "--label-field", "label")
    cli("run")
    cli("build-split", "tickets", *SPLIT)
    model_id = out(cli("train", "tickets", "--model", "fasttext", "--quiet", "--json"))["model_id"]
    cli("evaluate", model_id)
    assert out(cli("models", "promote", "tickets", "--reason", "first model", "--json"))["model_id"] == model_id
    return model_id


def serve_production(ws, serve, texts: list[str]) -> list[dict]:
    """The promoted model served with --log-inputs; the texts POSTed in batches of 40; the log's lines."""
    served = serve("tickets", "--log-inputs")
    for start in range(0, len(texts), 40):
        res = served.client.post("/predict", json={"texts": texts[start : start + 40]})
        assert res.status_code == 200, res.text
    served.stop()
    log = ws.data_dir / "production" / "tickets.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def curate_production(ws, cli, n: int) -> None:
    """The log is a source like any other: ingested raw, then curated and scrubbed by the same recipe."""
    rep = out(cli("ingest", str(ws.data_dir / "production" / "tickets.jsonl"), "--source", "production", "--json"))
    assert rep["accepted"] == n
    cli("run")
    query = "SELECT count(*), count(*) FILTER (pii_scrubbed) FROM samples WHERE source = 'production' AND status = ?"
    (active, scrubbed) = sql(ws, query, ["active"])[0]
    assert 0 < active == scrubbed < n  # dedup dropped some; every kept one went through the PII stage


def monitor_flags_the_shift(ws, cli) -> None:
    """The language mix and the lengths moved: exit 1, the first crossing as the one-line reason, the run stored."""
    mon = cli("monitor", "tickets", "--embedding", "tfidf", "--json", ok=False)
    assert mon.exit_code == 1
    res = out(mon)
    flagged = {w["check_name"] for w in res["windows"] if w["flagged"]}
    assert {"language", "length"} <= flagged, res["windows"]
    assert res["reason"].startswith("drift in window ") and "language psi" in res["reason"]
    assert sql(ws, "SELECT count(*) FROM monitor_runs WHERE n_flagged = 1")[0][0] == 1


def label_production(ws, cli, key) -> int:
    """--to-labeling: the uncertain or drifted samples (at most 40, each with why) into a real Label Studio project;
    a simulated annotator answers from the answer key; pull; resolve. Returns how many were sent."""
    cli("annotate", "init", "--project", "prod-review", "--labels", LABELS)
    args = ("--embedding", "none", "--to-labeling", "prod-review", "--limit", "40", "--json")
    sent = out(cli("monitor", "tickets", *args, ok=False))["to_labeling"]
    assert 0 < sent["sent"] <= 40 and sent["sent_by_reason"]["rare_language"] > 0
    why = [json.loads(d)["monitor"] for (d,) in sql(ws, "SELECT details FROM learn_selections")]
    assert len(why) == sent["sent"] and all(why)
    answer = ("--annotators", "1", "--accuracy", "1.0", "--truth", str(key))
    cli("annotate", "simulate", "--project", "prod-review", *answer)
    cli("annotate", "pull", "--project", "prod-review")
    cli("annotate", "resolve", "--project", "prod-review", "--policy", "majority", "--min-agreement", "0")
    resolved = sql(ws, "SELECT count(*) FROM labels JOIN samples USING (sample_id) WHERE source = 'production'")
    assert resolved[0][0] == sent["sent"]
    return sent["sent"]


def test_serve_log_to_monitor_to_labeling_to_a_promoted_model(ls, ws, cli, serve, tmp_path):
    old = trained_and_promoted(cli, tmp_path)
    production = corpus(150, seed=2, foreign=0.6, chars=150)
    logged = serve_production(ws, serve, [r["text"] for r in production])
    assert [r["text"] for r in logged] == [r["text"] for r in production]
    assert {r["model_id"] for r in logged} == {old}
    curate_production(ws, cli, len(production))
    monitor_flags_the_shift(ws, cli)
    # the simulated annotator answers from the generator's truth, matched to the samples through the log's ids
    truth = {r["text"]: r["label"] for r in production}
    key = tmp_path / "truth.jsonl"
    key.write_text(
        "".join(json.dumps({"ref": f"production:{r['id']}", "label": truth[r["text"]]}) + "\n" for r in logged)
    )
    label_production(ws, cli, key)

    # a new split version with the production labels, a new model, compared with the serving one on its test part
    split = out(cli("build-split", "tickets", *SPLIT, "--json"))
    new = out(cli("train", f"tickets@{split['version']}", "--model", "fasttext", "--quiet", "--json"))["model_id"]
    cli("evaluate", new)
    cmp = out(cli("monitor-compare", "tickets", new, "--json"))
    assert cmp["old_model_id"] == old and cmp["split_version"] == split["version"]
    assert cmp["promoted"], cmp["reason"]
    assert cmp["new_macro_f1"] > cmp["old_macro_f1"]
    assert cmp["reason"].startswith(f"promoted: new {cmp['new_macro_f1']:.4f} vs old {cmp['old_macro_f1']:.4f}")
    assert sql(ws, "SELECT old_model_id, new_model_id, promoted FROM monitor_comparisons") == [(old, new, True)]
    last = sql(ws, "SELECT model_id, previous_model, reason FROM model_promotions ORDER BY created_at DESC LIMIT 1")
    assert last[0][:2] == (new, old) and last[0][2].startswith("monitor-compare: new ")
    assert {r["model_id"]: r["status"] for r in out(cli("models", "list", "tickets", "--json"))}[new] == "serving"
