"""A supervised fastText baseline on the same split: trains in seconds, same model folder layout and card.

    curator train demo --model fasttext --epochs 25 --lr 0.5 --seed 13

Texts are lower-cased and split into words and punctuation; labels are written as `__label__<class id>` so any
label string works. One thread and a fixed seed make it deterministic.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from curator.errors import CuratorError
from curator.train.data import SplitRef, label_list, load_part
from curator.train.finetune import FinetuneResult, macro_f1

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class FastTextConfig:
    epochs: int = 25  # passes over the training data
    lr: float = 0.5  # fastText's learning rate
    dim: int = 50  # embedding size
    word_ngrams: int = 2  # word n-grams as features
    min_count: int = 1  # drop words rarer than this
    seed: int = 13
    threads: int = 1  # 1 thread = deterministic
    max_train_samples: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def preprocess(text: str) -> str:
    """One line of lower-cased tokens (fastText reads one example per line)."""
    return " ".join(_TOKEN.findall(text.lower()))


def fit_fasttext(texts: list[str], y: list[int], cfg: FastTextConfig, workdir: Path | None = None) -> Any:
    """Train on parallel lists of texts and class ids; returns the fastText model."""
    import fasttext

    if cfg.word_ngrams < 2:
        raise CuratorError("fastText word_ngrams must be >= 2 (word_ngrams=1 fails with NaN in this fastText build)")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "train.txt"
        lines = (f"__label__{cls} {preprocess(t)}\n" for t, cls in zip(texts, y, strict=True))
        path.write_text("".join(lines), encoding="utf-8")
        try:
            return fasttext.train_supervised(
                input=str(path), epoch=cfg.epochs, lr=cfg.lr, dim=cfg.dim, wordNgrams=cfg.word_ngrams,
                minCount=cfg.min_count, seed=cfg.seed, thread=cfg.threads, loss="softmax", verbose=0,
            )  # fmt: skip
        except RuntimeError as exc:  # e.g. "Encountered NaN." with a too high learning rate
            raise CuratorError(f"fastText training failed: {exc} (try a lower --lr)") from exc


def fasttext_proba(model: Any, labels: list[str], texts: list[str]) -> np.ndarray:
    """Probabilities (n, n_classes) with columns in `labels` order (class id = column)."""
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    if not texts:
        return out
    names, probs = model.predict([preprocess(t) for t in texts], k=-1)
    for row, (ns, ps) in enumerate(zip(names, probs, strict=True)):
        for name, p in zip(ns, ps, strict=True):
            cls = int(name.removeprefix("__label__"))
            if cls < len(labels):
                out[row, cls] = p
    np.clip(out, 0.0, 1.0, out=out)  # fastText's softmax can return 1.00001
    return out / np.maximum(out.sum(axis=1, keepdims=True), 1e-12)


def train_fasttext(split: SplitRef, cfg: FastTextConfig, out_dir: Path, meta: dict[str, Any] | None = None,
                   log: Any = None) -> FinetuneResult:  # fmt: skip
    """Train on the split's train part, score val, save `model.bin` + card, reload and verify."""
    from curator.train.predict import FASTTEXT_FILE, verify_reload, write_model_card

    t0 = time.perf_counter()
    train, val = load_part(split, "train").subsample(cfg.max_train_samples, cfg.seed), load_part(split, "val")
    labels = label_list(train, val)
    index = {lab: i for i, lab in enumerate(labels)}
    out_dir.mkdir(parents=True, exist_ok=True)
    model = fit_fasttext(train.texts, [index[lab] for lab in train.labels], cfg, out_dir)
    expected = fasttext_proba(model, labels, val.texts)
    score = macro_f1([index[lab] for lab in val.labels], expected.argmax(1))
    model.save_model(str(out_dir / FASTTEXT_FILE))
    card = {"kind": "fasttext", "base_model": None, "labels": labels, "split": split.to_dict(),
            "config": cfg.to_dict(), "val_macro_f1": score, "best_epoch": cfg.epochs, "history": [],
            **(meta or {})}  # fmt: skip
    write_model_card(out_dir, card)
    verify_reload(out_dir, val.texts, expected)
    if log:
        log(f"fastText on {split.ref}: {len(train)} train · {len(val)} val · val macro-F1 {score:.4f}")
    seconds = time.perf_counter() - t0
    return FinetuneResult(out_dir, labels, score, cfg.epochs, [], len(train), len(val), seconds,
                          len(train) * cfg.epochs / max(seconds, 1e-9), cfg.to_dict())  # fmt: skip
