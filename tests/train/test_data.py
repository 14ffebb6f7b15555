"""Resolving split versions: NAME@VERSION, NAME = latest, and one-line errors."""

from __future__ import annotations

import os
import time

import pytest
from conftest import write_split
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.errors import CuratorError
from curator.train.data import Part, load_part, resolve_split


def test_name_at_version_and_latest_from_the_catalog(ws):
    write_split(ws.home, "tiny", "aaa", {"train": 6, "val": 3, "test": 3}, age_s=100)
    write_split(ws.home, "tiny", "bbb", {"train": 6, "val": 3, "test": 3})
    assert resolve_split(ws, "tiny@aaa").version == "aaa"
    assert resolve_split(ws, "tiny").version == "bbb"  # the newest splits row


def test_latest_follows_the_catalog_not_the_folders(ws):
    old = write_split(ws.home, "tiny", "old", {"train": 6, "val": 3, "test": 3})
    write_split(ws.home, "tiny", "new", {"train": 6, "val": 3, "test": 3}, age_s=60)  # catalog: `old` is newer
    past = time.time() - 100
    os.utime(old, (past, past))
    assert resolve_split(ws, "tiny").version == "old"


def test_unregistered_folder_is_not_a_split(ws):
    path = write_split(ws.home, "tiny", "v1", {"train": 6, "val": 3, "test": 3})
    (path.parent / "v2").mkdir()
    for f in path.iterdir():
        (path.parent / "v2" / f.name).write_bytes(f.read_bytes())
    with pytest.raises(CuratorError, match=r"no split 'tiny@v2' \(known: tiny\)"):
        resolve_split(ws, "tiny@v2")


def test_missing_split_and_part_are_one_line_errors(ws):
    with pytest.raises(CuratorError, match="no split 'nope'"):
        resolve_split(ws, "nope")
    path = write_split(ws.home, "tiny", "v1", {"train": 6, "val": 3, "test": 3})
    (path / "val.parquet").unlink()
    with pytest.raises(CuratorError, match=r"val\.parquet is missing"):
        resolve_split(ws, "tiny@v1")


def test_load_part_keeps_order_and_labels(ws, tiny_split):
    part = load_part(tiny_split, "train")
    assert len(part) == 90 and part.sample_ids[0] == "train-00000"
    assert set(part.labels) == {"billing", "login", "shipping"}


@given(n=st.integers(0, 120), seed=st.integers(0, 5))
@settings(max_examples=30, deadline=None)
def test_subsample_is_seeded_ordered_and_spread_over_labels(n, seed):
    ids = [f"s{i:03d}" for i in range(90)]
    part = Part(ids, ids, ["a"] * 30 + ["b"] * 30 + ["c"] * 30)  # sorted by label, like a worst-case file
    sub = part.subsample(n, seed)
    assert len(sub) == min(n, 90) and sub.sample_ids == sorted(sub.sample_ids)
    assert sub.sample_ids == part.subsample(n, seed).sample_ids
    if n >= 30:
        assert set(sub.labels) == {"a", "b", "c"}
