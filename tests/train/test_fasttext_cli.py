"""fastText baseline end to end through the CLI: train, catalog rows, predict a file, errors, search."""

from __future__ import annotations

import json

from curator.catalog import connect


def test_train_fasttext_records_model_and_run(ws, cli, tiny_split):
    out = json.loads(cli("train", "tiny", "--model", "fasttext", "--json").stdout)
    assert out["verified"] and out["split"] == "tiny@v1" and out["val_macro_f1"] > 0.8
    with connect(ws, read_only=True) as con:
        model = con.execute("SELECT kind, split_version, verified, n_train, run_id FROM models").fetchall()
        run = con.execute("SELECT command, status, n_in FROM runs WHERE run_id = ?", [model[0][4]]).fetchone()
    assert model[0][:4] == ("fasttext", "v1", True, 90)
    assert run == ("train", "succeeded", 90)


def test_predict_writes_one_row_per_record(ws, cli, tiny_split, tmp_path):
    cli("train", "tiny", "--model", "fasttext", "--quiet")
    src = tmp_path / "new.jsonl"
    records = [{"id": "x1", "text": "refund my invoice payment"}, {"id": "x2", "text": "tracking parcel courier"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    cli("predict", "latest", "--input", str(src), "--out", str(tmp_path / "p.jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [(r["id"], r["label"]) for r in rows] == [("x1", "billing"), ("x2", "shipping")]


def test_user_errors_are_one_line(ws, cli, tiny_split, tmp_path):
    res = cli("train", "nope", "--model", "fasttext", ok=False)
    assert res.exit_code == 1 and "no split 'nope'" in res.output
    res = cli("train", "tiny", "--model", str(tmp_path), ok=False)
    assert res.exit_code == 1 and "local HF model folder" in res.output
    res = cli("evaluate", "no-such-model", ok=False)
    assert res.exit_code == 1 and "no model 'no-such-model'" in res.output
    with connect(ws, read_only=True) as con:  # the failed train left a failed run, no model
        assert con.execute("SELECT status FROM runs WHERE command = 'train'").fetchall() == [("failed",)]
        assert con.execute("SELECT count(*) FROM models").fetchone()[0] == 0


def test_search_records_every_trial_and_keeps_the_best(ws, cli, tiny_split):
    out = json.loads(cli("train", "tiny", "--model", "fasttext", "--search", "3", "--json").stdout)
    with connect(ws, read_only=True) as con:
        sql = "SELECT trial, val_macro_f1, chosen, model_id FROM training_trials ORDER BY trial"
        trials = con.execute(sql).fetchall()
        models = con.execute("SELECT model_id, search_id FROM models").fetchall()
    assert len(trials) == 3 and sum(t[2] for t in trials) == 1
    chosen = next(t for t in trials if t[2])
    assert chosen[1] == max(t[1] for t in trials) and chosen[3] == out["model_id"]
    assert models == [(out["model_id"], out["search_id"])]
    assert not list((ws.tmp_dir).glob("search-*"))  # scratch trial folders are gone
