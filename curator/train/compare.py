"""`curator train NAME --compare-raw`: the data-centric result. Test macro-F1 of the same model trained on the RAW
labeled corpus vs on the CURATED split, both scored on the split's test part (its curated labels).

- curated: the split's train + val parts, with the split's labels;
- raw: every ingested sample with a source label (dropped ones included: no curation at all), with its source label,
  minus the test part's samples and anything that duplicates one of them (same text hash or same duplicate cluster).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.train.config import TrainOptions, resolve_config
from curator.train.data import Part, SplitRef, load_part, resolve_split
from curator.train.evaluate import compute_metrics
from curator.train.label_issues import FitPredict, fasttext_fit_predict, transformer_fit_predict
from curator.train.transformer import resolve_base
from curator.workspace import Workspace

RAW_SQL = """
WITH test AS (SELECT unnest(?) AS sample_id),
     test_s AS (SELECT s.text_hash, s.dup_cluster FROM samples s JOIN test USING (sample_id))
SELECT s.sample_id, s.text, s.label FROM samples s
WHERE s.label IS NOT NULL AND s.label <> ''
  AND s.sample_id NOT IN (SELECT sample_id FROM test)
  AND s.text_hash NOT IN (SELECT text_hash FROM test_s)
  AND (s.dup_cluster IS NULL OR s.dup_cluster NOT IN (SELECT dup_cluster FROM test_s WHERE dup_cluster IS NOT NULL))
ORDER BY s.sample_id
"""


def raw_corpus(ws: Workspace, test_ids: list[str]) -> Part:
    """All source-labeled samples except the test part and its duplicates (current text: scrubbed if PII ran)."""
    with connect(ws, read_only=True) as con:
        rows = con.execute(RAW_SQL, [test_ids]).fetchall()
    if not rows:
        raise CuratorError("no source-labeled samples outside the test part: nothing to train a raw model on")
    return Part([r[0] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows])


def _fit_predict_for(model: str, opts: TrainOptions) -> FitPredict:
    cfg = resolve_config(opts)
    if model == "fasttext":
        return fasttext_fit_predict(cfg.seed, {"config": cfg.to_dict()})
    _, base = resolve_base(model)
    return transformer_fit_predict({"config": cfg.to_dict(), "base_model": str(base), "best_epoch": cfg.epochs})


def score_on_test(fit_predict: FitPredict, train: Part, test: Part) -> dict[str, Any]:
    labels = sorted(set(train.labels))
    index = {lab: i for i, lab in enumerate(labels)}
    probs = fit_predict(train.texts, [index[lab] for lab in train.labels], test.texts, len(labels))
    preds = [labels[int(i)] for i in np.asarray(probs).argmax(1)]
    return compute_metrics(test.labels, preds, labels)


def compare_raw(ws: Workspace, ref: str, opts: TrainOptions) -> dict[str, Any]:
    """Train the same model on raw vs curated data, score both on the split's test part; record the metrics."""
    split = resolve_split(ws, ref)
    parts = {p: load_part(split, p) for p in ("train", "val", "test")}
    curated = Part(*(getattr(parts["train"], f) + getattr(parts["val"], f) for f in ("sample_ids", "texts", "labels")))
    raw = raw_corpus(ws, parts["test"].sample_ids)
    fit_predict = _fit_predict_for(opts.model, opts)
    sets = {"raw": raw, "curated": curated}
    result = {name: score_on_test(fit_predict, data, parts["test"]) for name, data in sets.items()}
    run = Run("train --compare-raw", {"split": split.ref, "model": opts.model}, stage="train")
    _record(ws, run, split, opts.model, result, {"raw": len(raw), "curated": len(curated)})
    return {
        "split": split.ref,
        "model": opts.model,
        "n_test": len(parts["test"]),
        "n_raw": len(raw),
        "n_curated": len(curated),
        "raw_macro_f1": result["raw"]["macro_f1"],
        "curated_macro_f1": result["curated"]["macro_f1"],
        "raw_accuracy": result["raw"]["accuracy"],
        "curated_accuracy": result["curated"]["accuracy"],
        "run_id": run.run_id,
    }


def _record(
    ws: Workspace, run: Run, split: SplitRef, model: str, result: dict[str, Any], sizes: dict[str, int]
) -> None:
    base = {"run_id": run.run_id, "split_name": split.name, "split_version": split.version, "part": "test"}
    base |= {"label": None, "predicted": None, "created_at": utcnow()}
    rows = [
        {**base, "model_id": f"{split.ref}:{name}-{model}", "metric": metric, "value": m[metric]}
        for name, m in result.items()
        for metric in ("accuracy", "macro_f1")
    ]
    with writer_lock(ws, "compare"), connect(ws) as con, transaction(con):
        insert_rows(con, "metrics", rows)
        scores = {f"{k}_macro_f1": v["macro_f1"] for k, v in result.items()}
        run.record(
            con,
            status="succeeded",
            n_in=sum(sizes.values()),
            counts={**{f"n_{k}": v for k, v in sizes.items()}, **scores},
        )
