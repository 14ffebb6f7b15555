"""Fixtures of the active-learning tests: a fastText model trained on a synthetic split (the training area's real
train), candidate tickets ingested for real, and a Label Studio project per test on the shared server."""

from __future__ import annotations

import random

import duckdb
import pytest

from curator.workspace import Workspace
from tests.label.conftest import ingest_rows, mark_scrubbed_for_test, sql
from tests.train.conftest import FILLER, TOPICS, write_split

LABELS = sorted(TOPICS)  # billing, login, shipping

__all__ = ["LABELS", "candidates", "ingest_rows", "mark_scrubbed_for_test", "sql"]


def candidates(n: int, seed: int = 5) -> list[dict]:
    """Tickets from clear (3 words of one topic) to ambiguous (words of two or three topics): varied uncertainty."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topics = rng.sample(LABELS, 1 + i % 3)
        words = [w for t in topics for w in rng.sample(TOPICS[t], 2)] + rng.sample(FILLER, 4)
        rng.shuffle(words)
        rows.append({"id": f"c{i:03d}", "text": " ".join(words), "label": topics[0]})
    return rows


def add_dup_cluster_for_test(ws: Workspace, cluster_id: str, sample_ids: list[str]) -> None:
    """TEST HELPER, not the dedup stage: records a duplicate cluster (the dedup stage's own tests cover finding one)."""
    con = duckdb.connect(str(ws.catalog_path))
    try:
        for i, sid in enumerate(sample_ids):
            con.execute("INSERT INTO dup_clusters VALUES (?, ?, 'near', ?, 'test')", [cluster_id, sid, i == 0])
    finally:
        con.close()


@pytest.fixture
def model(ws) -> str:
    """A fastText model (trained by curator.train on a synthetic 3-topic split): its model_id."""
    from curator.train.config import TrainOptions
    from curator.train.runner import train

    write_split(ws.home, "seed", "v1", {"train": 60, "val": 15, "test": 15})
    return train(ws, "seed@v1", TrainOptions(model="fasttext"), log=lambda _: None, progress=False)["model_id"]
