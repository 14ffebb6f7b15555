"""The filter's model: supervised fastText on keep/drop examples, p(drop), a seeded dev hold-out and its figures.

Same preprocessing, probability and file layout as curator.train's fastText baseline (curator.train.fasttext_model:
`preprocess`, `fasttext_proba`, `model.bin`), plus character n-grams (`minn`..`maxn`): junk is often one long token
(keyboard mash, a hex blob) that only its pieces describe. Measured on the eval set's dev → test quality texts
(docs/curation.md): character 2-5-grams catch 0.76-0.80 of the junk at p(drop) ≥ 0.8 where words alone catch
0.63-0.73, with the same clean drops; 100k buckets of 20 dimensions judge as 2M of 50 (fastText's default,
a 400 MB file) on those texts. One thread and a fixed seed make training deterministic.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from curator.errors import CuratorError
from curator.filters.examples import LABELS, Examples
from curator.train.fasttext_model import fasttext_proba, preprocess

THRESHOLDS = (0.5, 0.8, 0.9)  # the dev figures are given at each


@dataclass(kw_only=True)
class FilterConfig:
    """Hyperparameters (recorded in the card and the catalog)."""

    epochs: int = 25
    lr: float = 0.5
    dim: int = 20
    word_ngrams: int = 2
    min_count: int = 1
    minn: int = 2  # character n-grams from minn to maxn characters (0, 0: words only)
    maxn: int = 5
    bucket: int = 100_000  # hash buckets of word and character n-grams: model.bin ≈ bucket x dim x 4 bytes (8 MB)
    seed: int = 13
    threads: int = 1
    dev_share: float = 0.2  # held out, per label, for the dev figures (0: train on everything, no figures)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def check(self) -> None:
        if not 0.0 <= self.dev_share < 1.0:
            raise CuratorError(f"--dev-share {self.dev_share}: use a share from 0 to below 1")
        if min(self.epochs, self.dim, self.word_ngrams, self.bucket) < 1 or self.lr <= 0:
            raise CuratorError("--epochs, --lr, --dim, --word-ngrams and --bucket must be positive")


def fit(texts: list[str], labels: list[str], cfg: FilterConfig, out_dir: Path, check: list[str]) -> np.ndarray:
    """Train on the examples (class id = index in LABELS) in a fresh process (curator.filters.fit_child), which
    saves `out_dir/model.bin`; returns the trained model's p(drop) on `check`, for the reload check.

    A fresh process because, with character n-grams, fastText's results here depend on what the process did before:
    the same data, seed and thread=1 gave different models in one process (each first training in a new process
    gave the same one; words only gave the same model every time)."""
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        work = Path(tmp)
        lines = (f"__label__{LABELS.index(lab)} {preprocess(t)}\n" for t, lab in zip(texts, labels, strict=True))
        (work / "train.txt").write_text("".join(lines), encoding="utf-8")
        (work / "check.txt").write_text("".join(preprocess(t) + "\n" for t in check), encoding="utf-8")
        (work / "fit.json").write_text(json.dumps({"config": cfg.to_dict(), "out": str(out_dir)}), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "curator.filters.fit_child", str(work)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise CuratorError(f"fastText training failed: {last} (try a lower --lr)")
        return np.array(json.loads((work / "check.json").read_text(encoding="utf-8")), dtype=np.float32)


def p_drop(model: Any, texts: list[str]) -> np.ndarray:
    """p(drop) per text."""
    return fasttext_proba(model, list(LABELS), texts)[:, 1]


def hold_out(ex: Examples, share: float, seed: int) -> tuple[list[int], list[int]]:
    """(train, dev) indices: per label, the `share` of examples first in a seeded hash order go to dev."""
    if share <= 0:
        return list(range(len(ex.texts))), []
    dev: list[int] = []
    for label in LABELS:
        mine = [i for i, lab in enumerate(ex.labels) if lab == label]
        mine.sort(key=lambda i: hashlib.sha256(f"{seed}:{ex.ids[i]}:{i}".encode()).hexdigest())
        dev += mine[: int(round(len(mine) * share))]
    chosen = set(dev)
    return [i for i in range(len(ex.texts)) if i not in chosen], sorted(dev)


def auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """ROC AUC of score for y = 1 (drop), ties counted half; None without both classes."""
    pos, neg = score[y == 1], score[y == 0]
    if not len(pos) or not len(neg):
        return None
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def dev_figures(labels: list[str], p: np.ndarray) -> dict[str, Any]:
    """On the dev part: AUC, and per threshold the share of keeps dropped, of drops caught, and precision."""
    y = np.array([lab == "drop" for lab in labels], dtype=int)
    out: dict[str, Any] = {"n": int(len(y)), "n_keep": int((y == 0).sum()), "n_drop": int(y.sum()), "auc": auc(y, p)}
    for th in THRESHOLDS:
        hit = p >= th
        out[f"at_{th}"] = {
            "keep_dropped": _share(hit[y == 0]),
            "drop_caught": _share(hit[y == 1]),
            "precision": _share(y[hit] == 1),
        }
    return out


def _share(mask: np.ndarray) -> float | None:
    return round(float(mask.mean()), 4) if len(mask) else None
