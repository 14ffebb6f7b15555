"""curator learn: active-learning rounds (train → select → push → annotate → pull → resolve → retrain) and their
learning curves side by side (`--compare`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from curator.cli.app import JsonOpt, app, workspace
from curator.cli.render import console, dict_table, err_console, esc, print_json


@app.command("learn")
def learn_cmd(
    name: Annotated[
        str | None, typer.Argument(help="The loop's name (also its split's); with --compare: the loop to show.")
    ] = None,
    project: Annotated[str | None, typer.Option(help="Label Studio project (curator annotate init).")] = None,
    rounds: Annotated[int, typer.Option(help="Rounds in all (a re-run continues at the next one).")] = 3,
    batch: Annotated[int, typer.Option(help="Samples sent per round.")] = 50,
    strategy: Annotated[str, typer.Option(help="random|least_confident|margin|entropy|diverse.")] = "margin",
    model: Annotated[str, typer.Option(help="fasttext (seconds per round) or minilm.")] = "fasttext",
    simulate: Annotated[
        float | None, typer.Option(help="Demos/tests only: simulated annotators with this accuracy answer.")
    ] = None,
    truth: Annotated[Path | None, typer.Option(help="With --simulate: the answer key (else source labels).")] = None,
    annotators: Annotated[int, typer.Option(help="With --simulate: annotators per task.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of random picks and simulated answers.")] = 0,
    embedding: Annotated[str, typer.Option(help="diverse: minilm (default) or tfidf.")] = "minilm",
    relabel: Annotated[str, typer.Option(help="none, or activelab: one more annotation where worth more.")] = "none",
    wait: Annotated[float, typer.Option(help="Without --simulate: seconds to wait for annotators per round.")] = 0.0,
    holdout: Annotated[
        str | None, typer.Option(help="Split NAME[@VERSION]: its test part scores every round, never selected.")
    ] = None,
    compare: Annotated[bool, typer.Option("--compare", help="Print the loops' learning curves side by side.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Label less, learn more. Example: `curator learn intents-margin --project intents --rounds 3 --batch 50
    --strategy margin` (then `curator learn --compare`)."""
    if compare:
        return _compare([name] if name else None, as_json)
    from curator.errors import CuratorError
    from curator.learn.loops import LearnOptions
    from curator.learn.rounds import learn

    if not name or not project:
        raise CuratorError("curator learn NAME --project P …: give the loop's name and its project (or --compare)")
    opts = LearnOptions(
        name=name,
        project=project,
        rounds=rounds,
        batch=batch,
        strategy=strategy,
        model=model,
        simulate=simulate,
        truth=truth,
        annotators=annotators,
        seed=seed,
        embedding=embedding,
        relabel=relabel,
        wait_s=wait,
        holdout=holdout,
    )
    res = learn(workspace(), opts, say=lambda m: err_console.print(esc(m), highlight=False))
    if as_json:
        return print_json(res)
    title = f"learning curve {res['loop']}" + (" [SIMULATED annotators]" if simulate is not None else "")
    cols = ["round", "strategy", "n_labels", "val_macro_f1", "test_macro_f1", "holdout_macro_f1", "model_id"]
    dict_table(title, res["curve"], cols)
    if res["waiting"]:
        console.print(esc(res["waiting"]))


def _compare(loops: list[str] | None, as_json: bool) -> None:
    from curator.catalog import connect
    from curator.learn.curve import compare

    with connect(workspace(), read_only=True) as con:
        res = compare(con, loops)
    if as_json:
        return print_json(res)
    if not res["loops"]:
        console.print("no learning curves yet: run `curator learn NAME --project P …` first")
        return
    strategies = ", ".join(f"{esc(n)}: {esc(str(s))}" for n, s in res["strategies"].items())
    dict_table(f"learning curves (labels · macro-F1: holdout, else the split's test) — {strategies}", res["rows"])
