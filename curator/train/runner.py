"""`curator train`: resolve the split and the config, train (one model or a random search), record it all."""

from __future__ import annotations

import shutil
import sys
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from curator.catalog import Run, utcnow
from curator.catalog.scratch import claimed
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.names import check_identifier
from curator.train.data import SplitRef, resolve_split
from curator.train.fasttext_baseline import FastTextConfig, train_fasttext
from curator.train.finetune import FinetuneResult, TrainConfig, finetune
from curator.train.predict import read_model_card
from curator.train.store import model_row, record_failure, record_models
from curator.workspace import Workspace

Log = Callable[[str], None]


@dataclass
class TrainOptions:
    """What the user asked for; None = the model kind's default."""

    model: str = "minilm"
    epochs: int | None = None
    lr: float | None = None
    batch_size: int | None = None
    max_length: int | None = None
    weight_decay: float | None = None
    warmup: float | None = None
    patience: int | None = None
    seed: int | None = None
    max_train_samples: int | None = None
    search: int = 0


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def resolve_config(opts: TrainOptions, **override: Any) -> TrainConfig | FastTextConfig:
    """The full config of the chosen model kind: its defaults, then the options given, then `override`."""
    given = {k: v for k, v in asdict(opts).items() if v is not None}
    given.update(override)
    if opts.model == "fasttext":
        names = {f.name for f in fields(FastTextConfig)}
        return FastTextConfig(**{k: v for k, v in given.items() if k in names})
    names = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in given.items() if k in names})


def new_model_id(split: SplitRef, kind: str) -> str:
    kind = kind if kind in ("minilm", "fasttext") else "hf"
    return check_identifier(f"{split.name}-{kind}-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:4]}", "model id")


def model_dir(ws: Workspace, model_id: str) -> Path:
    """Where a model is saved: always directly under the workspace's models/ (the id a validated identifier)."""
    path = ws.models_dir / check_identifier(model_id, "model id")
    if path.resolve().parent != ws.models_dir.resolve():
        raise CuratorError(f"model folder {path} is not inside {ws.models_dir}")
    return path


def train_one(split: SplitRef, cfg: TrainConfig | FastTextConfig, out_dir: Path, meta: dict[str, Any],
              log: Log = _stderr, progress: bool = True) -> FinetuneResult:  # fmt: skip
    if isinstance(cfg, FastTextConfig):
        return train_fasttext(split, cfg, out_dir, meta, log)
    return finetune(split, cfg, out_dir, meta, log, progress)


def result_row(result: FinetuneResult, run_id: str, **extra: Any) -> dict[str, Any]:
    card = read_model_card(result.out_dir)
    return model_row(card, str(result.out_dir), run_id, {
        "n_train": result.n_train, "n_val": result.n_val, "train_seconds": round(result.seconds, 3),
        "verified": True, **extra,
    })  # fmt: skip


def train(ws: Workspace, ref: str, opts: TrainOptions, log: Log = _stderr, progress: bool = True) -> dict[str, Any]:
    """Train one model (or run a random search) on split `ref`; returns a summary for the CLI."""
    split = resolve_split(ws, ref)
    if opts.search:
        from curator.train.search import random_search

        return random_search(ws, split, opts, log, progress)
    cfg = resolve_config(opts)
    run = Run("train", {"split": split.ref, "model": opts.model, **cfg.to_dict()}, stage="train")
    model_id = new_model_id(split, opts.model)
    out_dir = model_dir(ws, model_id)
    with claimed(out_dir):  # killed before its row is committed: the next train's record sweeps the folder
        try:
            result = train_one(split, cfg, out_dir, {"run_id": run.run_id}, log, progress)
            fault_point("train.before_record")  # checkpoint saved and verified; no models/runs row yet
            record_models(ws, run, [result_row(result, run.run_id)], counts={"model_id": model_id})
        except BaseException as exc:
            shutil.rmtree(out_dir, ignore_errors=True)
            record_failure(ws, run, f"{type(exc).__name__}: {exc}")
            raise
    return summary(result, model_id, split, run.run_id)


def summary(result: FinetuneResult, model_id: str, split: SplitRef, run_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "model_id": model_id, "path": str(result.out_dir), "split": split.ref, "labels": result.labels,
        "val_macro_f1": round(result.val_macro_f1, 4), "best_epoch": result.best_epoch, "history": result.history,
        "n_train": result.n_train, "n_val": result.n_val, "seconds": round(result.seconds, 2),
        "examples_per_s": round(result.examples_per_s, 1), "verified": True, "run_id": run_id, **extra,
    }  # fmt: skip
