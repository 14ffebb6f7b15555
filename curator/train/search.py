"""`curator train --search N`: a small random search over learning rate, epochs and batch size.

Each trial trains a full model into a scratch folder and is scored by validation macro-F1; every trial is a
`training_trials` row, and only the best trial's model is kept (moved to `<workspace>/models/<model_id>`).
fastText has no batch size: its third dimension is the word n-gram order (2 or 3: with 1 and no subword
features, fasttext-numpy2-wheel 0.9.3 fails with "Encountered NaN"). A split without a validation part cannot be
searched (nothing to choose by). One trial is what `curator train` runs (curator.train.trial).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import uuid
from pathlib import Path
from typing import Any

from curator.catalog import Run, utcnow
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.train.card import rename_card
from curator.train.config import TrainOptions, resolve_config
from curator.train.data import SplitRef, load_part, resolve_split
from curator.train.result import Log, TrainResult, log_stderr
from curator.train.store import record_failure, record_models
from curator.train.trial import model_dir, new_model_id, result_row, summary, train_one
from curator.workspace import Workspace

SPACE = {
    "transformer": {"lr": (1e-5, 1e-4), "epochs": (1, 2, 3), "batch_size": (16, 32)},
    "fasttext": {"lr": (0.1, 1.0), "epochs": (5, 10, 25, 50), "word_ngrams": (2, 3)},
}


def sample_trials(kind: str, n: int, seed: int) -> list[dict[str, Any]]:
    """n draws: lr log-uniform in its range, the other dimensions uniformly from their choices."""
    space, rng = SPACE["fasttext" if kind == "fasttext" else "transformer"], random.Random(seed)
    trials = []
    for _ in range(n):
        lo, hi = space["lr"]
        draw = {"lr": float(f"{math.exp(rng.uniform(math.log(lo), math.log(hi))):.3g}")}
        draw.update({k: rng.choice(v) for k, v in space.items() if k != "lr"})
        trials.append(draw)
    return trials


def random_search(
    ws: Workspace, ref: str, opts: TrainOptions, log: Log = log_stderr, progress: bool = True
) -> dict[str, Any]:
    """Run opts.search trials on split `ref`, keep the best by validation macro-F1, record every trial."""
    split = resolve_split(ws, ref)
    if not len(load_part(split, "val")):
        raise CuratorError(f"split {split.ref} has an empty validation part: --search has no score to choose by")
    search_id = f"search-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:4]}"
    draws = sample_trials(opts.model, opts.search, resolve_config(opts).seed)
    config = {"split": split.ref, "model": opts.model, "search": draws, "search_id": search_id}
    run = Run("train", config, stage="train")
    scratch = ws.tmp_dir / search_id
    try:
        results, trials = _run_trials(split, opts, draws, scratch, search_id, run.run_id, log, progress)
        best_i = max(range(len(results)), key=lambda i: results[i].val_macro_f1)
        best, model_id = results[best_i], new_model_id(split, opts.model)
        best.out_dir = _promote(best.out_dir, model_dir(ws, model_id))
        trials[best_i].update(chosen=True, model_id=model_id)
        fault_point("train.search_before_record")  # best trial promoted into models/; no rows yet
        counts = {"model_id": model_id, "trials": len(trials)}
        record_models(ws, run, [result_row(best, run.run_id, search_id=search_id)], trials, counts=counts)
    except BaseException as exc:
        record_failure(ws, run, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    chosen = f"best trial {best_i + 1}/{len(draws)} {draws[best_i]}, val macro-F1 {best.val_macro_f1:.4f}"
    log(f"search {search_id}: {chosen}")
    return summary(best, model_id, split, run.run_id, search_id=search_id, trials=trials)


def _run_trials(
    split: SplitRef,
    opts: TrainOptions,
    draws: list[dict[str, Any]],
    scratch: Path,
    search_id: str,
    run_id: str,
    log: Log,
    progress: bool,
) -> tuple[list[TrainResult], list[dict[str, Any]]]:
    results, trials = [], []
    for i, draw in enumerate(draws, start=1):
        log(f"trial {i}/{len(draws)}: {draw}")
        cfg = resolve_config(opts, **draw)
        res = train_one(split, cfg, scratch / f"trial-{i}", {"run_id": run_id, "search_id": search_id}, log, progress)
        results.append(res)
        trials.append(
            {
                "search_id": search_id,
                "trial": i,
                "model_id": None,
                "config": json.dumps(cfg.to_dict(), default=str),
                "val_macro_f1": res.val_macro_f1,
                "seconds": round(res.seconds, 3),
                "chosen": False,
                "run_id": run_id,
                "created_at": utcnow(),
            }
        )
    return results, trials


def _promote(src: Path, dst: Path) -> Path:
    """Move the chosen trial's folder into models/ and fix the model_id in its card."""
    shutil.move(str(src), str(dst))
    rename_card(dst)
    return dst
