"""curator models list|show|promote|retire and curator serve."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from curator.cli.app import JsonOpt, app, sub_app, workspace
from curator.cli.render import console, dict_table, esc, print_json

models_app = sub_app("models", "The model registry: list, show, promote (the model serving a task name), retire.")

ByOpt = Annotated[str | None, typer.Option("--by", help="Who decides (default: $USER).")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why (recorded with the promotion).")]
LIST_COLS = ["name", "model_id", "kind", "split_version", "verified", "val_macro_f1", "test_macro_f1", "status"]


def _rounded(rows: list[dict]) -> list[dict]:
    """Scores to 4 decimals for a table (`--json` keeps them whole): 0.3936, not 0.39359586515190154."""
    return [{k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


def _scores(metrics: object) -> str:
    """A promotion's recorded metrics (a dict or its JSON) as `test_macro_f1 0.3353 · test_accuracy 0.5492`."""
    try:
        values = json.loads(metrics) if isinstance(metrics, str) else metrics
    except ValueError:
        values = None
    if not isinstance(values, dict):
        return esc(metrics)
    return " · ".join(f"{esc(k)} {v:.4f}" if isinstance(v, float) else f"{esc(k)} {esc(v)}" for k, v in values.items())


@models_app.command("list")
def list_cmd(
    name: Annotated[str | None, typer.Argument(help="A task name (split name); all models when omitted.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Models with their scores and registry status. Example: `curator models list intents`."""
    from curator.catalog import connect
    from curator.deploy.registry import list_models

    with connect(workspace(), read_only=True) as con:
        rows = list_models(con, name)
    if as_json:
        return print_json(rows)
    dict_table("models" + (f" of {name}" if name else ""), _rounded(rows), LIST_COLS)


@models_app.command("show")
def show_cmd(model_id: Annotated[str, typer.Argument(help="A model_id.")], as_json: JsonOpt = False) -> None:
    """One model: card, metrics, promotion history. Example: `curator models show MODEL_ID --json`."""
    from curator.catalog import connect
    from curator.deploy.registry import show

    ws = workspace()
    with connect(ws, read_only=True) as con:
        info = show(con, ws, model_id)
    if as_json:
        return print_json(info)
    dict_table(f"model {model_id}", _rounded([info]), LIST_COLS)
    dict_table("metrics", _rounded(info["metrics"]))
    dict_table("promotions", info["promotions"], ["created_at", "name", "action", "by_user", "reason", "metrics"])


@models_app.command("promote")
def promote_cmd(
    name: Annotated[str, typer.Argument(help="The task name (the split name its models were trained on).")],
    model_id: Annotated[str | None, typer.Argument(help="Default: the best test macro-F1 that passed reload.")] = None,
    by: ByOpt = None,
    reason: ReasonOpt = None,
    trust_files: Annotated[
        bool, typer.Option("--trust-files", help="A model with no recorded file digest: record the current one.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Mark the model that serves NAME (recorded: who, when, why, scores). Example: `curator models promote intents
    --reason "best on test"`."""
    from curator.deploy.promote import promote

    res = promote(workspace(), name, model_id, by=by, reason=reason, trust_files=trust_files)
    if as_json:
        return print_json(res)
    if not res["changed"]:
        return console.print(f"{esc(res['model_id'])} already serves {esc(name)}: nothing recorded", highlight=False)
    before = f" (was {esc(res['previous_model'])})" if res["previous_model"] else ""
    console.print(
        f"promoted {esc(res['model_id'])} to serve {esc(name)}{before}: {_scores(res['metrics'])}", highlight=False
    )


@models_app.command("retire")
def retire_cmd(
    model_id: Annotated[str, typer.Argument(help="A model_id.")],
    by: ByOpt = None,
    reason: ReasonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Take a model out of service (recorded); it is never the default pick again. Example: `curator models retire
    MODEL_ID --reason "drifted"`."""
    from curator.deploy.promote import retire

    res = retire(workspace(), model_id, by=by, reason=reason)
    if as_json:
        return print_json(res)
    left = f": {esc(res['name'])} has no serving model now" if res["was_serving"] else ""
    console.print(f"retired {esc(model_id)}{left}", highlight=False)


@app.command("serve")
def serve_cmd(
    ref: Annotated[str | None, typer.Argument(help="NAME (its promoted model) or MODEL_ID.")] = None,
    port: Annotated[int, typer.Option(help="TCP port.")] = 8600,
    host: Annotated[str, typer.Option(help="Bind address; anything but loopback requires the token.")] = "127.0.0.1",
    log_inputs: Annotated[
        bool, typer.Option("--log-inputs", help="Append request texts to data/production/NAME.jsonl (raw zone).")
    ] = False,
    require_token: Annotated[bool, typer.Option("--require-token", help="Require the token on loopback too.")] = False,
    retrain_after: Annotated[
        int | None, typer.Option(help="Label Studio webhook: record a retrain request after N new annotations.")
    ] = None,
    max_texts: Annotated[int, typer.Option(help="Texts per request.")] = 256,
    max_chars: Annotated[int, typer.Option(help="Characters per text.")] = 20_000,
) -> None:
    """Serve a model over HTTP JSON (and Label Studio's ML backend protocol). Example: `curator serve intents`."""
    from curator.deploy.protocol import Limits
    from curator.deploy.serve import run
    from curator.deploy.service import load_service
    from curator.deploy.token import ensure_token, is_loopback, token_path
    from curator.errors import BadInput

    if not 0 < port < 65536 or max_texts < 1 or max_chars < 1 or (retrain_after is not None and retrain_after < 1):
        raise BadInput("--port must be 1-65535; --max-texts, --max-chars and --retrain-after at least 1")
    ws = workspace()
    token = ensure_token(ws) if require_token or not is_loopback(host) else None
    limits = Limits(max_texts=max_texts, max_chars=max_chars)
    service = load_service(ws, ref, limits, token, log_inputs, retrain_after)
    auth = f"; token required (in {token_path(ws)})" if token else ""
    console.print(
        f"serving {esc(service.model_id)} ({esc(service.name)}) on http://{esc(host)}:{port}{auth}", highlight=False
    )
    run(service, host, port)
