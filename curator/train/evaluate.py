"""`curator evaluate MODEL`: accuracy, macro-F1, per-class P/R/F1/support and the confusion matrix of a saved model
on its split's test (or val) part; a PNG and a markdown report next to the model; rows in `metrics`/`predictions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.bulk import insert_rows
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.train.data import Part, SplitRef, load_part, resolve_split
from curator.train.predict import load_predictor, resolve_model
from curator.workspace import Workspace


def macro_note(metrics: dict[str, Any]) -> str:
    """Which classes macro-F1 averages: 'over the 45 classes with a true sample; 2 without: debug, hamradio'."""
    note = f"over the {metrics['macro_f1_classes']} classes with a true sample"
    missing = metrics.get("classes_without_samples") or []
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        note += f"; {len(missing)} without (listed at 0.000, not averaged): {shown}"
    return note


def compute_metrics(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix (rows = true)."""
    labels = sorted(set(labels) | set(y_true) | set(y_pred))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    per_class = [
        {"label": lab, "precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
        for i, lab in enumerate(labels)
    ]
    present = [lab for lab, n in zip(labels, s, strict=True) if n > 0]  # macro over the labels that occur
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)),
        "macro_f1_classes": len(present),  # macro-F1 averages these; classes without a true sample are left out
        "classes_without_samples": [lab for lab in labels if lab not in set(present)],
        "per_class": per_class,
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


# `curator evaluate` prints the confusion matrix as a table up to this many classes; above it, a table would not
# read in a terminal or a log: the PNG holds the matrix and the CLI lists the top confusions
MATRIX_MAX_CLASSES = 8


def top_confusions(metrics: dict[str, Any], n: int = 10) -> list[dict[str, Any]]:
    """The n largest off-diagonal cells, largest first: true and predicted label, samples, share of the true class."""
    labels, cm = metrics["labels"], np.array(metrics["confusion"])
    cells = [(int(cm[i, j]), i, j) for (i, j), v in np.ndenumerate(cm) if i != j and v > 0]
    cells.sort(key=lambda c: (-c[0], labels[c[1]], labels[c[2]]))
    return [
        {"true": labels[i], "predicted": labels[j], "samples": v, "share_of_true": round(v / int(cm[i].sum()), 4)}
        for v, i, j in cells[:n]
    ]


