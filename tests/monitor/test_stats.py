"""The drift statistics against scipy (where scipy has them) and their behaviour on constructed shifts."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats as sps

from curator.monitor import stats


def test_ks_matches_scipy_asymptotic():
    rng = np.random.default_rng(0)
    for a, b in [(rng.normal(0, 1, 500), rng.normal(0.3, 1, 700)), (rng.integers(0, 50, 300), rng.integers(5, 60, 90))]:
        want = sps.ks_2samp(a, b, method="asymp")
        d, p = stats.ks_2samp(a, b)
        assert d == pytest.approx(want.statistic) and p == pytest.approx(want.pvalue, rel=1e-6, abs=1e-12)


def test_chi2_matches_scipy_contingency():
    ref, prod = Counter(en=900, fr=80, de=20), Counter(en=300, fr=40, de=160, es=5)
    stat, p = stats.chi2_homogeneity(ref, prod)
    keys = ["de", "en", "es", "fr"]
    want = sps.chi2_contingency([[ref[k] for k in keys], [prod[k] for k in keys]], correction=False)
    assert stat == pytest.approx(want.statistic) and p == pytest.approx(want.pvalue)


def test_psi_is_the_symmetric_kl_sum_and_flags_only_a_shift():
    q, p = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.3, 0.5])
    want = float(sps.entropy(p, q) + sps.entropy(q, p))  # PSI = KL(p||q) + KL(q||p)
    assert stats.psi(q, p) == pytest.approx(want)
    same, _ = stats.psi_counts(Counter(en=950, fr=50), Counter(en=475, fr=25))
    shifted, _ = stats.psi_counts(Counter(en=950, fr=50), Counter(en=400, de=600))
    assert same == pytest.approx(0.0, abs=1e-9) and shifted > 0.2


def test_binned_psi_and_domain_auc_tell_a_shift_from_noise():
    rng = np.random.default_rng(1)
    ref = rng.normal(100, 20, 2000)
    assert stats.binned_psi(ref, rng.normal(100, 20, 1000)) < 0.05
    assert stats.binned_psi(ref, rng.normal(160, 20, 1000)) > 0.2
    x_ref = rng.normal(0, 1, (200, 8))
    assert stats.domain_auc(x_ref, rng.normal(0, 1, (200, 8))) < 0.65
    assert stats.domain_auc(x_ref, rng.normal(1, 1, (200, 8))) > 0.9
