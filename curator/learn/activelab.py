"""Re-label or label new: cleanlab's ActiveLab (`cleanlab.multiannotator.get_active_learning_scores`) scores the
project's labeled samples (their annotators' votes + the model) and the unlabeled candidates (the model) on one
scale, lower = another annotation is worth more.

The policy (docs/labeling.md): of a batch of B, the labeled samples among the B lowest ActiveLab scores of both
kinds get ONE more annotation (kind 'more': a task in the sample's current round, so the new vote joins the
earlier ones at the next resolve); the rest of the batch are new samples chosen by the --strategy.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np

from curator.learn.strategies import top_k

# Labeled samples of the project that are still eligible downstream, with their valid votes of the latest round.
VOTES_SQL = """
WITH v AS (
  SELECT a.sample_id, a.annotator, a.label, t.round
  FROM annotations a JOIN ls_tasks t ON t.project = a.project AND t.task_id = a.task_id
  WHERE a.project = ? AND NOT a.deleted AND NOT a.was_cancelled AND a.label IS NOT NULL
), latest AS (SELECT sample_id, max(round) AS round FROM v GROUP BY 1)
SELECT s.sample_id, s.text, md5(s.text) AS text_hash, l.round, list(v.annotator ORDER BY v.annotator),
       list(v.label ORDER BY v.annotator)
FROM v JOIN latest l USING (sample_id, round) JOIN samples s USING (sample_id)
JOIN labels lb USING (sample_id)
WHERE s.status = 'active' AND s.pii_scrubbed
  AND s.sample_id NOT IN (SELECT t.sample_id FROM ls_tasks t WHERE t.project = ? AND NOT EXISTS
      (SELECT 1 FROM annotations a WHERE a.project = t.project AND a.task_id = t.task_id))
GROUP BY ALL ORDER BY s.sample_id
"""


def labeled_votes(con: duckdb.DuckDBPyConnection, project: str) -> list[dict[str, Any]]:
    """The project's labeled samples with their votes (a sample with a task still unanswered is left out)."""
    rows = con.execute(VOTES_SQL, [project, project]).fetchall()
    return [
        {"sample_id": sid, "text": text, "text_hash": th, "round": rnd, "votes": dict(zip(anns, labs, strict=True))}
        for sid, text, th, rnd, anns, labs in rows
    ]


def vote_matrix(labeled: list[dict[str, Any]], labels: list[str]) -> np.ndarray:
    """(n, annotators) class ids with NaN where an annotator did not label the sample."""
    annotators = sorted({a for r in labeled for a in r["votes"]})
    col = {a: j for j, a in enumerate(annotators)}
    cls = {lab: i for i, lab in enumerate(labels)}
    out = np.full((len(labeled), len(annotators)), np.nan)
    for i, r in enumerate(labeled):
        for a, lab in r["votes"].items():
            if lab in cls:
                out[i, col[a]] = cls[lab]
    return out


def activelab_scores(
    votes: np.ndarray, proba_labeled: np.ndarray, proba_unlabeled: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """ActiveLab scores of the labeled and the unlabeled samples (lower = more informative)."""
    from cleanlab.multiannotator import get_active_learning_scores

    keep = ~np.isnan(votes).all(axis=1)
    lab_scores, unl = np.ones(len(votes)), np.ones(len(proba_unlabeled))
    unlabeled = proba_unlabeled if len(proba_unlabeled) else None  # no candidate left: score the labeled only
    if keep.any():
        got, got_unl = get_active_learning_scores(votes[keep], proba_labeled[keep], unlabeled)
        lab_scores[keep] = got
    elif unlabeled is not None:
        _, got_unl = get_active_learning_scores(None, None, unlabeled)
    if unlabeled is not None:
        unl = np.asarray(got_unl)
    return lab_scores, unl


def split_batch(lab_scores: np.ndarray, unl_scores: np.ndarray, batch: int) -> list[int]:
    """The labeled samples (indices, lowest score first) that the B lowest scores of both kinds include."""
    both = np.concatenate([lab_scores, unl_scores])
    chosen = top_k(-both, batch)
    return [int(i) for i in chosen if i < len(lab_scores)]
