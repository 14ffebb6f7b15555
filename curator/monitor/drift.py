"""The checks of one window of production samples against the reference (statistics: curator.monitor.stats;
thresholds: curator.monitor.options.Thresholds; both documented in docs/monitor.md)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from curator.monitor import stats
from curator.monitor.options import MonitorOptions
from curator.monitor.reference import Reference

CHECKS = ("language", "length", "predicted_labels", "confidence", "low_confidence", "embedding", "live_f1")


@dataclass
class Check:
    check_name: str
    statistic: str
    value: float | None
    threshold: float
    flagged: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def reason(self) -> str:
        """One line: what crossed which threshold."""
        extra = self.details.get("summary", "")
        return f"{self.check_name} {self.statistic} {self.value:.3f} > {self.threshold:g}" + (
            f" ({extra})" if extra else ""
        )


def skipped(name: str, statistic: str, threshold: float, why: str) -> Check:
    return Check(name, statistic, None, threshold, False, {"skipped": why})


def _shift_summary(ref: dict[str, float], prod: dict[str, float], n: int = 3) -> str:
    """The categories whose share moved most: 'en 0.95→0.40, de 0.02→0.51'."""
    keys = sorted(set(ref) | set(prod), key=lambda k: (-abs(prod.get(k, 0) - ref.get(k, 0)), k))[:n]
    return ", ".join(f"{k} {ref.get(k, 0):.2f}→{prod.get(k, 0):.2f}" for k in keys)


def categorical(name: str, ref: Counter[str], prod: Counter[str], threshold: float) -> Check:
    """PSI of a categorical distribution (language mix, predicted labels vs the training prior) + chi-square p."""
    if not ref:
        return skipped(name, "psi", threshold, "the reference has no values to compare with")
    value, keys = stats.psi_counts(ref, prod)
    chi2, p = stats.chi2_homogeneity(ref, prod)
    rs, ps = stats.shares(ref, keys), stats.shares(prod, keys)
    ref_sh = {k: round(float(v), 4) for k, v in zip(keys, rs, strict=True)}
    prod_sh = {k: round(float(v), 4) for k, v in zip(keys, ps, strict=True)}
    details = {"chi2": chi2, "p_value": p, "reference": ref_sh, "production": prod_sh}
    details["summary"] = _shift_summary(ref_sh, prod_sh)
    return Check(name, "psi", value, threshold, value > threshold, details)


def numeric(name: str, ref: np.ndarray, prod: np.ndarray, threshold: float, alpha: float) -> Check:
    """KS distance of a numeric distribution (length, confidence); flagged when D > threshold and p < alpha."""
    if len(ref) == 0:
        return skipped(name, "ks", threshold, "the reference has no values to compare with")
    d, p = stats.ks_2samp(ref, prod)
    med_r, med_p = float(np.median(ref)), float(np.median(prod))
    details = {"p_value": p, "psi": stats.binned_psi(ref, prod), "median_reference": med_r, "median_production": med_p}
    details["summary"] = f"median {med_r:.3g}→{med_p:.3g}, p={p:.2g}"
    return Check(name, "ks", d, threshold, d > threshold and p < alpha, details)


def low_confidence(ref: np.ndarray, prod: np.ndarray, cut: float, threshold: float) -> Check:
    """Share of predictions under `cut` in production minus the same share on the reference's held-out rows."""
    r = float((ref < cut).mean()) if len(ref) else 0.0
    p = float((prod < cut).mean()) if len(prod) else 0.0
    details = {"reference_share": r, "production_share": p, "cut": cut, "summary": f"share {r:.2f}→{p:.2f}"}
    return Check("low_confidence", "share_increase", p - r, threshold, p - r > threshold, details)


def live_f1(win: pl.DataFrame, ref: Reference, opts: MonitorOptions, labels: list[str]) -> Check:
    """Macro-F1 of the model on production samples with a resolved label, against its test macro-F1."""
    from curator.train.evaluate import compute_metrics

    th = opts.thresholds.f1_drop
    done = win.filter(pl.col("resolved").is_not_null())
    if done.height < opts.min_labeled:
        return skipped("live_f1", "f1_drop", th, f"{done.height} labeled production samples (< {opts.min_labeled})")
    y_true, y_pred = done.get_column("resolved").to_list(), done.get_column("predicted").to_list()
    m = compute_metrics(y_true, y_pred, sorted(set(labels) | set(y_true)))
    live = float(m["macro_f1"])
    details = {"live_macro_f1": live, "live_accuracy": float(m["accuracy"]), "n_labeled": done.height}
    if ref.test_macro_f1 is None:
        return Check("live_f1", "f1_drop", None, th, False, {**details, "skipped": "the model has no test macro-F1"})
    drop = ref.test_macro_f1 - live
    details["summary"] = f"test {ref.test_macro_f1:.3f}, live {live:.3f} on {done.height}"
    return Check("live_f1", "f1_drop", drop, th, drop > th, details)


def window_checks(win: pl.DataFrame, ref: Reference, opts: MonitorOptions, labels: list[str]) -> list[Check]:
    """Every check but embedding drift (curator.monitor.embedding) on one window's rows."""
    th = opts.thresholds
    if win.height < opts.min_samples:
        why = f"{win.height} production samples (< --min-samples {opts.min_samples})"
        stat = dict(zip(CHECKS, ("psi", "ks", "psi", "ks", "share_increase", "domain_auc", "f1_drop"), strict=True))
        return [skipped(c, stat[c], _threshold(th, c), why) for c in CHECKS if c != "embedding"]
    conf = win.get_column("confidence").to_numpy().astype(np.float64)
    langs = _counts(win, "language")
    if set(langs) == {"und"} and "und" not in ref.languages:
        lang = skipped("language", "psi", th.language_psi, "no production sample has a language (run langid)")
    else:
        lang = categorical("language", ref.languages, langs, th.language_psi)
    return [
        lang,
        numeric("length", ref.lengths, win.get_column("n_chars").to_numpy(), th.length_ks, th.ks_alpha),
        categorical("predicted_labels", ref.prior, _counts(win, "predicted"), th.label_psi),
        numeric("confidence", ref.confidence, conf, th.confidence_ks, th.ks_alpha),
        low_confidence(ref.confidence, conf, opts.low_confidence, th.low_confidence_increase),
        live_f1(win, ref, opts, labels),
    ]


def _counts(win: pl.DataFrame, col: str) -> Counter[str]:
    return Counter(dict(win.get_column(col).value_counts().iter_rows()))


def _threshold(th: Any, check: str) -> float:
    return {
        "language": th.language_psi,
        "length": th.length_ks,
        "predicted_labels": th.label_psi,
        "confidence": th.confidence_ks,
        "low_confidence": th.low_confidence_increase,
        "embedding": th.embedding_auc,
        "live_f1": th.f1_drop,
    }[check]
