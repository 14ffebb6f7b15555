"""CLI for the Label Studio loop: `curator labelstudio …` (server) and `curator annotate …` (the loop)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from curator.cli.app import JsonOpt, sub_app, workspace
from curator.cli.render import console, dict_table, err_console, esc, print_json

ls_app = sub_app("labelstudio", "Run a local Label Studio server (own virtualenv, data in the workspace).")
annotate_app = sub_app("annotate", "The Label Studio loop: init, push, pull, qa, resolve, relabel, simulate.")

ProjectOpt = Annotated[str | None, typer.Option("--project", help="Project name (default: the latest one).")]


def _say(msg: str) -> None:
    err_console.print(msg, highlight=False)


@ls_app.command("up")
def ls_up(port: Annotated[int | None, typer.Option(help="Port on 127.0.0.1 (default 8080).")] = None) -> None:
    """Start or reuse the server (installs Label Studio on first use). Example: `curator labelstudio up`."""
    from curator.label import server

    st = server.up(workspace(), port, say=_say)
    console.print(f"Label Studio running at {st.url} (pid {st.pid}); login: `curator labelstudio credentials`")


@ls_app.command("down")
def ls_down() -> None:
    """Stop the workspace's server (only the process `up` started). Example: `curator labelstudio down`."""
    from curator.label import server

    console.print("stopped" if server.stop(workspace(), say=_say) else "not running")


@ls_app.command("status")
def ls_status(as_json: JsonOpt = False) -> None:
    """Whether the server runs, where, and its data dir. Example: `curator labelstudio status`."""
    from curator.label import server

    info = server.describe(workspace())
    print_json(info) if as_json else dict_table("label studio", [info])


@ls_app.command("credentials")
def ls_credentials(as_json: JsonOpt = False) -> None:
    """Print the login (URL, username, password, API token). Example: `curator labelstudio credentials`."""
    from curator.label import secrets

    login = secrets.load_login(workspace())
    if login is None:
        from curator.errors import CuratorError

        raise CuratorError("no credentials yet: run `curator labelstudio up` first")
    info = {"url": login.url, "username": login.username, "password": login.password, "api_key": login.token}
    lines = "\n".join(f"{k}: {v}" for k, v in info.items())
    print_json(info) if as_json else console.print(lines, markup=False, highlight=False)


@annotate_app.command("init")
def annotate_init(
    project: Annotated[str, typer.Option("--project", help="Project name (curator's handle, also LS title).")],
    labels: Annotated[str, typer.Option("--labels", help="Comma-separated labels, e.g. billing,shipping.")],
    guidelines: Annotated[Path | None, typer.Option(help="Markdown guidelines shown as instructions.")] = None,
    overlap: Annotated[int, typer.Option(help="Annotators per overlapped task.")] = 1,
    overlap_fraction: Annotated[float, typer.Option(help="Share of tasks with `overlap` annotators.")] = 0.0,
) -> None:
    """Create the Label Studio project. Example: `curator annotate init --project intents --labels a,b,c`."""
    from curator.label.project import InitOptions, init_project

    opts = InitOptions(
        project,
        labels=[s.strip() for s in labels.split(",")],
        guidelines=guidelines,
        overlap=overlap,
        overlap_fraction=overlap_fraction,
    )
    res = init_project(workspace(), opts)
    console.print(
        f"project {esc(res['project'])}: Label Studio id {res['ls_project_id']}"
        + ("" if res["created"] else " (already exists)")
    )


