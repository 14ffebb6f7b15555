"""`curator find-label-issues NAME@VERSION`: out-of-fold predicted probabilities by cross-validation, then cleanlab's
`find_label_issues`. By default a preview: how many it would queue and the suspects, nothing written. With `--yes`
(all) or `--max N` (the N most likely) suspects go to `relabel_queue` (reason `model_disagrees`, rank in details)
and each one is a `decisions` row (stage label, decision flag). Flags do not change a sample's status.

Every sample of the split version (train, val and test) gets a probability from a model that did not see it.
`--model fasttext` (default) trains fastText per fold (seconds); `--model MODEL` re-trains that saved model's kind
and config per fold (for a transformer: K fine-tunes, so budget accordingly).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from curator.catalog import Run, connect, decisions, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.train.card import read_model_card
from curator.train.config import FastTextConfig, TrainConfig
from curator.train.data import PARTS, Part, load_part, resolve_split
from curator.train.fasttext_model import fasttext_proba, fit_fasttext
from curator.train.finetune import fit, set_seed
from curator.train.predict import resolve_model
from curator.train.transformer import build_model, encode, load_tokenizer, predict_proba
from curator.workspace import Workspace

STEP = "cleanlab_find_label_issues_v1"
FitPredict = Callable[[list[str], list[int], list[str], int], np.ndarray]


def out_of_fold_proba(
    texts: list[str], y: list[int], n_classes: int, fit_predict: FitPredict, folds: int = 5, seed: int = 13
) -> np.ndarray:
    """(n, n_classes) probabilities, each row from a model trained on the other folds (stratified by label)."""
    smallest = int(np.bincount(y, minlength=n_classes)[np.bincount(y, minlength=n_classes) > 0].min())
    k = max(2, min(folds, smallest))
    probs = np.zeros((len(texts), n_classes), dtype=np.float64)
    for train_idx, held_idx in StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(texts, y):
        probs[held_idx] = fit_predict(
            [texts[i] for i in train_idx], [y[i] for i in train_idx], [texts[i] for i in held_idx], n_classes
        )
    return probs


def fasttext_fit_predict(seed: int = 13, card: dict[str, Any] | None = None) -> FitPredict:
    cfg = FastTextConfig(**{**(card or {}).get("config", {}), "seed": seed})

    def fit_predict(texts: list[str], y: list[int], held: list[str], n_classes: int) -> np.ndarray:
        model = fit_fasttext(texts, y, cfg)
        return fasttext_proba(model, [str(i) for i in range(n_classes)], held)

    return fit_predict


def transformer_fit_predict(card: dict[str, Any]) -> FitPredict:
    """Re-train a saved transformer model's base checkpoint with its config (epochs = its best epoch) per fold."""
    conf = {k: v for k, v in card["config"].items() if k in TrainConfig.__dataclass_fields__}
    if "adam_betas" in conf:
        conf["adam_betas"] = tuple(conf["adam_betas"])  # a JSON list in the card
    cfg = TrainConfig(**{**conf, "epochs": int(card.get("best_epoch") or conf.get("epochs", 1))})
    base = Path(card["base_model"])
    tokenizer = load_tokenizer(base)

    def fit_predict(texts: list[str], y: list[int], held: list[str], n_classes: int) -> np.ndarray:
        set_seed(cfg.seed)
        model = build_model(base, [str(i) for i in range(n_classes)], cfg)
        fit(model, encode(tokenizer, texts, y, cfg.max_length), None, cfg, progress=False, log=lambda _: None)
        return predict_proba(model, encode(tokenizer, held, [0] * len(held), cfg.max_length), cfg.eval_batch_size)

    return fit_predict


def _method(ws: Workspace, model: str, seed: int) -> tuple[str, FitPredict]:
    if model == "fasttext":
        return "fasttext", fasttext_fit_predict(seed)
    card = read_model_card(resolve_model(ws, model))
    if card["kind"] == "fasttext":
        return card["model_id"], fasttext_fit_predict(seed, card)
    return card["model_id"], transformer_fit_predict(card)


def rank_issues(labels: list[int], probs: np.ndarray) -> list[int]:
    """Indices of likely label errors, most likely first (cleanlab, ranked by self-confidence)."""
    from cleanlab.filter import find_label_issues

    ranked = find_label_issues(labels=np.asarray(labels), pred_probs=probs, return_indices_ranked_by="self_confidence")
    return [int(i) for i in ranked]


