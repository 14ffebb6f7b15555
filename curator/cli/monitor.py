"""curator monitor: production drift against the monitored model's training split (exit 1 with a one-line reason
when a threshold is crossed), uncertain/drifted production samples back to labeling, and the retrained model's
comparison and promotion (`curator monitor-compare`)."""

from __future__ import annotations

from typing import Annotated

import typer

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, dict_table, err_console, esc, print_json

F = typer.Option


@app.command("monitor")
def monitor_cmd(
    name: Annotated[str, typer.Argument(help="The task name (the split name its models train on).")],
    source: Annotated[str, F(help="The production source (curated and scrubbed like any other).")] = "production",
    model: Annotated[str | None, F(help="MODEL_ID|latest (default: the model promoted for NAME).")] = None,
    since: Annotated[str | None, F(help="Only samples from this time on: ISO time or a span back (7d).")] = None,
    window: Annotated[str, F(help="Window size: 1d, 6h, 30m, 1w.")] = "1d",
    embedding: Annotated[str, F(help="Embedding drift: minilm (shipped), tfidf (fast) or none.")] = "minilm",
    embed_sample: Annotated[int, F(help="Texts embedded per side and window.")] = 300,
    low_confidence: Annotated[float, F(help="A top probability under this is low-confidence.")] = 0.5,
    min_samples: Annotated[int, F(help="A window with fewer samples is stored, not judged.")] = 30,
    max_language_psi: Annotated[float, F(help="Language mix PSI threshold.")] = 0.2,
    max_length_ks: Annotated[float, F(help="Length KS distance threshold.")] = 0.15,
    max_label_psi: Annotated[float, F(help="Predicted labels vs training prior PSI threshold.")] = 0.2,
    max_confidence_ks: Annotated[float, F(help="Confidence KS distance threshold.")] = 0.2,
    max_low_confidence_increase: Annotated[float, F(help="Low-confidence share increase threshold.")] = 0.15,
    max_embedding_auc: Annotated[float, F(help="Domain-classifier AUC threshold.")] = 0.75,
    max_f1_drop: Annotated[float, F(help="Test macro-F1 minus live macro-F1 threshold.")] = 0.1,
    to_labeling: Annotated[str | None, F(help="Send uncertain/drifted samples to this project.")] = None,
    limit: Annotated[int, F(help="With --to-labeling: at most this many samples.")] = 50,
    strategy: Annotated[str, F(help="With --to-labeling: active learning's strategy.")] = "margin",
    seed: Annotated[int, F(help="Seed of samples and picks.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Watch production drift. Example: `curator monitor intents --since 7d --window 1d` (exit 1 on drift)."""
    from curator.catalog import utcnow
    from curator.monitor.options import MonitorOptions, Thresholds, parse_since, parse_window
    from curator.monitor.run import monitor

    th = Thresholds(
        language_psi=max_language_psi,
        length_ks=max_length_ks,
        label_psi=max_label_psi,
        confidence_ks=max_confidence_ks,
        low_confidence_increase=max_low_confidence_increase,
        embedding_auc=max_embedding_auc,
        f1_drop=max_f1_drop,
    )
    opts = MonitorOptions(
        name=name,
        source=source,
        model=model,
        since=parse_since(since, utcnow()),
        window_s=parse_window(window),
        low_confidence=low_confidence,
        min_samples=min_samples,
        embedding=embedding,
        embed_sample=embed_sample,
        seed=seed,
        thresholds=th,
    )
    ws = workspace()
    res = monitor(ws, opts, say=lambda m: err_console.print(esc(m), highlight=False))
    if to_labeling:
        from curator.monitor.to_labeling import LabelingOptions, to_labeling_push

        lopts = LabelingOptions(project=to_labeling, limit=limit, strategy=strategy, seed=seed)
        res["to_labeling"] = to_labeling_push(ws, opts, res, lopts)
    _show(res, as_json)
    if res["reason"]:
        err_console.print(esc(res["reason"]), highlight=False)
        raise typer.Exit(1)


def _show(res: dict, as_json: bool) -> None:
    if as_json:
        return print_json(res)
    head = f"monitor {res['name']}: model {res['model_id']} ({res['model_from']}) vs {res['reference']['split']}"
    console.print(esc(head), highlight=False)
    rows = [{**w, "value": "—" if w["value"] is None else round(w["value"], 4)} for w in res["windows"]]
    for r in rows:
        r["window"] = f"{r['window_start']:%Y-%m-%d %H:%M}"
        r["note"] = r["details"].get("skipped") or r["details"].get("summary", "")
        r["flagged"] = "DRIFT" if r["flagged"] else ""
    cols = ["window", "n_samples", "check_name", "statistic", "value", "threshold", "flagged", "note"]
    dict_table("checks per window", rows, cols)
    sent = res.get("to_labeling")
    if sent:
        console.print(esc(f"to labeling {sent['project']}: sent {sent['sent']} of {sent['candidates']} candidates"))
    if not res["reason"]:
        console.print(f"no threshold crossed in {res['n_windows']} window(s)")


@app.command("monitor-compare")
def compare_cmd(
    name: Annotated[str, typer.Argument(help="The task name.")],
    new: Annotated[str, typer.Argument(help="The retrained model's id.")],
    old: Annotated[str | None, F(help="The model to beat (default: the one promoted for NAME).")] = None,
    split: Annotated[str | None, F(help="NAME@VERSION whose test part both are scored on (default: new's).")] = None,
    min_gain: Annotated[float, F(help="Promote only when new beats old by more than this macro-F1.")] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Score two models on the same test part; promote the new one when it is better (recorded either way).
    Example: `curator monitor-compare intents NEW_MODEL_ID --min-gain 0.01`."""
    from curator.monitor.compare import compare_and_promote

    res = compare_and_promote(workspace(), name, new, old=old, split=split, min_gain=min_gain)
    if as_json:
        return print_json(res)
    dict_table(
        f"{res['name']} on {res['split']} test ({res['n_test']} samples)",
        [
            {"model": "old", "model_id": res["old_model_id"], "macro_f1": _f4(res["old_macro_f1"])},
            {"model": "new", "model_id": res["new_model_id"], "macro_f1": _f4(res["new_macro_f1"])},
        ],
    )
    console.print(esc(res["reason"]), highlight=False)


def _f4(value: float | None) -> str:
    """A score to 4 decimals in a table (--json keeps the full value)."""
    return "—" if value is None else f"{value:.4f}"
