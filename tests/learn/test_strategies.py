"""The selection maths on small fixed sets (no catalog): each strategy ranks what it claims first, a batch holds
at most one member of a duplicate cluster, and the weighted k-center spreads a batch over distinct groups."""

from __future__ import annotations

import numpy as np
import pytest

from curator.errors import CuratorError
from curator.learn.diversity import diverse_pick, k_center, top_without_dups
from curator.learn.select import choose
from curator.learn.strategies import scores, top_k

# five candidates, three classes: each strategy has a different first choice
PROBA = np.array(
    [
        [0.40, 0.35, 0.25],  # 0: margin 0.05 (smallest gap), max 0.40
        [0.36, 0.32, 0.32],  # 1: lowest max (least confident) and highest entropy, gap 0.04
        [0.90, 0.05, 0.05],  # 2: sure
        [0.50, 0.49, 0.01],  # 3: gap 0.01 (smallest), max 0.50, low entropy
        [0.60, 0.20, 0.20],  # 4
    ]
)


def first(strategy: str) -> int:
    return int(top_k(scores(strategy, PROBA, len(PROBA)), 1)[0])


def test_each_strategy_ranks_what_it_claims_first():
    assert first("least_confident") == int(np.argmin(PROBA.max(1))) == 1
    top2 = np.sort(PROBA, 1)[:, -2:]
    assert first("margin") == int(np.argmin(top2[:, 1] - top2[:, 0])) == 3
    ent = -(PROBA * np.log(PROBA)).sum(1)
    assert first("entropy") == int(np.argmax(ent)) == 1
    order = list(top_k(scores("least_confident", PROBA, 5), 5))
    assert order == list(np.argsort(PROBA.max(1), kind="stable"))  # the whole ranking, lowest max first


def test_random_is_seeded_and_uncertainty_needs_a_model():
    assert list(scores("random", None, 50, seed=3)) == list(scores("random", None, 50, seed=3))
    assert list(scores("random", None, 50, seed=3)) != list(scores("random", None, 50, seed=4))
    with pytest.raises(CuratorError, match="needs a model"):
        scores("margin", None, 5)
    with pytest.raises(CuratorError, match="--strategy 'nope'"):
        scores("nope", PROBA, 5)


def test_no_two_members_of_a_duplicate_cluster():
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    clusters = {0: ["exact:a"], 1: ["exact:a"], 2: ["near:b"], 3: ["near:b", "exact:c"], 4: ["exact:c"]}
    assert top_without_dups(score, 3, clusters) == [0, 2, 4]  # 1 shares a with 0, 3 shares b with 2
    picks, _ = choose("margin", score, 5, clusters, lambda idx: np.eye(5)[idx])
    assert picks == [0, 2, 4]  # only three clusters: never a pair, even if the batch comes out smaller


def test_k_center_covers_groups_before_repeating_one():
    rng = np.random.default_rng(0)
    centers = np.eye(4, 16)
    emb = np.concatenate([c + 0.01 * rng.standard_normal((25, 16)) for c in centers])  # 4 tight groups of 25
    weight = np.full(100, 0.5)
    weight[:25] = 0.9  # group 0 is the most uncertain: pure top-k would take 4 from it
    picks, gaps = k_center(emb, weight, 4)
    assert sorted(p // 25 for p in picks) == [0, 1, 2, 3] and picks[0] < 25
    assert gaps[0] == float("inf") and min(gaps[1:]) > 0.5
    assert [p // 25 for p in top_k(weight, 4)] == [0, 0, 0, 0]


def test_diverse_pick_embeds_only_its_pool():
    score = np.linspace(0, 1, 10_000)
    seen: list[int] = []

    def embed(idx: np.ndarray) -> np.ndarray:
        seen.append(len(idx))
        return np.random.default_rng(1).standard_normal((len(idx), 8))

    picks, _ = diverse_pick(score, 10, {}, embed, pool_factor=10)
    assert len(picks) == 10 and seen == [200] and min(picks) >= 10_000 - 200  # pool: the 200 most uncertain


def test_a_batch_of_zero_picks_nothing():
    """ActiveLab may give the whole batch to one more annotation: the strategy then picks no new sample."""
    score = np.linspace(0, 1, 50)
    assert top_without_dups(score, 0, {}) == []
    assert choose("margin", score, 0, {}, lambda idx: np.eye(50)[idx]) == ([], [])
    assert choose("diverse", score, 0, {}, lambda idx: np.eye(50)[idx]) == ([], [])