def plot_confusion(metrics: dict[str, Any], path: Path, title: str) -> Path:
    """The confusion matrix as a PNG (matplotlib, Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cm, labels = np.array(metrics["confusion"]), metrics["labels"]
    side = 0.7 if len(labels) <= MATRIX_MAX_CLASSES else 0.45  # many classes: smaller cells, still legible
    fig, ax = plt.subplots(figsize=(1.6 + side * len(labels), 1.4 + side * 0.85 * len(labels)))
    ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=9)
    for (i, j), v in np.ndenumerate(cm):
        if v or len(labels) <= MATRIX_MAX_CLASSES:  # many classes: empty cells stay blank
            color = "white" if v > cm.max() / 2 else "black"
            ax.text(j, i, str(v), ha="center", va="center", color=color, fontsize=8 if side > 0.5 else 6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown_report(metrics: dict[str, Any], model_id: str, split_ref: str, part: str) -> str:
    lines = [
        f"# Evaluation of `{model_id}`",
        "",
        f"Split `{split_ref}`, part `{part}`, {metrics['n']} samples.",
        "",
        f"- accuracy: **{metrics['accuracy']:.4f}**",
        f"- macro-F1: **{metrics['macro_f1']:.4f}** ({macro_note(metrics)})",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {c['label']} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |"
        for c in metrics["per_class"]
    ]
    labels = metrics["labels"]
    lines += [
        "",
        "Confusion matrix (rows: true, columns: predicted):",
        "",
        "| true \\ predicted | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    lines += [
        f"| {lab} | " + " | ".join(str(v) for v in row) + " |"
        for lab, row in zip(labels, metrics["confusion"], strict=True)
    ]
    lines += ["", "![confusion matrix](confusion.png)", "", "Top confusions (true → predicted):", ""]
    lines += [
        f"- {c['true']} → {c['predicted']}: {c['samples']} ({c['share_of_true']:.1%} of {c['true']})"
        for c in top_confusions(metrics)
    ] or ["- none"]
    lines.append("")
    return "\n".join(lines)


def metric_rows(metrics: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """Long-format `metrics` rows: global metrics, per-class metrics, confusion cells."""

    def row(metric: str, value: float, label: str | None = None, pred: str | None = None) -> dict[str, Any]:
        return {**base, "metric": metric, "label": label, "predicted": pred, "value": float(value)}

    rows = [row("accuracy", metrics["accuracy"]), row("macro_f1", metrics["macro_f1"])]
    for c in metrics["per_class"]:
        rows += [row(m, c[m], c["label"]) for m in ("precision", "recall", "f1", "support")]
    labels = metrics["labels"]
    rows += [row("confusion", v, labels[i], labels[j]) for (i, j), v in np.ndenumerate(np.array(metrics["confusion"]))]
    return rows


def evaluate(ws: Workspace, model_ref: str, part: str = "test") -> dict[str, Any]:
    """Evaluate a saved model on its split's `part`; stores metrics and predictions; returns the metrics."""
    if part not in ("test", "val"):
        raise CuratorError(f"--part {part!r}: use test or val")
    path = resolve_model(ws, model_ref)
    if path.resolve().parent != ws.models_dir.resolve():  # its report and metrics are written next to it
        raise CuratorError(f"{path}: evaluate takes a model of this workspace (a model_id under {ws.models_dir})")
    predictor = load_predictor(path)
    split = resolve_split(ws, "{name}@{version}".format(**predictor.card["split"]))  # registered + sha256-checked
    data = load_part(split, part)
    preds = predictor.predict(data.texts)
    metrics = compute_metrics(data.labels, [p for p, _ in preds], predictor.labels)
    out = path / "eval" / part
    out.mkdir(parents=True, exist_ok=True)
    plot_confusion(metrics, out / "confusion.png", f"{predictor.model_id} · {part}")
    (out / "report.md").write_text(markdown_report(metrics, predictor.model_id, split.ref, part), encoding="utf-8")
    run = Run("evaluate", {"model_id": predictor.model_id, "split": split.ref, "part": part}, stage="train")
    store_evaluation(ws, run, predictor.model_id, split, part, data, preds, metrics)
    files = {"report": str(out / "report.md"), "confusion_png": str(out / "confusion.png")}
    ids = {"model_id": predictor.model_id, "split": split.ref, "part": part, **files, "run_id": run.run_id}
    return {**ids, **metrics, "top_confusions": top_confusions(metrics)}


def store_evaluation(
    ws: Workspace,
    run: Run,
    model_id: str,
    split: SplitRef,
    part: str,
    data: Part,
    preds: list[tuple[str, float]],
    metrics: dict[str, Any],
) -> None:
    """`metrics` and `predictions` rows (replacing an earlier evaluation of this model and part) and the run row."""
    now = utcnow()
    ids = {"run_id": run.run_id, "model_id": model_id}
    base = {**ids, "split_name": split.name, "split_version": split.version, "part": part, "created_at": now}
    pred_rows = [
        {**ids, "sample_id": sid, "part": part, "label": y, "predicted": p, "score": s, "created_at": now}
        for sid, y, (p, s) in zip(data.sample_ids, data.labels, preds, strict=True)
    ]
    counts = {"accuracy": metrics["accuracy"], "macro_f1": metrics["macro_f1"]}
    with writer_lock(ws, "evaluate"), connect(ws) as con, transaction(con):
        for table in ("metrics", "predictions"):  # the latest evaluation replaces an earlier one
            con.execute(f"DELETE FROM {table} WHERE model_id = ? AND part = ?", [model_id, part])
        insert_rows(con, "metrics", metric_rows(metrics, base))
        insert_rows(con, "predictions", pred_rows)
        run.record(con, status="succeeded", n_in=len(data), counts=counts)
