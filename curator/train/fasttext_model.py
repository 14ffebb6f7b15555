"""The fastText model code: text preprocessing, supervised training on (text, class id) pairs, probabilities.

Texts are lower-cased and split into words and punctuation; labels are written as `__label__<class id>` so any
label string works. One thread and a fixed seed make it deterministic. The training run that uses it (split → fit
→ save → verify) is curator.train.fasttext_baseline.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from curator.errors import CuratorError
from curator.train.config import FastTextConfig

FASTTEXT_FILE = "model.bin"
_TOKEN = re.compile(r"\w+|[^\w\s]")


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
                input=str(path),
                epoch=cfg.epochs,
                lr=cfg.lr,
                dim=cfg.dim,
                wordNgrams=cfg.word_ngrams,
                minCount=cfg.min_count,
                seed=cfg.seed,
                thread=cfg.threads,
                loss="softmax",
                verbose=0,
            )
        except RuntimeError as exc:  # e.g. "Encountered NaN." with a too high learning rate
            raise CuratorError(f"fastText training failed: {exc} (try a lower --lr)") from exc


def load_fasttext(path: Path) -> Any:
    """The model saved in a model folder."""
    import fasttext

    return fasttext.load_model(str(path / FASTTEXT_FILE))


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
