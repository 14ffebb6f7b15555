"""What a training run reports, for either model kind: `TrainResult`, its validation score, where log lines go."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

Log = Callable[[str], None]


def log_stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def macro_f1(y_true: list[int], y_pred: list[int] | np.ndarray) -> float | None:
    """Macro-F1 over the labels given; None when there is nothing to score (an empty validation part)."""
    if len(y_true) == 0:
        return None
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


@dataclass(kw_only=True)
class TrainResult:
    """A saved, reload-verified model. `val_macro_f1` is None when the split has no validation part."""

    out_dir: Path
    labels: list[str]
    val_macro_f1: float | None
    best_epoch: int
    history: list[dict[str, Any]]
    n_train: int
    n_val: int
    seconds: float
    examples_per_s: float
    config: dict[str, Any]
