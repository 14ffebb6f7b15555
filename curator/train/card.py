"""A model folder's card (`curator_model.json`: kind, labels, split, config, scores) and the reload check.

Every model folder, transformers or fastText, holds its card next to the model files. After saving, a training run
reloads the folder from disk as any user would (curator.train.predict.load_predictor) and `check_reload` compares
the reloaded model's probabilities with the in-memory model's: a checkpoint is reported only once it reproduces them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from curator.errors import CuratorError

CARD = "curator_model.json"


def write_model_card(out_dir: Path, card: dict[str, Any]) -> None:
    """Write the card; its model_id is the folder's name unless the card names one."""
    card = {"model_id": out_dir.name, **card}
    (out_dir / CARD).write_text(json.dumps(card, indent=2, default=str), encoding="utf-8")


def read_model_card(path: Path) -> dict[str, Any]:
    card_path = path / CARD
    if not card_path.exists():
        raise CuratorError(f"{path} is not a curator model folder (no {CARD})")
    return json.loads(card_path.read_text(encoding="utf-8"))


def rename_card(path: Path) -> None:
    """After moving a model folder: its card's model_id becomes the folder's new name."""
    write_model_card(path, {**read_model_card(path), "model_id": path.name})


def check_reload(out_dir: Path, got: np.ndarray, expected: np.ndarray, atol: float = 1e-4) -> None:
    """The reloaded checkpoint's probabilities `got` must match the in-memory model's `expected` (same texts)."""
    if got.shape != expected.shape or not np.array_equal(got.argmax(1), expected.argmax(1)):
        raise CuratorError(f"saved checkpoint {out_dir} does not reproduce the in-memory model's predictions")
    if not np.allclose(got, expected, atol=atol):
        diff = float(np.abs(got - expected).max())
        raise CuratorError(f"saved checkpoint {out_dir}: reloaded probabilities differ by up to {diff:.2e}")


def check_texts(val_texts: list[str], train_texts: list[str], n: int = 64) -> list[str]:
    """The texts the reload check predicts on: the validation part, or (when it is empty) the first n training
    texts — the check compares two copies of one model, so any texts will do, but never none."""
    return val_texts if val_texts else train_texts[:n]
