"""Uncertainty scores from a model's class probabilities: higher = more informative to label next.

- least_confident: 1 - max p (the lowest top probability first)
- margin: 1 - (p1 - p2) (the smallest gap between the two most probable labels first)
- entropy: -sum p log p (the flattest distribution first)
- random: a seeded uniform draw (the baseline every other strategy is measured against)
- diverse: margin uncertainty, then coverage (curator.learn.diversity) on sentence embeddings
"""

from __future__ import annotations

import numpy as np

from curator.errors import CuratorError

STRATEGIES = ("random", "least_confident", "margin", "entropy", "diverse")
# what a score means, for `explain` and the CLI
MEANING = {
    "random": "seeded random draw",
    "least_confident": "1 - top probability",
    "margin": "1 - gap between the two most probable labels",
    "entropy": "entropy of the predicted distribution",
    "diverse": "1 - top-2 margin, picked for coverage (k-center on sentence embeddings)",
}


def check_strategy(name: str) -> str:
    if name not in STRATEGIES:
        raise CuratorError(f"--strategy {name!r}: use {', '.join(STRATEGIES)}")
    return name


def least_confident(proba: np.ndarray) -> np.ndarray:
    return 1.0 - proba.max(axis=1)


def margin(proba: np.ndarray) -> np.ndarray:
    if proba.shape[1] < 2:
        return np.zeros(len(proba))
    top2 = np.partition(proba, -2, axis=1)[:, -2:]
    return 1.0 - (top2[:, 1] - top2[:, 0])


def entropy(proba: np.ndarray) -> np.ndarray:
    p = np.clip(proba, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=1)


def random_scores(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(n)


def scores(strategy: str, proba: np.ndarray | None, n: int, seed: int = 0) -> np.ndarray:
    """The strategy's score of each of n candidates (proba: (n, classes), None for random)."""
    check_strategy(strategy)
    if strategy == "random":
        return random_scores(n, seed)
    if proba is None:
        raise CuratorError(f"--strategy {strategy} needs a model's predictions: give --model MODEL_ID|latest")
    fn = {"least_confident": least_confident, "margin": margin, "entropy": entropy, "diverse": margin}[strategy]
    return fn(np.asarray(proba, dtype=np.float64))


def top_k(score: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, highest first (ties: lower index first); O(n) partition, then a sort of k."""
    n = len(score)
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-score, k - 1)[:k] if k < n else np.arange(n)
    return idx[np.lexsort((idx, -score[idx]))]
