"""The end of the loop: a retrained model replaces the serving one only when it beats it on the SAME test part.

`compare_and_promote(ws, NAME, NEW)` scores both models on one registered split version's test part (by default the
new model's split: the newest labels, production samples included), records the comparison (monitor_comparisons,
a `runs` row) and promotes NEW through the registry (`curator models promote`, curator.deploy.promote) when its
macro-F1 is higher by more than `min_gain`. Without the registry the decision is recorded and says so."""

from __future__ import annotations

from typing import Any

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.monitor.reference import predictor_for
from curator.names import check_identifier, shown
from curator.train.data import load_part, resolve_split
from curator.train.evaluate import compute_metrics
from curator.workspace import Workspace


def score(ws: Workspace, model_id: str, texts: list[str], truth: list[str]) -> dict[str, float]:
    predictor = predictor_for(ws, model_id)
    preds = [p for p, _ in predictor.predict(texts)]
    m = compute_metrics(truth, preds, sorted(set(predictor.labels) | set(truth)))
    return {"macro_f1": float(m["macro_f1"]), "accuracy": float(m["accuracy"])}


def _serving(ws: Workspace, name: str) -> str | None:
    from curator.monitor.reference import _serving as serving

    with connect(ws, read_only=True) as con:
        return serving(con, name)


def _promote(ws: Workspace, name: str, model_id: str, reason: str) -> str | None:
    """Promote through the registry; None when it is not installed (the decision is then only recorded)."""
    try:
        from curator.deploy.promote import promote
    except ImportError:
        return None
    return promote(ws, name, model_id, reason=reason)["model_id"]


def compare_and_promote(
    ws: Workspace, name: str, new: str, old: str | None = None, split: str | None = None, min_gain: float = 0.0
) -> dict[str, Any]:
    """Compare `new` with `old` (default: the model serving `name`) on one test part; promote when better."""
    check_identifier(name, "task name")
    old = old or _serving(ws, name)
    if old is None:
        raise CuratorError(f"no model serves {shown(name)}: give --old MODEL_ID to compare with")
    new_card = predictor_for(ws, new).card
    ref = split or "{name}@{version}".format(**new_card["split"])
    part = load_part(resolve_split(ws, ref), "test")
    if not len(part):
        raise CuratorError(f"split {shown(ref)} has an empty test part: nothing to compare on")
    s_old, s_new = score(ws, old, part.texts, part.labels), score(ws, new, part.texts, part.labels)
    gain = s_new["macro_f1"] - s_old["macro_f1"]
    better = gain > min_gain
    verdict = f"new {s_new['macro_f1']:.4f} vs old {s_old['macro_f1']:.4f} macro-F1 on {ref} test ({len(part)})"
    promoted = False
    if better:
        done = _promote(ws, name, new, reason=f"monitor-compare: {verdict}")
        promoted = done == new
        reason = f"promoted: {verdict}" if promoted else f"better, NOT promoted (no model registry here): {verdict}"
    else:
        reason = f"kept {old}: {verdict}, gain {gain:+.4f} not above {min_gain:g}"
    figures = {"old": s_old, "new": s_new, "n_test": len(part), "min_gain": min_gain}
    record = _record(ws, name, old, new, resolve_split(ws, ref), figures, promoted, reason)
    return {**record, "split": ref, "gain": gain}


def _record(
    ws: Workspace, name: str, old: str, new: str, split: Any, figures: dict, promoted: bool, reason: str
) -> dict[str, Any]:
    s_old, s_new, min_gain = figures["old"], figures["new"], figures["min_gain"]
    run = Run("monitor-compare", {"name": name, "old": old, "new": new, "split": split.ref, "min_gain": min_gain})
    row = {
        "run_id": run.run_id,
        "name": name,
        "old_model_id": old,
        "new_model_id": new,
        "split_name": split.name,
        "split_version": split.version,
        "old_macro_f1": s_old["macro_f1"],
        "new_macro_f1": s_new["macro_f1"],
        "old_accuracy": s_old["accuracy"],
        "new_accuracy": s_new["accuracy"],
        "n_test": figures["n_test"],
        "min_gain": min_gain,
        "promoted": promoted,
        "reason": reason,
        "created_at": utcnow(),
    }
    with writer_lock(ws, "monitor-compare"), connect(ws) as con, transaction(con):
        insert_rows(con, "monitor_comparisons", [row])
        run.record(con, status="succeeded", counts={"promoted": promoted, "old": old, "new": new})
    return row
