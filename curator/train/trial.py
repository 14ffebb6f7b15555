"""One training trial, shared by `curator train` (curator.train.runner) and its random search (curator.train.search):
a model id and folder, the kind's training run, the `models` row and the summary the CLI prints."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from curator.catalog import utcnow
from curator.errors import CuratorError
from curator.names import check_identifier
from curator.train.card import read_model_card
from curator.train.config import FastTextConfig, TrainConfig
from curator.train.data import SplitRef
from curator.train.fasttext_baseline import train_fasttext
from curator.train.finetune import finetune
from curator.train.result import Log, TrainResult, log_stderr
from curator.train.store import model_row
from curator.workspace import Workspace


def new_model_id(split: SplitRef, kind: str) -> str:
    kind = kind if kind in ("minilm", "fasttext") else "hf"
    return check_identifier(f"{split.name}-{kind}-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:4]}", "model id")


def model_dir(ws: Workspace, model_id: str) -> Path:
    """Where a model is saved: always directly under the workspace's models/ (the id a validated identifier)."""
    path = ws.models_dir / check_identifier(model_id, "model id")
    if path.resolve().parent != ws.models_dir.resolve():
        raise CuratorError(f"model folder {path} is not inside {ws.models_dir}")
    return path


def train_one(
    split: SplitRef,
    cfg: TrainConfig | FastTextConfig,
    out_dir: Path,
    meta: dict[str, Any],
    log: Log = log_stderr,
    progress: bool = True,
) -> TrainResult:
    """Train one model of the config's kind into out_dir (saved, reloaded and checked)."""
    if isinstance(cfg, FastTextConfig):
        return train_fasttext(split, cfg, out_dir, meta, log)
    return finetune(split, cfg, out_dir, meta, log, progress)


def result_row(result: TrainResult, run_id: str, **extra: Any) -> dict[str, Any]:
    """The `models` row of a trained model (from its card)."""
    card = read_model_card(result.out_dir)
    counts = {"n_train": result.n_train, "n_val": result.n_val, "train_seconds": round(result.seconds, 3)}
    return model_row(card, str(result.out_dir), run_id, {**counts, "verified": True, **extra})


def summary(result: TrainResult, model_id: str, split: SplitRef, run_id: str, **extra: Any) -> dict[str, Any]:
    """What `curator train` prints (or returns as JSON)."""
    score = None if result.val_macro_f1 is None else round(result.val_macro_f1, 4)
    return {
        "model_id": model_id,
        "path": str(result.out_dir),
        "split": split.ref,
        "labels": result.labels,
        "val_macro_f1": score,
        "best_epoch": result.best_epoch,
        "history": result.history,
        "n_train": result.n_train,
        "n_val": result.n_val,
        "seconds": round(result.seconds, 2),
        "examples_per_s": round(result.examples_per_s, 1),
        "verified": True,
        "run_id": run_id,
        **extra,
    }
