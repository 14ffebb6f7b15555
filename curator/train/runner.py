"""`curator train`: resolve the split and the config, train one model, record it (its random-search sibling is
curator.train.search; both build on curator.train.trial)."""

from __future__ import annotations

import shutil
from typing import Any

from curator.catalog import Run
from curator.catalog.scratch import claimed
from curator.faults import fault_point
from curator.train.config import TrainOptions, resolve_config
from curator.train.data import resolve_split
from curator.train.result import Log, log_stderr
from curator.train.store import record_failure, record_models
from curator.train.trial import model_dir, new_model_id, result_row, summary, train_one
from curator.workspace import Workspace


def train(ws: Workspace, ref: str, opts: TrainOptions, log: Log = log_stderr, progress: bool = True) -> dict[str, Any]:
    """Train one model on split `ref`; returns a summary for the CLI."""
    split = resolve_split(ws, ref)
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
