"""The time mode respects time; the MinHash audit finds near duplicates and nothing else."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.splits import minhash
from curator.splits.keys import components
from curator.splits.timesplit import split_by_time

BASE = np.datetime64("2024-01-01T00:00:00", "us")


@settings(max_examples=60, deadline=None)
@given(
    hours=st.lists(st.integers(0, 200), min_size=1, max_size=200),
    ratios=st.sampled_from([(0.8, 0.1, 0.1), (0.6, 0.2, 0.2), (0.5, 0.5, 0.0)]),
)
def test_time_split_respects_time(hours, ratios):
    times = BASE + np.array(hours, dtype="timedelta64[h]")
    parts, report = split_by_time(times, ratios, ())
    for j in range(2):
        earlier, later = times[parts <= j], times[parts > j]
        if len(earlier) and len(later):
            assert earlier.max() < later.min(), f"part {j} holds a sample newer than a later part's oldest"
    assert report["moved_later_with_group"] == 0


def test_cutoffs_and_groups_move_later_only():
    times = BASE + np.array([0, 10, 20, 30, 40, 50], dtype="timedelta64[D]")
    cluster = np.array([0, -1, -1, -1, 0, -1])  # sample 0 (train by time) duplicates sample 4 (test)
    group = components(6, [cluster])
    plain, _ = split_by_time(times, (0.8, 0.1, 0.1), ("2024-01-15", "2024-02-05"))
    assert plain.tolist() == [0, 0, 1, 1, 2, 2], "train < T1 <= val < T2 <= test"
    parts, report = split_by_time(times, (0.8, 0.1, 0.1), ("2024-01-15", "2024-02-05"), group)
    assert parts.tolist() == [2, 0, 1, 1, 2, 2], "the group goes whole to its latest part"
    assert report["moved_later_with_group"] == 1


def _sig(texts):
    return minhash.signatures(minhash.normalize(pa.array(texts)))


def test_minhash_links_near_duplicates_only():
    base = (
        "my invoice for march shows a double charge on the premium plan, please refund the second payment "
        "as soon as possible; i have attached the bank statement and the receipt from the checkout page"
    )
    texts = [
        base,
        base.upper() + "  ",  # same after normalization
        base.replace("march", "april"),  # one word changed
        "the mobile app crashes whenever i open the export dashboard on an older android phone",
        "short",
        "",
    ]
    a, b = minhash.links(_sig(texts), 0.8)
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    assert (0, 1) in pairs, "case and whitespace do not hide a duplicate"
    assert (0, 2) in pairs or (1, 2) in pairs, "a one-word edit is a near duplicate"
    assert not any(3 in p or 4 in p or 5 in p for p in pairs), f"unrelated or tiny texts were linked: {pairs}"


def test_signatures_do_not_depend_on_chunking():
    texts = [f"text number {i} about refunds and invoices and a few more words" for i in range(20)]
    arr = minhash.normalize(pa.array(texts))
    whole = minhash.signatures(arr)
    parts = np.concatenate([minhash.signatures(arr.slice(0, 7)), minhash.signatures(arr.slice(7))])
    assert (whole == parts).all()