@annotate_app.command("push")
def annotate_push(
    project: ProjectOpt = None,
    limit: Annotated[int | None, typer.Option(help="At most N samples.")] = None,
    gold_fraction: Annotated[float, typer.Option(help="Share of gold (known-answer) tasks.")] = 0.0,
    predictions: Annotated[str | None, typer.Option(help="Model folder, model_id or latest: pre-annotations.")] = None,
    skip_outside_labels: Annotated[
        bool, typer.Option("--skip-outside-labels", help="Leave out samples whose label is not one of the project's.")
    ] = False,
    strategy: Annotated[
        str | None,
        typer.Option(help="Choose --limit samples (default 100): random|least_confident|margin|entropy|diverse."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="With --strategy: model_id or latest (uncertainty).")] = None,
    seed: Annotated[int, typer.Option(help="With --strategy random: the seed.")] = 0,
    embedding: Annotated[str, typer.Option(help="With --strategy diverse: minilm (default) or tfidf.")] = "minilm",
    relabel: Annotated[
        str, typer.Option(help="With --strategy: none, or activelab (part of the batch: one more annotation).")
    ] = "none",
    as_json: JsonOpt = False,
) -> None:
    """Send scrubbed, active, unlabeled samples as tasks. Example: `curator annotate push --gold-fraction 0.1`.

    A sample whose label (source or review) is not one of the project's labels is sent as a normal task (never
    gold), with a warning and counts; `--skip-outside-labels` leaves such samples out instead. With `--strategy S
    --model latest` the batch is what the model is least sure of (docs/labeling.md); `curator explain` says why."""
    from curator.label.push import PushOptions
    from curator.learn.batch import push_strategy

    opts = PushOptions(
        project=project,
        limit=limit,
        gold_fraction=gold_fraction,
        predictions=predictions,
        skip_outside_labels=skip_outside_labels,
        strategy=strategy,
        model=model,
        seed=seed,
        embedding=embedding,
        relabel=relabel,
    )
    res = push_strategy(workspace(), opts)
    if res["outside_labels"]:
        err_console.print(_outside_warning(res), soft_wrap=True, highlight=False)
    print_json(res) if as_json else dict_table("push", [{k: v for k, v in res.items() if k != "outside_by_label"}])


def _outside_warning(res: dict) -> str:
    n, top = res["outside_labels"], list(res["outside_by_label"].items())
    labels = ", ".join(f"{esc(lab)} {k:,}" for lab, k in top[:5]) + (
        f", … ({len(top) - 5} more)" if len(top) > 5 else ""
    )
    if res["outside_action"].startswith("left out"):
        return (
            f"[yellow]warning[/]: left out {n:,} samples whose label is not one of project {esc(res['project'])}'s "
            f"labels ({labels}); they stay eligible for a later push"
        )
    return (
        f"[yellow]warning[/]: {n:,} of {res['sent']:,} samples sent have a label that is not one of project "
        f"{esc(res['project'])}'s labels ({labels}): sent as normal tasks (never gold), annotators choose from "
        "the project's labels; leave them out with --skip-outside-labels"
    )


