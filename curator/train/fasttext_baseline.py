"""A supervised fastText baseline on the same split: trains in seconds, same model folder layout and card.

    curator train demo --model fasttext --epochs 25 --lr 0.5 --seed 13

In order: config → data → fit → score on val → save `model.bin` + card → reload from disk and check. The model
code (preprocessing, training, probabilities) is curator.train.fasttext_model.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from curator.train.card import check_reload, check_texts, write_model_card
from curator.train.config import FastTextConfig
from curator.train.data import SplitRef, label_list, load_part
from curator.train.fasttext_model import FASTTEXT_FILE, fasttext_proba, fit_fasttext
from curator.train.predict import load_predictor
from curator.train.result import Log, TrainResult, log_stderr, macro_f1


def train_fasttext(
    split: SplitRef, cfg: FastTextConfig, out_dir: Path, meta: dict[str, Any] | None = None, log: Log = log_stderr
) -> TrainResult:
    """Train on the split's train part, score val, save `model.bin` + card, reload and verify."""
    t0 = time.perf_counter()
    # data
    train, val = load_part(split, "train").subsample(cfg.max_train_samples, cfg.seed), load_part(split, "val")
    labels = label_list(train, val)
    index = {lab: i for i, lab in enumerate(labels)}
    # fit and score
    out_dir.mkdir(parents=True, exist_ok=True)
    model = fit_fasttext(train.texts, [index[lab] for lab in train.labels], cfg, out_dir)
    score = macro_f1([index[lab] for lab in val.labels], fasttext_proba(model, labels, val.texts).argmax(1))
    # save, reload, check
    model.save_model(str(out_dir / FASTTEXT_FILE))
    card = {"kind": "fasttext", "base_model": None, "labels": labels, "split": split.to_dict()}
    card |= {"config": cfg.to_dict(), "val_macro_f1": score, "best_epoch": cfg.epochs, "history": [], **(meta or {})}
    write_model_card(out_dir, card)
    texts = check_texts(val.texts, train.texts)
    check_reload(out_dir, load_predictor(out_dir).predict_proba(texts), fasttext_proba(model, labels, texts))
    shown = "no validation part" if score is None else f"val macro-F1 {score:.4f}"
    log(f"fastText on {split.ref}: {len(train)} train · {len(val)} val · {shown}")
    seconds = time.perf_counter() - t0
    return TrainResult(
        out_dir=out_dir,
        labels=labels,
        val_macro_f1=score,
        best_epoch=cfg.epochs,
        history=[],
        n_train=len(train),
        n_val=len(val),
        seconds=seconds,
        examples_per_s=len(train) * cfg.epochs / max(seconds, 1e-9),
        config=cfg.to_dict(),
    )
