"""Choose a batch for `annotate push --strategy S --model M`: predict on every eligible candidate (in batches),
score, keep one member per duplicate cluster, optionally spread the batch (diverse) and give part of it to one
more annotation of labeled samples (ActiveLab). What was chosen, and why, is written by curator.learn.record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from curator.errors import CuratorError
from curator.learn import activelab
from curator.learn.diversity import diverse_pick, top_without_dups
from curator.learn.embed import EMBEDDINGS, embed
from curator.learn.strategies import check_strategy, scores
from curator.workspace import Workspace

PREDICT_BATCH = 4096


@dataclass(frozen=True, kw_only=True)
class SelectOptions:
    strategy: str
    batch: int
    model: str | None = None  # model folder, model_id or 'latest'
    seed: int = 0
    embedding: str = "minilm"  # minilm | tfidf (the fallback, also forced for tests)
    relabel: str = "none"  # none | activelab


@dataclass
class Selection:
    """The chosen candidates (indices into the eligible rows, pick order) and the ActiveLab 'more' items."""

    picks: list[int]
    scores: list[float]
    gaps: list[float | None]
    more: list[dict[str, Any]] = field(default_factory=list)
    model_id: str | None = None
    proba: np.ndarray | None = None
    labels: list[str] = field(default_factory=list)
    embedding: str | None = None


def choose(
    strategy: str,
    score: np.ndarray,
    k: int,
    clusters: dict[int, Sequence[str]],
    embed_rows: Callable[[np.ndarray], np.ndarray],
) -> tuple[list[int], list[float | None]]:
    """The pure selection step (the bench times it on 1M candidates): indices in pick order and, for diverse,
    each pick's coverage distance."""
    if strategy == "diverse":
        picks, gaps = diverse_pick(score, k, clusters, embed_rows)
        return picks, [None if g == float("inf") else g for g in gaps]
    picks = top_without_dups(score, k, clusters)
    return picks, [None] * len(picks)


def predict_proba(predictor: Any, texts: list[str]) -> np.ndarray:
    parts = [predictor.predict_proba(texts[i : i + PREDICT_BATCH]) for i in range(0, len(texts), PREDICT_BATCH)]
    return np.concatenate(parts) if parts else np.zeros((0, len(predictor.labels)))


def cluster_map(con: duckdb.DuckDBPyConnection, sample_ids: list[str]) -> dict[int, list[str]]:
    """Candidate index → the duplicate clusters it belongs to (only clusters with more than one member)."""
    rows = con.execute(
        "WITH c AS (SELECT unnest(?::VARCHAR[]) AS sample_id, unnest(range(?)) AS i) "
        "SELECT c.i, list(d.cluster_id) FROM c JOIN dup_clusters d USING (sample_id) "
        "WHERE d.cluster_id IN (SELECT cluster_id FROM dup_clusters GROUP BY 1 HAVING count(*) > 1) GROUP BY 1",
        [sample_ids, len(sample_ids)],
    ).fetchall()
    return {int(i): cs for i, cs in rows}


def load_model(ws: Workspace, ref: str | None, strategy: str) -> Any:
    if ref is None:
        if strategy != "random":
            raise CuratorError(f"--strategy {strategy} needs --model MODEL_ID|latest (uncertainty needs a model)")
        return None
    from curator.train.predict import load_predictor, resolve_model

    return load_predictor(resolve_model(ws, ref))


def select(
    ws: Workspace, con: duckdb.DuckDBPyConnection, project: str, rows: list[tuple], opts: SelectOptions
) -> Selection:
    """Choose from the eligible `rows` (sample_id, text, …) of `project`; read-only on the catalog."""
    check_strategy(opts.strategy)
    if opts.batch < 1:
        raise CuratorError(f"--limit {opts.batch}: a strategy needs a batch size of at least 1")
    if opts.relabel not in ("none", "activelab"):
        raise CuratorError(f"--relabel {opts.relabel!r}: use none or activelab")
    if opts.embedding not in EMBEDDINGS:
        raise CuratorError(f"--embedding {opts.embedding!r}: use {' or '.join(EMBEDDINGS)}")
    predictor = load_model(ws, opts.model, opts.strategy)
    texts = [r[1] for r in rows]
    proba = predict_proba(predictor, texts) if predictor is not None else None
    score = scores(opts.strategy, proba, len(rows), opts.seed)
    more = _more(con, project, predictor, proba, opts) if opts.relabel == "activelab" else []
    clusters = cluster_map(con, [r[0] for r in rows])
    used: dict[str, str] = {}

    def embed_rows(idx: np.ndarray) -> np.ndarray:
        vecs, used["method"] = embed([texts[int(i)] for i in idx], opts.embedding)
        return vecs

    picks, gaps = choose(opts.strategy, score, opts.batch - len(more), clusters, embed_rows)
    return Selection(
        picks=picks,
        scores=[float(score[i]) for i in picks],
        gaps=gaps,
        more=more,
        model_id=getattr(predictor, "model_id", None),
        proba=proba,
        labels=list(getattr(predictor, "labels", [])),
        embedding=used.get("method"),
    )


def _more(
    con: duckdb.DuckDBPyConnection, project: str, predictor: Any, proba: np.ndarray | None, opts: SelectOptions
) -> list[dict[str, Any]]:
    """ActiveLab: the labeled samples that get one more annotation in this batch (lowest score first)."""
    if predictor is None or proba is None:
        raise CuratorError("--relabel activelab needs --model MODEL_ID|latest (ActiveLab weighs the model's view)")
    labeled = activelab.labeled_votes(con, project)
    if not labeled:
        return []
    p_lab = predict_proba(predictor, [r["text"] for r in labeled])
    votes = activelab.vote_matrix(labeled, list(predictor.labels))
    lab_scores, unl_scores = activelab.activelab_scores(votes, p_lab, proba)
    chosen = activelab.split_batch(lab_scores, unl_scores, opts.batch)
    return [{**labeled[i], "activelab_score": float(lab_scores[i])} for i in chosen]