@annotate_app.command("pull")
def annotate_pull(
    project: ProjectOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Re-read every task, not only changed ones.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Fetch annotations changed since the last pull. Example: `curator annotate pull`."""
    from curator.label.pull import pull

    res = pull(workspace(), project, full)
    print_json(res) if as_json else dict_table("pull", [res])


@annotate_app.command("qa")
def annotate_qa(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Agreement (Krippendorff, Fleiss, Cohen) and per-annotator quality. Example: `curator annotate qa --json`."""
    from curator.label.qa import qa

    res = qa(workspace(), project)
    if as_json:
        print_json(res)
        return
    head = [
        "n_tasks",
        "n_annotations",
        "n_overlapped",
        "n_ties",
        "pairwise_agreement",
        "krippendorff_alpha",
        "fleiss_kappa",
    ]
    dict_table(
        f"qa {res['project']} (run {res['run_id']})" + (" [SIMULATED]" if res["simulated"] else ""),
        [_rounded(res)],
        head,
    )
    dict_table(
        "annotators",
        [_rounded(a) for a in res["annotators"]],
        [
            "annotator",
            "n_annotations",
            "n_overlapped",
            "n_ties",
            "pairwise_agreement",
            "kappa",
            "agreement_with_consensus",
            "n_gold",
            "gold_accuracy",
            "median_lead_time",
        ],
    )
    if res["n_ties"]:
        console.print(
            f"{res['n_ties']:,} of {res['n_overlapped']:,} overlapped tasks are ties (no majority label): "
            "agreement_with_consensus leaves them out; pairwise_agreement and kappa (Cohen's, with the "
            "other annotators) count them"
        )
    dict_table("pairwise Cohen's kappa", [_rounded(p) for p in res["pairs"]])


def _rounded(rec: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in rec.items()}


@annotate_app.command("resolve")
def annotate_resolve(
    policy: Annotated[str, typer.Option(help="majority | crowdlab")] = "majority",
    min_agreement: Annotated[float, typer.Option(help="Below this agreement: relabel queue.")] = 0.5,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve one label per sample; doubts go to the relabel queue. Example: `curator annotate resolve`."""
    from curator.label.resolve import ResolveOptions, resolve

    res = resolve(workspace(), ResolveOptions(policy=policy, min_agreement=min_agreement, project=project))
    print_json(res) if as_json else dict_table("resolve", [res])


@annotate_app.command("relabel")
def annotate_relabel(
    project: ProjectOpt = None,
    limit: Annotated[int | None, typer.Option(help="At most N samples.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Push the pending relabel queue as new tasks. Example: `curator annotate relabel`."""
    from curator.label.relabel import relabel

    res = relabel(workspace(), project, limit)
    print_json(res) if as_json else dict_table("relabel", [res])


@annotate_app.command("simulate")
def annotate_simulate(
    annotators: Annotated[int, typer.Option(help="Number of simulated users.")] = 3,
    accuracy: Annotated[float, typer.Option(help="Probability of the true (source) label.")] = 0.8,
    seed: Annotated[int, typer.Option(help="Random seed (deterministic).")] = 0,
    skip_rate: Annotated[float, typer.Option(help="Share of answers that are skips.")] = 0.0,
    truth: Annotated[
        Path | None, typer.Option(help='Answer key, JSONL of {"ref": "SOURCE:KEY", "label": …} (else source labels).')
    ] = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Demo/tests only: simulated users annotate. Example: `curator annotate simulate --annotators 3 --accuracy 0.8`."""
    from curator.label.simulate import SimulateOptions, simulate

    opts = SimulateOptions(
        annotators=annotators, accuracy=accuracy, seed=seed, project=project, skip_rate=skip_rate, truth=truth
    )
    res = simulate(workspace(), opts)
    print_json(res) if as_json else dict_table("simulate (SIMULATED annotations)", [res])


@annotate_app.command("audit")
def annotate_audit(
    project: ProjectOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on the second opinion's flags too (an independent detector).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check that no raw PII value reached any task (values never printed); an independent second opinion flags
    what the PII stage may have missed (masked previews). Example: `curator annotate audit`."""
    from curator.label.audit import audit_tasks

    res = audit_tasks(workspace(), project, strict=strict)
    if as_json:
        print_json(res)
    else:
        console.print(
            f"{res['project']}: {res['tasks']} tasks, {res['values_checked']} raw PII values checked, "
            f"{len(res['leaks'])} leaks, {len(res['unscrubbed_tasks'])} tasks of unscrubbed samples"
        )
        if res["leaks"]:
            dict_table("leaks (values not shown)", res["leaks"])
        second = res["second_opinion"]
        console.print(f"second opinion: {second['flags']} flags in {second['with_flags']} task fields", markup=False)
        if second["flags"]:
            rows = [{**f, "at": f"{f['start']}-{f['end']}"} for f in second["items"]]
            dict_table("second opinion (first 50; masked)", rows, ["task_id", "field", "entity_type", "at", "preview"])
    if not res["ok"]:
        raise typer.Exit(1)
