"""The compact fine-tune on a tiny random BERT: trains, saves, reloads, predicts identically; deterministic."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.train.config import TrainConfig
from curator.train.data import load_part
from curator.train.finetune import finetune, fit, make_optimizer
from curator.train.predict import load_predictor
from curator.train.transformer import build_model, encode, load_tokenizer

FAST = dict(epochs=2, lr=1e-2, batch_size=16, max_length=32, patience=2, seed=3, warmup=0.0, num_threads=1)


def test_trains_saves_reloads_and_predicts_identically(tiny_split, tiny_bert, tmp_path):
    cfg = TrainConfig(model=str(tiny_bert), **FAST)
    out = tmp_path / "m1"
    res = finetune(tiny_split, cfg, out, progress=False, log=lambda _: None)
    files = {p.name for p in out.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "curator_model.json"} <= files
    card = json.loads((out / "curator_model.json").read_text())
    assert card["labels"] == ["billing", "login", "shipping"] and card["split"]["version"] == "v1"
    assert card["config"]["lr"] == 1e-2 and card["kind"] == "hf" and len(card["history"]) == 2
    best = max(h["val_macro_f1"] for h in res.history)
    assert res.val_macro_f1 == pytest.approx(best, abs=1e-4)  # the best epoch is what was saved
    val = load_part(tiny_split, "val")
    first, second = load_predictor(out), load_predictor(out)
    p1, p2 = first.predict_proba(val.texts), second.predict_proba(val.texts)
    np.testing.assert_allclose(p1, p2, atol=1e-6)
    preds = first.predict(val.texts[:3])
    assert [lab for lab, _ in preds] == [first.labels[i] for i in p1[:3].argmax(1)]
    assert all(0.0 <= score <= 1.0 for _, score in preds)


def test_same_seed_same_weights(tiny_split, tiny_bert):
    cfg = TrainConfig(model=str(tiny_bert), **{**FAST, "epochs": 1})
    tok = load_tokenizer(tiny_bert)
    part = load_part(tiny_split, "train").subsample(32, seed=0)
    data = encode(tok, part.texts, [sorted(set(part.labels)).index(x) for x in part.labels], cfg.max_length)
    states = []
    for _ in range(2):
        torch.manual_seed(cfg.seed)
        model = build_model(tiny_bert, ["billing", "login", "shipping"], cfg)
        states.append(fit(model, data, None, cfg, log=lambda _: None, progress=False).best_state)
    assert all(torch.equal(states[0][k], states[1][k]) for k in states[0])


def test_early_stopping_stops_after_patience(tiny_split, tiny_bert, tmp_path):
    cfg = TrainConfig(model=str(tiny_bert), **{**FAST, "epochs": 6, "lr": 1e-9, "patience": 1})
    lines: list[str] = []
    res = finetune(tiny_split, cfg, tmp_path / "m2", progress=False, log=lines.append)
    assert len(res.history) == 2 and res.best_epoch == 1  # lr ~0: epoch 2 is no better, patience 1 stops
    assert any("early stop" in line for line in lines)


@given(total=st.integers(1, 500), warmup=st.floats(0.0, 0.5))
@settings(deadline=None, max_examples=50)
def test_schedule_warms_up_then_decays_to_zero(total, warmup):
    model = torch.nn.Linear(2, 2)
    opt, sched = make_optimizer(model, TrainConfig(warmup=warmup, lr=1.0), total)
    factors = [sched.lr_lambdas[0](s) for s in range(total + 1)]
    assert all(0.0 <= f <= 1.0 for f in factors)
    peak = int(np.argmax(factors))
    assert all(a <= b for a, b in zip(factors[:peak], factors[1 : peak + 1], strict=True))
    assert all(a >= b for a, b in zip(factors[peak:], factors[peak + 1 :], strict=False))
    assert factors[total] == 0.0
    assert [g["weight_decay"] for g in opt.param_groups] == [0.01, 0.0]  # no decay on the bias
