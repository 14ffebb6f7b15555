"""Resolution policies: from the annotations of one round to one label per sample (pure functions).

- majority: the most frequent label; agreement = its share of the votes; a tie has no winner.
- crowdlab: cleanlab's CROWDLAB (get_label_quality_multiannotator). It needs class probabilities per sample:
  out-of-fold probabilities of a TF-IDF + logistic regression fitted on the majority labels when there is
  enough data (>= 30 samples and >= 3 per class), else the label-distribution prior (every sample gets the
  share of each label among all votes). agreement = CROWDLAB's consensus quality score.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MIN_OOF_SAMPLES, MIN_OOF_PER_CLASS = 30, 3


@dataclass
class Outcome:
    sample_id: str
    label: str | None  # None: no winner (tie)
    agreement: float
    votes: dict[str, int]
    n: int
    tie: bool = False
    extra: dict[str, float] = field(default_factory=dict)


def majority(votes: dict[str, list[str]]) -> list[Outcome]:
    """Majority vote per sample; `votes` maps sample_id to the labels given (one per annotation)."""
    out = []
    for sid, labels in votes.items():
        counts = Counter(labels)
        ranked = counts.most_common()
        top = ranked[0][1]
        tie = len(ranked) > 1 and ranked[1][1] == top
        out.append(
            Outcome(
                sid, None if tie else ranked[0][0], top / len(labels), dict(sorted(counts.items())), len(labels), tie
            )
        )
    return out


def prior_probs(votes: dict[str, list[str]], classes: list[str]) -> np.ndarray:
    counts = Counter(lb for labels in votes.values() for lb in labels)
    prior = np.array([counts.get(c, 0) + 1.0 for c in classes])  # +1: every class keeps some mass
    return np.tile(prior / prior.sum(), (len(votes), 1))


def oof_probs(texts: list[str], targets: list[str], classes: list[str], seed: int = 0) -> np.ndarray | None:
    """Out-of-fold class probabilities of a TF-IDF + logistic regression, None when data is too small."""
    counts = Counter(targets)
    if len(texts) < MIN_OOF_SAMPLES or len(counts) < 2 or min(counts.values()) < MIN_OOF_PER_CLASS:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(min_df=1, ngram_range=(1, 2)), LogisticRegression(max_iter=500))
    folds = StratifiedKFold(n_splits=min(5, min(counts.values())), shuffle=True, random_state=seed)
    probs = cross_val_predict(model, texts, targets, cv=folds, method="predict_proba")
    seen = sorted(counts)
    full = np.full((len(texts), len(classes)), 1e-3)
    for j, c in enumerate(seen):
        full[:, classes.index(c)] = probs[:, j] + 1e-3
    return full / full.sum(axis=1, keepdims=True)


def crowdlab(by_annotator: dict[str, dict[str, str]], classes: list[str], texts: dict[str, str]) -> list[Outcome]:
    """CROWDLAB consensus; `by_annotator[sample_id][annotator] = label`."""
    from cleanlab.multiannotator import get_label_quality_multiannotator

    sids = sorted(by_annotator)
    annotators = sorted({a for per in by_annotator.values() for a in per})
    frame = pd.DataFrame(np.nan, index=range(len(sids)), columns=annotators)
    for i, sid in enumerate(sids):
        for ann, lb in by_annotator[sid].items():
            frame.loc[i, ann] = classes.index(lb)
    votes = {sid: list(by_annotator[sid].values()) for sid in sids}
    maj = {o.sample_id: o.label or Counter(votes[o.sample_id]).most_common(1)[0][0] for o in majority(votes)}
    probs = oof_probs([texts.get(s, "") for s in sids], [maj[s] for s in sids], classes)
    probs = prior_probs(votes, classes) if probs is None else probs
    res = get_label_quality_multiannotator(frame, probs, verbose=False)["label_quality"]
    out = []
    for i, sid in enumerate(sids):
        label = classes[int(res.loc[i, "consensus_label"])]
        out.append(
            Outcome(
                sid,
                label,
                float(res.loc[i, "consensus_quality_score"]),
                dict(Counter(votes[sid])),
                len(votes[sid]),
                extra={"annotator_agreement": float(res.loc[i, "annotator_agreement"])},
            )
        )
    return out
