"""A round's retrain: the loop's split (the project's resolved labels only) → a model → its test macro-F1.

The split is named after the loop and built by curator.splits (same labels, same version); small rounds may leave
a label with fewer than 3 samples, so every class is kept (--min-per-class 1) and an empty validation or test part
gives no score (None), not an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from curator.learn.loops import FASTTEXT_EPOCHS, LearnOptions
from curator.splits.build import build_split
from curator.splits.options import SplitOptions
from curator.train.config import TrainOptions
from curator.train.data import load_part, resolve_split
from curator.train.evaluate import compute_metrics, evaluate
from curator.train.predict import load_predictor, resolve_model
from curator.train.runner import train
from curator.workspace import Workspace


def split_options(opts: LearnOptions) -> SplitOptions:
    project = opts.project.replace("'", "''")
    return SplitOptions(
        opts.name,
        ratios=(0.7, 0.15, 0.15),
        label_source="resolved",
        min_per_class=1,
        seed=opts.seed + 13,
        where=f"s.sample_id IN (SELECT sample_id FROM ls_tasks WHERE project = '{project}')",
    )


def holdout_f1(ws: Workspace, holdout: str, model_id: str) -> float:
    """Macro-F1 of the round's model on the loop's fixed holdout test part (registered, sha256-checked)."""
    data = load_part(resolve_split(ws, holdout), "test")
    predictor = load_predictor(resolve_model(ws, model_id))
    predicted = [label for label, _ in predictor.predict(data.texts)]
    return round(float(compute_metrics(data.labels, predicted, predictor.labels)["macro_f1"]), 4)


def retrain(ws: Workspace, opts: LearnOptions, say: Callable[[str], None]) -> dict[str, Any]:
    """Build the loop's split, train on it, evaluate on its test part; ids and scores for the curve."""
    split = build_split(ws, split_options(opts))
    ref = f"{split['name']}@{split['version']}"
    given = {"epochs": FASTTEXT_EPOCHS} if opts.model == "fasttext" else {}
    trained = train(ws, ref, TrainOptions(model=opts.model, given=given), log=lambda m: None, progress=False)
    test = None
    if split["counts"]["parts"]["test"]:
        test = round(float(evaluate(ws, trained["model_id"], "test")["macro_f1"]), 4)
    return {
        "holdout": holdout_f1(ws, opts.holdout, trained["model_id"]) if opts.holdout else None,
        "split_name": split["name"],
        "split_version": split["version"],
        "model_id": trained["model_id"],
        "val": trained["val_macro_f1"],
        "test": test,
    }