def find_issues(
    ws: Workspace,
    ref: str,
    model: str = "fasttext",
    folds: int = 5,
    seed: int = 13,
    *,
    yes: bool = False,
    max_queue: int | None = None,
) -> dict[str, Any]:
    """Cross-validated label-issue detection on a split version. Without `yes` or `max_queue`: a preview that
    writes nothing. `yes` queues every suspect, `max_queue` the N most likely (relabel_queue + flag decisions)."""
    if max_queue is not None and max_queue < 0:
        raise CuratorError(f"--max {max_queue}: give a number of samples, 0 or more")
    split = resolve_split(ws, ref)
    parts = [load_part(split, p) for p in PARTS]
    data = Part(*(sum((getattr(p, f) for p in parts), []) for f in ("sample_ids", "texts", "labels")))
    labels = sorted(set(data.labels))
    if len(labels) < 2:
        raise CuratorError(f"split {split.ref} has {len(labels)} label(s): label-issue detection needs at least 2")
    index = {lab: i for i, lab in enumerate(labels)}
    y = [index[lab] for lab in data.labels]
    method, fit_predict = _method(ws, model, seed)
    probs = out_of_fold_proba(data.texts, y, len(labels), fit_predict, folds, seed)
    ranked = rank_issues(y, probs)
    suspects = suspect_rows(data, labels, y, probs, ranked, {"method": method, "split": split.ref})
    preview = not yes and max_queue is None
    queued = [] if preview else suspects[: len(suspects) if max_queue is None else max_queue]
    run_id = None
    if not preview:
        config = {"split": split.ref, "model": method, "folds": folds, "seed": seed, "max": max_queue}
        run_id = write_suspects(ws, Run("find-label-issues", config, stage="label"), queued, data.sample_ids)
    return {
        "split": split.ref,
        "method": method,
        "n": len(data),
        "n_issues": len(suspects),
        "queued": len(queued),
        "preview": preview,
        "run_id": run_id,
        "oof_accuracy": float((probs.argmax(1) == np.asarray(y)).mean()),
        "suspects": suspects,
    }


def suspect_rows(
    data: Part, labels: list[str], y: list[int], probs: np.ndarray, ranked: list[int], meta: dict[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for rank, i in enumerate(ranked, start=1):
        best = int(probs[i].argmax())
        out.append(
            {
                "sample_id": data.sample_ids[i],
                "rank": rank,
                "given_label": labels[y[i]],
                "suggested_label": labels[best],
                "suggested_score": round(float(probs[i, best]), 4),
                "self_confidence": round(float(probs[i, y[i]]), 4),
                "text": data.texts[i],
                **meta,
            }
        )
    return out


def write_suspects(ws: Workspace, run: Run, suspects: list[dict[str, Any]], sample_ids: list[str]) -> str:
    """Replace this split's pending `model_disagrees` queue entries; one flag decision per suspect; the run row.
    Returns the run id."""
    now, queue, flags = utcnow(), [], []
    for s in suspects:
        details = json.dumps({k: v for k, v in s.items() if k not in ("sample_id", "text")})
        queue.append(
            {
                "sample_id": s["sample_id"],
                "reason": "model_disagrees",
                "priority": 1 - s["self_confidence"],
                "details": details,
                "status": "pending",
                "created_at": now,
                "run_id": run.run_id,
            }
        )
        flags.append(
            {
                "sample_id": s["sample_id"],
                "step": STEP,
                "decision": "flag",
                "reason": "model_disagrees",
                "score": s["self_confidence"],
                "details": details,
                "seq": s["rank"],
            }
        )
    with writer_lock(ws, "label-issues"), connect(ws) as con, transaction(con):
        con.execute(
            "DELETE FROM relabel_queue WHERE reason = 'model_disagrees' AND status = 'pending' "
            "AND sample_id IN (SELECT unnest(?))",
            [sample_ids],
        )
        insert_rows(con, "relabel_queue", queue)
        decisions.write(con, flags, run_id=run.run_id, stage="label", now=now)
        run.record(con, status="succeeded", n_in=len(sample_ids), counts={"issues": len(suspects)})
    return run.run_id
