"""Fixtures of the training tests: a tiny synthetic split on disk and a tiny random BERT."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

TOPICS = {
    "billing": ["invoice", "charge", "refund", "payment", "card", "billed", "price", "subscription"],
    "shipping": ["package", "delivery", "courier", "tracking", "parcel", "shipped", "address", "arrived"],
    "login": ["password", "account", "locked", "signin", "reset", "username", "twofactor", "session"],
}
FILLER = ["please", "help", "today", "again", "my", "the", "is", "not", "working", "since", "yesterday", "thanks"]


def synth_texts(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """n short texts, each about one topic (3 topic words among filler); labels cycle over the topics."""
    rng, labels = random.Random(seed), sorted(TOPICS)
    texts, ys = [], []
    for i in range(n):
        label = labels[i % len(labels)]
        words = rng.sample(TOPICS[label], 3) + rng.sample(FILLER, 5)
        rng.shuffle(words)
        texts.append(" ".join(words))
        ys.append(label)
    return texts, ys


def write_split(home: Path, name: str, version: str, sizes: dict[str, int], seed: int = 0) -> Path:
    """Write train/val/test parquet files of a synthetic split under <home>/splits/NAME/VERSION."""
    path = home / "splits" / name / version
    path.mkdir(parents=True, exist_ok=True)
    for k, (part, n) in enumerate(sizes.items()):
        texts, labels = synth_texts(n, seed + k)
        ids = [f"{part}-{i:05d}" for i in range(n)]
        pq.write_table(pa.table({"sample_id": ids, "text": texts, "label": labels}), path / f"{part}.parquet")
    (path / "manifest.json").write_text(json.dumps({"name": name, "version": version}))
    return path


@pytest.fixture
def tiny_split(ws):
    """A 3-label split `tiny@v1` with 90 train, 30 val, 30 test samples."""
    from curator.train.data import resolve_split

    write_split(ws.home, "tiny", "v1", {"train": 90, "val": 30, "test": 30})
    return resolve_split(ws, "tiny@v1")


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    from curator.train.tiny import make_tiny_bert

    return make_tiny_bert(tmp_path_factory.mktemp("tiny-bert") / "model")
