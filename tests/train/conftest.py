"""Fixtures of the training tests: a tiny synthetic split on disk and a tiny random BERT."""

from __future__ import annotations

import hashlib
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
PARTS = ("train", "val", "test")
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


def write_split(home: Path, name: str, version: str, sizes: dict[str, int], seed: int = 0, age_s: float = 0) -> Path:
    """Write train/val/test parquet files of a synthetic split under <home>/splits/NAME/VERSION and register it."""
    path = home / "splits" / name / version
    path.mkdir(parents=True, exist_ok=True)
    for k, (part, n) in enumerate(sizes.items()):
        texts, labels = synth_texts(n, seed + k)
        ids = [f"{part}-{i:05d}" for i in range(n)]
        pq.write_table(pa.table({"sample_id": ids, "text": texts, "label": labels}), path / f"{part}.parquet")
    return register_split(home, path, age_s)


def register_split(home: Path, path: Path, age_s: float = 0) -> Path:
    """(Re)register the split version in `path` as build-split would: manifest with each part's sha256, a `splits`
    row with the manifest's sha256 (created age_s seconds ago). Call it again after changing a part on purpose."""
    from curator.catalog import connect, transaction, utcnow
    from curator.splits.store import sha256_file
    from curator.workspace import Workspace

    name, version = path.parent.name, path.name
    files = {
        f"{p}.parquet": {"sha256": sha256_file(f), "rows": pq.ParquetFile(f).metadata.num_rows}
        for p, f in ((p, path / f"{p}.parquet") for p in PARTS)
    }
    data = json.dumps({"name": name, "version": version, "files": files}).encode()
    (path / "manifest.json").write_bytes(data)
    with connect(Workspace(home)) as con, transaction(con):
        con.execute("DELETE FROM splits WHERE name = ? AND version = ?", [name, version])
        con.execute(
            "INSERT INTO splits (name, version, created_at, run_id, mode, label_source, n_members, path, "
            "manifest_sha256) VALUES (?, ?, ?::TIMESTAMP - to_seconds(?), 'r', 'stratified', 'resolved', ?, ?, ?)",
            [
                name,
                version,
                utcnow(),
                age_s,
                sum(f["rows"] for f in files.values()),
                f"splits/{name}/{version}",
                hashlib.sha256(data).hexdigest(),
            ],
        )
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
