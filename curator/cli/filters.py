"""curator train-filter: a learned quality filter from the curator's own judgments."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, esc, print_json, table

FIGURES = ("keep_dropped", "drop_caught", "precision")


@app.command("train-filter")
def train_filter_cmd(
    name: Annotated[str, typer.Argument(help="The filter's name; a recipe's `model: NAME` uses its newest filter.")],
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="reviews (review keeps/drops), audits (audit answers on quality rules) or a labeled JSONL file "
            "(text + label keep|drop, or the eval set's quality truth: class clean|junk).",
        ),
    ],
    epochs: Annotated[int, typer.Option(help="fastText passes over the examples.")] = 25,
    lr: Annotated[float, typer.Option(help="fastText's learning rate.")] = 0.5,
    dim: Annotated[int, typer.Option(help="Embedding size.")] = 20,
    word_ngrams: Annotated[int, typer.Option(help="Word n-grams as features.")] = 2,
    minn: Annotated[int, typer.Option(help="Shortest character n-gram (0 with --maxn 0: words only).")] = 2,
    maxn: Annotated[int, typer.Option(help="Longest character n-gram.")] = 5,
    bucket: Annotated[
        int, typer.Option(help="Hash buckets of n-grams (model size ≈ bucket x dim x 4 bytes).")
    ] = 100_000,
    dev_share: Annotated[float, typer.Option(help="Share held out per label for the dev figures (0: none).")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of fastText and of the dev hold-out.")] = 13,
    as_json: JsonOpt = False,
) -> None:
    """Train a fastText keep/drop filter for the recipe step learned_quality_v1. Example: `curator train-filter
    mine --from reviews` (then a recipe step `learned_quality_v1` with params `{model: mine, threshold: 0.8}`)."""
    from curator.filters.model import FilterConfig
    from curator.filters.train import train_filter

    cfg = FilterConfig(
        epochs=epochs,
        lr=lr,
        dim=dim,
        word_ngrams=word_ngrams,
        minn=minn,
        maxn=maxn,
        bucket=bucket,
        seed=seed,
        dev_share=dev_share,
    )
    card = train_filter(workspace(), name, source, cfg)
    if as_json:
        return print_json(card)
    _render(card)


def _render(card: dict[str, Any]) -> None:
    counts = card["counts"]
    rows = [[part, counts[part]["keep"], counts[part]["drop"]] for part in ("train", "dev")]
    table(f"filter {card['name']} from {card['source']}", ["part", "keep", "drop"], rows)
    if counts.get("skipped"):
        console.print(esc("skipped: " + ", ".join(f"{k} {v}" for k, v in counts["skipped"].items())))
    dev = card.get("dev")
    if dev:
        at = [k for k in dev if k.startswith("at_")]
        table(
            f"dev ({dev['n']} held out; AUC {_f(dev['auc'])})",
            ["p(drop) ≥", "keeps dropped", "drops caught", "precision"],
            ([k.removeprefix("at_"), *(_f(dev[k][c]) for c in FIGURES)] for k in at),
        )
    console.print(esc(f"{card['filter_id']} → {card['path']} (raw zone: trained on the texts quality judges)"))


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
