"""The time mode: the oldest samples train, the newest test; a duplicate group moves whole to its latest part.

Without cutoffs the boundaries sit at the ratio quantiles of the sorted times, snapped so that one timestamp is
never split across two parts. With cutoffs T1,T2: train < T1 <= val < T2 <= test. With grouping on, a group whose
members fall in different parts goes entirely to the latest of them (moving a sample later never puts the future
into train); the number moved is reported.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np


def time_boundaries(times: np.ndarray, ratios: tuple[float, ...], cutoffs: tuple[str, ...]) -> list[np.datetime64]:
    """The two boundary timestamps (val starts at the first, test at the second)."""
    if cutoffs:
        return [np.datetime64(datetime.fromisoformat(c), "us") for c in cutoffs]
    ts = np.sort(times)
    n = len(ts)
    n_train = int(round(ratios[0] * n))
    n_val = int(round((ratios[0] + ratios[1]) * n))
    big = np.datetime64("9999-12-31T00:00:00", "us")
    return [ts[i] if i < n else big for i in (n_train, n_val)]


def split_by_time(
    times: np.ndarray, ratios: tuple[float, ...], cutoffs: tuple[str, ...], group: np.ndarray | None = None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Part per sample (0 train, 1 val, 2 test) and a report of the boundaries and group moves."""
    times = times.astype("datetime64[us]")
    b1, b2 = time_boundaries(times, ratios, cutoffs)
    parts = (times >= b1).astype(np.int8) + (times >= b2).astype(np.int8)
    moved = 0
    if group is not None and len(parts):
        latest = np.zeros(int(group.max()) + 1, dtype=np.int8)
        np.maximum.at(latest, group, parts)
        new = latest[group]
        moved = int((new != parts).sum())
        parts = new
    report = {"boundaries": [str(b1), str(b2)], "moved_later_with_group": moved, "cutoffs_given": bool(cutoffs)}
    return parts, report
