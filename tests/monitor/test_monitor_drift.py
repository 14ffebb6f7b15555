"""`curator monitor` on constructed shifts: the same distribution is not flagged; a shifted language mix and longer
texts are, in their own window only; every (window, check) is stored; the statistics agree with scipy's."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from curator.monitor.options import MonitorOptions
from curator.monitor.run import monitor

from .conftest import ingest_production, make_rows, set_language_for_test, sql, windows


def opts(**kw) -> MonitorOptions:
    return MonitorOptions(name="tickets", model="latest", embedding="tfidf", **kw)


def test_same_distribution_is_not_flagged(ws, trained):
    ingest_production(ws, make_rows(240, "p", seed=7, day=0))
    set_language_for_test(ws, "production", {"en": 0.95, "fr": 0.05}, seed=3)
    res = monitor(ws, opts())
    assert res["reason"] is None and res["n_flagged"] == 0 and res["n_windows"] == 1
    got = windows(ws, res["run_id"])
    assert {c for _, c in got} == {
        "language",
        "length",
        "predicted_labels",
        "confidence",
        "low_confidence",
        "embedding",
        "live_f1",
    }
    assert got[("2026-11-20", "language")]["value"] < 0.05
    assert got[("2026-11-20", "length")]["value"] < 0.15


def test_shifted_language_mix_and_length_are_flagged_in_their_window(ws, trained):
    ingest_production(ws, make_rows(240, "a", seed=7, day=0))
    ingest_production(ws, make_rows(240, "b", seed=8, day=1, extra_words=12))
    set_language_for_test(ws, "production", {"en": 0.95, "fr": 0.05}, prefix="a", seed=3)
    set_language_for_test(ws, "production", {"en": 0.4, "de": 0.6}, prefix="b", seed=3)
    res = monitor(ws, opts())
    got = windows(ws, res["run_id"])
    assert not any(v["flagged"] for (d, _), v in got.items() if d == "2026-11-20")
    assert got[("2026-11-21", "language")]["flagged"] and got[("2026-11-21", "length")]["flagged"]
    assert res["n_flagged"] == 1 and res["reason"].startswith("drift in window 2026-11-21 00:00: language psi")
    assert "de 0.00→0.60" in res["reason"]
    stored = sql(ws, "SELECT n_windows, n_flagged, reason FROM monitor_runs WHERE run_id = ?", [res["run_id"]])
    assert stored == [(2, 1, res["reason"])]


def test_window_length_statistic_matches_scipy(ws, trained):
    """The stored KS distance and p-value of the length check are scipy's ks_2samp(method='asymp') on the same
    values (the train part's lengths vs the window's)."""
    ingest_production(ws, make_rows(200, "b", seed=8, day=1, extra_words=3))
    res = monitor(ws, opts())
    row = windows(ws, res["run_id"])[("2026-11-21", "length")]
    ref = [
        len(t)
        for (t,) in sql(
            ws,
            "SELECT s.text FROM split_members m JOIN samples s USING (sample_id) "
            "WHERE m.name = 'tickets' AND m.part = 'train'",
        )
    ]
    prod = [n for (n,) in sql(ws, "SELECT length(text) FROM samples WHERE source = 'production'")]
    want = sps.ks_2samp(ref, prod, method="asymp")
    assert row["value"] == pytest.approx(want.statistic) and row["details"]["p_value"] == pytest.approx(want.pvalue)
    assert row["details"]["median_production"] == pytest.approx(np.median(prod))


def test_a_window_with_too_few_samples_is_stored_not_judged(ws, trained):
    ingest_production(ws, make_rows(10, "b", seed=8, day=1, extra_words=20))
    res = monitor(ws, opts())
    got = windows(ws, res["run_id"])
    assert res["reason"] is None and all(v["value"] is None and not v["flagged"] for v in got.values())
    assert "10 production samples (< --min-samples 30)" in got[("2026-11-21", "length")]["details"]["skipped"]
