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


def test_name_at_version_and_latest_by_folder(ws):
    old = write_split(ws.home, "tiny", "aaa", {"train": 6, "val": 3, "test": 3})
    write_split(ws.home, "tiny", "bbb", {"train": 6, "val": 3, "test": 3})
    past = time.time() - 100
    os.utime(old, (past, past))
    assert resolve_split(ws, "tiny@aaa").version == "aaa"
    assert resolve_split(ws, "tiny").version == "bbb"  # no splits rows: the newest folder


def test_latest_prefers_the_catalog(ws):
    from curator.catalog import connect, transaction, utcnow

    write_split(ws.home, "tiny", "old", {"train": 6, "val": 3, "test": 3})
    write_split(ws.home, "tiny", "new", {"train": 6, "val": 3, "test": 3})
    with connect(ws) as con, transaction(con):
        for version, age in (("old", 0), ("new", -60)):  # catalog says `old` is the newer one
            con.execute(
                "INSERT INTO splits (name, version, created_at, run_id, mode, label_source, n_members, path) "
                "VALUES ('tiny', ?, ?::TIMESTAMP + to_seconds(?), 'r', 'stratified', 'resolved', 12, 'p')",
                [version, utcnow(), age],
            )
    assert resolve_split(ws, "tiny").version == "old"


def test_missing_split_and_part_are_one_line_errors(ws):
    with pytest.raises(CuratorError, match="no split named 'nope'"):
        resolve_split(ws, "nope")
    path = write_split(ws.home, "tiny", "v1", {"train": 6, "val": 3, "test": 3})
    (path / "val.parquet").unlink()
    with pytest.raises(CuratorError, match=r"missing val\.parquet"):
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
