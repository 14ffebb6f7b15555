"""Training commands: train, evaluate, predict, find-label-issues. Thin: parse → curator.train.* → render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, dict_table, esc, plain, print_json
from curator.train.config import TrainOptions, cli_help

SplitArg = Annotated[str, typer.Argument(help="Split version: NAME@VERSION, or NAME for its latest version.")]
ModelArg = Annotated[str, typer.Argument(help="A model_id (under the workspace's models/), a model folder, or latest.")]


def _hp(name: str) -> typer.models.OptionInfo:
    """A hyperparameter's option: help and default per model kind come from curator.train.config (None here = the
    chosen kind's default)."""
    return typer.Option(help=cli_help(name))


@app.command("train")
def train_cmd(
    split: SplitArg,
    model: Annotated[str, _hp("model")] = TrainOptions.model,
    epochs: Annotated[int | None, _hp("epochs")] = None,
    lr: Annotated[float | None, _hp("lr")] = None,
    batch_size: Annotated[int | None, _hp("batch_size")] = None,
    max_length: Annotated[int | None, _hp("max_length")] = None,
    weight_decay: Annotated[float | None, _hp("weight_decay")] = None,
    warmup: Annotated[float | None, _hp("warmup")] = None,
    patience: Annotated[int | None, _hp("patience")] = None,
    seed: Annotated[int | None, _hp("seed")] = None,
    max_train_samples: Annotated[int | None, _hp("max_train_samples")] = None,
    search: Annotated[int, typer.Option(help="Random search with N trials (lr / epochs / batch size).")] = 0,
    compare_raw: Annotated[
        bool, typer.Option("--compare-raw", help="Instead: test macro-F1 of raw-corpus vs curated-split training.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Train a classifier on a split version. Example: `curator train demo --model fasttext`."""
    from curator.train.runner import train  # torch and transformers load only when a command needs them
    from curator.train.search import random_search

    hyper = dict(epochs=epochs, lr=lr, batch_size=batch_size, max_length=max_length, weight_decay=weight_decay)
    hyper |= dict(warmup=warmup, patience=patience, seed=seed, max_train_samples=max_train_samples)
    opts = TrainOptions(model=model, search=search, given={k: v for k, v in hyper.items() if v is not None})
    if compare_raw:
        return _compare(split, opts, as_json)
    run = random_search if search else train
    res = run(workspace(), split, opts, progress=not quiet and not as_json)
    if as_json:
        return print_json(res)
    score = "no validation part" if res["val_macro_f1"] is None else f"val macro-F1 [bold]{res['val_macro_f1']:.4f}[/]"
    console.print(
        f"[bold]{esc(res['model_id'])}[/] trained on {esc(res['split'])} ({res['n_train']:,} train · "
        f"{res['n_val']:,} val) in {res['seconds']:.1f}s · {score} (best epoch {res['best_epoch']}) · checkpoint "
        "reloaded and verified"
    )
    console.print(f"saved: {esc(res['path'])}")
    if res.get("trials"):
        dict_table("search trials", res["trials"], ["trial", "config", "val_macro_f1", "seconds", "chosen"])


def _compare(split: str, opts: TrainOptions, as_json: bool) -> None:
    from curator.train.compare import compare_raw

    res = compare_raw(workspace(), split, opts)
    if as_json:
        return print_json(res)
    console.print(
        f"test macro-F1 on {esc(res['split'])} ({res['n_test']:,} test samples, {esc(res['model'])}): "
        f"raw uncurated corpus [bold]{res['raw_macro_f1']:.4f}[/] ({res['n_raw']:,} samples) vs "
        f"curated split [bold]{res['curated_macro_f1']:.4f}[/] ({res['n_curated']:,} samples)"
    )


@app.command("evaluate")
def evaluate_cmd(
    model: ModelArg,
    part: Annotated[str, typer.Option(help="test | val")] = "test",
    as_json: JsonOpt = False,
) -> None:
    """Metrics of a saved model on its split's test part. Example: `curator evaluate latest`."""
    from curator.train.evaluate import MATRIX_MAX_CLASSES, evaluate, macro_note

    res = evaluate(workspace(), model, part)
    if as_json:
        return print_json(res)
    console.print(
        f"[bold]{esc(res['model_id'])}[/] on {esc(res['split'])} {esc(res['part'])} ({res['n']:,} samples): "
        f"accuracy [bold]{res['accuracy']:.4f}[/] · macro-F1 [bold]{res['macro_f1']:.4f}[/] ({esc(macro_note(res))})"
    )
    rows = [{**c, **{k: f"{c[k]:.3f}" for k in ("precision", "recall", "f1")}} for c in res["per_class"]]
    dict_table("per class", rows, ["label", "precision", "recall", "f1", "support"])
    if len(res["labels"]) <= MATRIX_MAX_CLASSES:
        cm_rows = [
            {"true \\ predicted": lab, **dict(zip(res["labels"], row, strict=True))}
            for lab, row in zip(res["labels"], res["confusion"], strict=True)
        ]
        dict_table("confusion matrix", cm_rows)
    else:
        _print_top_confusions(res)
    console.print(f"report: {esc(res['report'])} · confusion matrix: {esc(res['confusion_png'])}")


def _print_top_confusions(res: dict) -> None:
    """Many classes: the matrix is in the PNG; the terminal gets the largest off-diagonal cells as a list."""
    errors = res["n"] - sum(row[i] for i, row in enumerate(res["confusion"]))
    console.print(f"confusion matrix: {len(res['labels'])} classes, too many for a table: see the PNG below")
    rows = [{**c, "share_of_true": f"{c['share_of_true']:.1%}"} for c in res["top_confusions"]]
    if rows:
        dict_table(f"top confusions ({errors:,} misclassified samples in all)", rows)
    else:
        console.print("no misclassified samples")


@app.command("predict")
def predict_cmd(
    model: ModelArg,
    input_path: Annotated[Path, typer.Option("--input", help="Records to label (.jsonl, .csv, .parquet).")],
    out: Annotated[Path, typer.Option("--out", help="Predictions file (.jsonl, .csv, .parquet).")],
    text_field: Annotated[str, typer.Option(help="Field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field holding the record id (copied to the output).")] = "id",
    raw_csv: Annotated[
        bool, typer.Option("--raw-csv", help="CSV: write cells as they are (no ' before = + - @ tab CR).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Batch inference. Example: `curator predict latest --input new.jsonl --out preds.jsonl`.

    MODEL `latest` is the newest model registered in the catalog. CSV cells starting with = + - @, a tab or a CR
    get a leading ' (spreadsheet formulas); `--raw-csv` turns that off."""
    from curator.train.predict import predict_file

    res = predict_file(workspace(), model, input_path, out, text_field, id_field, csv_guard=not raw_csv)
    if as_json:
        return print_json(res)
    console.print(f"{res['n']:,} predictions by {esc(res['model_id'])} → {esc(res['out'])}")
    dict_table("predicted labels", [{"label": k, "records": v} for k, v in res["by_label"].items()])


@app.command("find-label-issues")
def find_label_issues_cmd(
    split: SplitArg,
    model: Annotated[str, typer.Option(help="fasttext, or a saved MODEL whose kind and config are re-trained.")] = (
        "fasttext"
    ),
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    show: Annotated[int, typer.Option(help="Show the first N suspects.")] = 10,
    yes: Annotated[bool, typer.Option("--yes", help="Queue every suspect (without it: a preview, nothing queued).")] = (
        False
    ),
    max_queue: Annotated[int | None, typer.Option("--max", help="Queue the N most likely suspects.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Suspected label errors; queued for relabeling only with --yes or --max N. Example:
    `curator find-label-issues demo` (a preview), then `curator find-label-issues demo --max 50`."""
    from curator.train.label_issues import find_issues

    res = find_issues(workspace(), split, model, folds, seed, yes=yes, max_queue=max_queue)
    if as_json:
        return print_json(res)
    n, total = res["n_issues"], res["n"]
    console.print(
        f"{n:,} suspected label errors among {total:,} samples of {esc(res['split'])} "
        f"({n / total:.0%}; out-of-fold {esc(res['method'])}, accuracy {res['oof_accuracy']:.3f})"
    )
    if res["preview"]:
        console.print(
            f"preview: would queue {n:,} for relabeling; nothing queued. Queue them with --yes, "
            f"or the N most likely with --max N"
        )
    else:
        console.print(
            f"queued {res['queued']:,} of {n:,} → relabel_queue as model_disagrees (run {esc(res['run_id'])})"
        )
    console.print(
        f"most likely first ({min(show, n)} of {n:,}): rank, sample_id, given → predicted label, "
        f"p(predicted), p(given), text"
    )
    for s in res["suspects"][:show]:  # one line each, never wrapped: ids stay whole in a log
        text = " ".join(s["text"].split())[:60]
        line = (
            f"{s['rank']:>5}  {s['sample_id']}  {s['given_label']} → {s['suggested_label']}  "
            f"{s['suggested_score']:.3f}  {s['self_confidence']:.3f}  {text}"
        )
        console.print(plain(line), soft_wrap=True, highlight=False)
