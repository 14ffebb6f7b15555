"""Re-label or label new, against the real Label Studio server: with --relabel activelab, cleanlab's ActiveLab
scores labeled samples (votes + model) and new candidates (model) on one scale; the labeled ones among the
batch's lowest scores get ONE more annotation in their current round (the new vote joins the earlier ones at
the next resolve), the rest of the batch are new samples by the strategy."""

from __future__ import annotations

import numpy as np
import pytest
from cleanlab.multiannotator import get_active_learning_scores

from curator.label.project import InitOptions, init_project
from curator.label.pull import pull
from curator.label.push import PushOptions, push
from curator.label.resolve import ResolveOptions, resolve
from curator.label.simulate import SimulateOptions, simulate
from curator.learn.batch import push_strategy
from curator.train.predict import load_predictor, resolve_model

from .conftest import LABELS, candidates, ingest_rows, mark_scrubbed_for_test, sql

pytestmark = pytest.mark.labelstudio
BATCH = 6


def expected_more(ws, model: str) -> set[str]:
    """The labeled samples among the BATCH lowest ActiveLab scores, computed here from the votes and the model."""
    votes = sql(
        ws,
        "SELECT a.sample_id, a.annotator, a.label, s.text FROM annotations a JOIN samples s USING (sample_id) "
        "WHERE NOT a.deleted AND NOT a.was_cancelled AND a.label IS NOT NULL "
        "AND a.sample_id IN (SELECT sample_id FROM labels) ORDER BY 1, 2",
    )
    ids = sorted({v[0] for v in votes})
    annotators = sorted({v[1] for v in votes})
    matrix = np.full((len(ids), len(annotators)), np.nan)
    pred = load_predictor(resolve_model(ws, model))
    for sid, ann, label, _ in votes:
        matrix[ids.index(sid), annotators.index(ann)] = pred.labels.index(label)
    texts = dict((v[0], v[3]) for v in votes)
    unl = [t for (t,) in sql(ws, "SELECT text FROM samples WHERE sample_id NOT IN (SELECT sample_id FROM ls_tasks)")]
    s_lab, s_unl = get_active_learning_scores(
        matrix, pred.predict_proba([texts[i] for i in ids]), pred.predict_proba(unl)
    )
    both = np.concatenate([s_lab, s_unl])
    lowest = np.argsort(both, kind="stable")[:BATCH]
    return {ids[i] for i in lowest if i < len(ids)}


def test_activelab_mixes_one_more_annotation_with_new_samples(ls, ws, model):
    rows = candidates(36)
    ingest_rows(ws, [r for i, r in enumerate(rows) if i % 3], source="mixed")  # 24 tickets of 2 or 3 topics
    mark_scrubbed_for_test(ws)
    init_project(ws, InitOptions("activelab", labels=LABELS))
    push(ws, PushOptions(project="activelab"))
    simulate(ws, SimulateOptions(annotators=3, accuracy=0.4, seed=1, project="activelab"))  # one noisy vote each
    pull(ws, "activelab")
    resolve(ws, ResolveOptions(project="activelab", min_agreement=0.0))
    ingest_rows(ws, [r for i, r in enumerate(rows) if not i % 3], source="clear")  # 12 one-topic tickets, unlabeled
    mark_scrubbed_for_test(ws)
    want = expected_more(ws, model)
    assert want, "the fixed set must give ActiveLab a labeled sample worth another annotation"
    res = push_strategy(
        ws, PushOptions(project="activelab", limit=BATCH, strategy="margin", model=model, relabel="activelab")
    )
    more = sql(ws, "SELECT sample_id, overlap, round FROM ls_tasks WHERE kind = 'more' ORDER BY sample_id")
    assert {m[0] for m in more} == want and (res["more"], res["new"]) == (len(want), BATCH - len(want))
    assert all(ov == 1 and rnd == 0 for _, ov, rnd in more)  # one annotator, the sample's current round
    reasons = sql(ws, "SELECT DISTINCT reason FROM decisions WHERE step = 'activelab_v1'")
    assert reasons == [("one_more_annotation",)]
    simulate(ws, SimulateOptions(annotators=3, accuracy=0.4, seed=2, project="activelab"))
    pull(ws, "activelab")
    res = resolve(ws, ResolveOptions(project="activelab", min_agreement=0.0))
    # the new vote joined the earlier one (same round, another annotator): resolve saw two votes for each
    votes = dict(
        sql(
            ws,
            "SELECT a.sample_id, count(DISTINCT a.annotator) FROM annotations a "
            "JOIN ls_tasks t USING (project, task_id) WHERE t.round = 0 AND NOT a.deleted GROUP BY 1",
        )
    )
    assert all(votes[s] == 2 for s in want)
    labeled = dict(sql(ws, "SELECT sample_id, n_annotations FROM labels"))
    queued = {s for (s,) in sql(ws, "SELECT sample_id FROM relabel_queue WHERE reason = 'disagreement'")}
    assert all(labeled.get(s) == 2 or s in queued for s in want)  # agreed: 2 votes; split 1-1: a tie, queued
