"""The model registry: train records a file digest; promote picks the best verified test macro-F1, refuses changed
files, records who/why/metrics; retire takes a model out of service."""

from __future__ import annotations

import json

from curator.catalog import connect
from curator.deploy.files import files_digest
from tests.deploy.conftest import model_path, set_test_f1


def promotions(ws) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute(
            "SELECT name, model_id, action, by_user, reason, CAST(metrics AS VARCHAR) FROM model_promotions "
            "ORDER BY created_at"
        ).fetchall()


def test_train_records_the_model_files_digest(ws, tiny_models):
    with connect(ws, read_only=True) as con:
        rows = dict(con.execute("SELECT model_id, files_sha256 FROM models").fetchall())
    assert rows == {m: files_digest(model_path(ws, m)) for m in tiny_models}


def test_promote_picks_the_best_test_macro_f1_that_passed_reload(ws, cli, tiny_models):
    old, new = tiny_models
    set_test_f1(ws, old, 0.91)
    set_test_f1(ws, new, 0.80)
    out = json.loads(cli("models", "promote", "tiny", "--by", "ana", "--reason", "best on test", "--json").stdout)
    assert out["model_id"] == old and out["changed"]
    [(name, model, action, by, reason, metrics)] = promotions(ws)
    assert (name, model, action, by, reason) == ("tiny", old, "promote", "ana", "best on test")
    assert json.loads(metrics)["test_macro_f1"] == 0.91
    # a model whose reload check did not pass is never the default pick, however good its score
    with connect(ws) as con:
        con.execute("UPDATE models SET verified = false WHERE model_id = ?", [new])
    set_test_f1(ws, new, 0.99)
    res = cli("models", "promote", "tiny")
    assert "already serves tiny: nothing recorded" in res.output
    res = cli("models", "promote", "tiny", new, ok=False)
    assert res.exit_code == 1 and "did not pass its reload check" in res.output
    listed = {r["model_id"]: r["status"] for r in json.loads(cli("models", "list", "--json").stdout)}
    assert listed == {old: "serving", new: ""}


def test_promote_refuses_a_model_whose_files_changed(ws, cli, tiny_models):
    old, new = tiny_models
    set_test_f1(ws, old, 0.5)
    set_test_f1(ws, new, 0.95)
    with open(model_path(ws, new) / "model.bin", "ab") as f:
        f.write(b"\0")
    res = cli("models", "promote", "tiny", ok=False)
    assert res.exit_code == 1 and f"model {new}: its files no longer match what train recorded" in res.output
    assert promotions(ws) == []
    # the card counts too (its labels say what each output means)
    res = cli("models", "promote", "tiny", old, "--reason", "fallback")
    assert f"promoted {old} to serve tiny" in res.output
    card = model_path(ws, old) / "curator_model.json"
    data = json.loads(card.read_text())
    card.write_text(json.dumps({**data, "labels": list(reversed(data["labels"]))}))
    res = cli("models", "promote", "tiny", old, ok=False)
    assert res.exit_code == 1 and f"model {old}: its files no longer match" in res.output
    assert len(promotions(ws)) == 1


def test_a_model_without_a_recorded_digest_needs_trust_files(ws, cli, tiny_models):
    old, _ = tiny_models
    with connect(ws) as con:
        con.execute("UPDATE models SET files_sha256 = NULL")
    res = cli("models", "promote", "tiny", old, ok=False)
    assert res.exit_code == 1 and "has no recorded file digest" in res.output and "--trust-files" in res.output
    cli("models", "promote", "tiny", old, "--trust-files", "--reason", "checked by hand")
    [(_, model, _, _, reason, _)] = promotions(ws)
    assert model == old and reason == "checked by hand [files digest recorded now: --trust-files]"
    with connect(ws, read_only=True) as con:
        recorded = con.execute("SELECT files_sha256 FROM models WHERE model_id = ?", [old]).fetchone()[0]
    assert recorded == files_digest(model_path(ws, old))


def test_retire_and_promotion_history(ws, cli, tiny_models):
    old, new = tiny_models
    set_test_f1(ws, old, 0.7)
    set_test_f1(ws, new, 0.9)
    cli("models", "promote", "tiny", "--by", "ana")
    res = cli("models", "retire", new, "--by", "bo", "--reason", "drift")
    assert f"retired {new}: tiny has no serving model now" in res.output
    res = cli("models", "retire", new, ok=False)
    assert "is already retired" in res.output
    out = json.loads(cli("models", "promote", "tiny", "--json").stdout)  # retired: not the default pick
    assert out["model_id"] == old and out["previous_model"] is None
    shown = json.loads(cli("models", "show", new, "--json").stdout)
    assert [(p["action"], p["by_user"], p["reason"]) for p in shown["promotions"]] == [
        ("retire", "bo", "drift"),
        ("promote", "ana", None),
    ]
    assert shown["status"] == "retired" and shown["card"]["kind"] == "fasttext"


def test_promote_errors_are_one_line(ws, cli, tiny_models):
    res = cli("models", "promote", "nope", ok=False)
    assert res.exit_code == 1 and "no model trained on split 'nope'" in res.output
    res = cli("models", "promote", "tiny", "no-such-model", ok=False)
    assert "no model 'no-such-model'" in res.output
    res = cli("models", "promote", "../x", ok=False)
    assert "invalid task name" in res.output
