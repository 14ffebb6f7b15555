"""`curator serve` as a real process: predictions, bad requests (each its 4xx, the server goes on), loopback by
default, the token off loopback, and the production input log that `curator ingest` takes."""

from __future__ import annotations

import base64
import json
import stat

import psutil

from curator.catalog import connect
from curator.deploy.files import files_digest
from tests.deploy.conftest import model_path

GOOD = {"texts": ["refund my invoice payment please", "tracking parcel courier delivery"]}


def promoted(cli, tiny_models) -> str:
    cli("models", "promote", "tiny", tiny_models[0], "--reason", "test")
    return tiny_models[0]


def test_predict_health_and_model(ws, cli, tiny_models, serve):
    model_id = promoted(cli, tiny_models)
    s = serve("tiny")
    health = s.client.get("/health").json()
    version = files_digest(model_path(ws, model_id))[:12]
    assert health == {
        "status": "UP",
        "model_class": "curator",
        "name": "tiny",
        "model_id": model_id,
        "model_version": version,
    }
    out = s.client.post("/predict", json=GOOD).json()
    preds = out["predictions"]
    assert [p["label"] for p in preds] == ["billing", "shipping"]
    assert all(p["model_id"] == model_id and p["model_version"] == version for p in preds)
    assert all(abs(sum(p["scores"].values()) - 1) < 1e-3 and p["score"] == max(p["scores"].values()) for p in preds)
    info = s.client.get("/model").json()
    assert info["card"]["labels"] == ["billing", "login", "shipping"] and info["metrics"]["verified"] is True
    assert info["metrics"]["test_macro_f1"] is not None


def test_each_bad_request_gets_its_4xx_and_the_next_good_one_works(ws, cli, tiny_models, serve):
    promoted(cli, tiny_models)
    s = serve("tiny", "--max-texts", "4", "--max-chars", "50")
    post = s.client.post
    bad = [
        (lambda: post("/predict", content=b"{not json"), 400, "request body is not JSON"),
        (lambda: post("/predict", content=b""), 400, "request body is empty"),
        (lambda: post("/predict", json=["a"]), 422, "must be a JSON object with 'texts', got list"),
        (lambda: post("/predict", json={"text": "a"}), 422, "request body has no 'texts'"),
        (lambda: post("/predict", json={"texts": "a"}), 422, "'texts' must be a list of strings, got str"),
        (lambda: post("/predict", json={"texts": []}), 422, "'texts' is empty"),
        (lambda: post("/predict", json={"texts": ["ok", 3]}), 422, "texts[1] must be a string, got int"),
        (lambda: post("/predict", json={"texts": ["ok", "  "]}), 422, "texts[1] is empty"),
        (lambda: post("/predict", json={"texts": ["x" * 51]}), 413, "texts[0] has 51 characters (limit 50)"),
        (lambda: post("/predict", json={"texts": ["a"] * 5}), 413, "too many texts: 5 (limit 4 per request)"),
        (lambda: post("/predict", content=b" " * (9 * 1024 * 1024)), 413, "request body has 9437184 bytes"),
        (lambda: post("/predict", json={"tasks": [{"data": {"text": "a"}}]}), 422, "'label_config' must be"),
        (lambda: post("/webhook", json={"no": "action"}), 422, "webhook body must be a JSON object with an 'action'"),
        (lambda: s.client.get("/predict"), 405, "GET /predict: Method Not Allowed"),
        (lambda: s.client.get("/admin"), 404, "GET /admin: Not Found"),
    ]
    for send, status, message in bad:
        res = send()
        assert (res.status_code, message in res.json()["error"]) == (status, True), res.text
        good = post("/predict", json=GOOD)
        assert good.status_code == 200 and [p["label"] for p in good.json()["predictions"]] == ["billing", "shipping"]
    assert s.proc.poll() is None


def listening(pid: int) -> set[str]:
    conns = psutil.Process(pid).net_connections(kind="inet")
    return {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN}


def test_binds_loopback_by_default_without_a_token(ws, cli, tiny_models, serve):
    promoted(cli, tiny_models)
    s = serve()  # the only name with a promoted model
    assert listening(s.proc.pid) == {"127.0.0.1"}
    assert s.client.get("/health").status_code == 200
    assert not (ws.secrets_dir / "serve.token").exists()


def test_a_token_is_required_off_loopback(ws, cli, tiny_models, serve):
    model_id = promoted(cli, tiny_models)
    s = serve(model_id, host="0.0.0.0")
    assert listening(s.proc.pid) == {"0.0.0.0"}
    path = ws.secrets_dir / "serve.token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    token = path.read_text().strip()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Token {token}"}):
        res = s.client.post("/predict", json=GOOD, headers=headers)
        assert res.status_code == 401 and "missing or wrong token" in res.json()["error"]
        assert s.client.get("/health", headers=headers).status_code == 401
    assert s.client.post("/predict", json=GOOD, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    basic = base64.b64encode(f"labelstudio:{token}".encode()).decode()  # Label Studio's ML backend basic auth
    assert s.client.get("/health", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    s.stop()
    assert token not in s.proc.stdout.read()


def test_log_inputs_appends_texts_that_ingest_takes_as_a_source(ws, cli, tiny_models, serve):
    promoted(cli, tiny_models)
    s = serve("tiny", "--log-inputs")
    for _ in range(2):
        assert s.client.post("/predict", json=GOOD).status_code == 200
    assert s.client.post("/predict", json={"texts": []}).status_code == 422  # refused requests are not logged
    log = ws.data_dir / "production" / "tiny.jsonl"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["text"] for x in lines] == GOOD["texts"] * 2
    assert {x["predicted"] for x in lines} == {"billing", "shipping"} and len({x["id"] for x in lines}) == 4
    cli("ingest", str(log), "--source", "production")
    with connect(ws, read_only=True) as con:
        rows = con.execute("SELECT text, created_at IS NOT NULL FROM samples WHERE source = 'production'").fetchall()
    assert sorted(rows) == sorted((t, True) for t in GOOD["texts"] * 2)
