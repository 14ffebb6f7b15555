"""Measure label efficiency offline (`make bench`, docs/labeling.md): the same strategies and selection code as
`annotate push --strategy`, but the annotator is an answer key and the model a fastText fit in memory, so many
rounds x strategies x seeds run in minutes. A fixed held-out test set scores every round.

    curve = simulate_curve(texts, labels, test_texts, test_labels, "margin", batch=25, max_labels=400, seed=0)
    labels_to_reach(curve, 0.9)  # labels at the first round whose test macro-F1 >= 0.9 (None: never)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from curator.learn.loops import FASTTEXT_EPOCHS
from curator.learn.select import choose
from curator.learn.strategies import scores
from curator.train.config import FastTextConfig
from curator.train.fasttext_model import fasttext_proba, fit_fasttext
from curator.train.result import macro_f1


def _fit_proba(texts: list[str], y: list[int], classes: list[str], predict: list[list[str]]) -> list[np.ndarray]:
    model = fit_fasttext(texts, y, FastTextConfig(epochs=FASTTEXT_EPOCHS))
    return [fasttext_proba(model, classes, p) for p in predict]


def simulate_curve(
    texts: Sequence[str],
    labels: Sequence[str],
    test_texts: Sequence[str],
    test_labels: Sequence[str],
    strategy: str,
    batch: int,
    max_labels: int,
    seed: int,
    embed_rows: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[tuple[int, float]]:
    """(labels so far, test macro-F1) after each round; round 0 is a seeded random batch for every strategy."""
    classes = sorted(set(labels) | set(test_labels))
    cls = {c: i for i, c in enumerate(classes)}
    y_test = [cls[c] for c in test_labels]
    pool = np.arange(len(texts))
    chosen = list(np.random.default_rng(seed).choice(pool, size=batch, replace=False))
    curve: list[tuple[int, float]] = []
    while True:
        lab_texts = [texts[i] for i in chosen]
        rest = np.setdiff1d(pool, chosen)
        p_test, p_rest = _fit_proba(
            lab_texts, [cls[labels[i]] for i in chosen], classes, [list(test_texts), [texts[i] for i in rest]]
        )
        curve.append((len(chosen), float(macro_f1(y_test, p_test.argmax(1)) or 0.0)))
        if len(chosen) >= max_labels or len(rest) == 0:
            return curve
        k = min(batch, max_labels - len(chosen), len(rest))
        chosen += _next_batch(strategy, p_rest, rest, k, seed * 1000 + len(chosen), embed_rows)


def _next_batch(
    strategy: str,
    proba: np.ndarray,
    rest: np.ndarray,
    k: int,
    seed: int,
    embed_rows: Callable[[np.ndarray], np.ndarray] | None,
) -> list[int]:
    """The next k of the unlabeled `rest` (pool indices) by the strategy (diverse: k-center on embed_rows)."""
    if strategy == "diverse" and embed_rows is None:
        raise ValueError("diverse needs embed_rows")

    def sub(idx: np.ndarray) -> np.ndarray:
        return embed_rows(rest[idx])  # type: ignore[misc]

    picks, _ = choose(strategy, scores(strategy, proba, len(rest), seed), k, {}, sub)
    return [int(rest[i]) for i in picks]


def labels_to_reach(curve: list[tuple[int, float]], target: float) -> int | None:
    """Labels at the first point whose macro-F1 reaches the target (None when no point does)."""
    return next((n for n, f1 in curve if f1 >= target), None)
