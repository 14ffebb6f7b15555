"""A retrain request taken up (issue 19): `curator serve --retrain-after N` starts this module in the background
when N new annotations have arrived (`python -m curator.deploy.retrain --home WS NAME REQUEST_ID`).

In order: annotate pull and resolve (the Label Studio project the webhook came from), build-split NAME with the
options the serving model's split was built with (a NEW version, else it fails), train with the serving model's
kind and config, evaluate on the new version's test part. The request row records the outcome: running → trained
(new_model_id) | failed (error: one line). It never promotes: `curator monitor-compare NAME NEW` does, only when
the new model beats the serving one on the same test part. Each step takes the writer lock itself.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.names import shown
from curator.splits.options import SplitOptions
from curator.workspace import Workspace, open_workspace

Say = Callable[[str], None]
TUPLES = ("ratios", "stratify", "cutoffs")


def load_request(ws: Workspace, name: str, request_id: str) -> dict[str, Any]:
    with connect(ws, read_only=True) as con:
        cur = con.execute("SELECT * FROM retrain_requests WHERE request_id = ? AND name = ?", [request_id, name])
        row = cur.fetchone()
        if row is None:
            raise CuratorError(f"retrain request {request_id} of {shown(name)}: no such request")
        return dict(zip([d[0] for d in cur.description], row, strict=True))


def set_status(ws: Workspace, request_id: str, status: str, **cols: Any) -> None:
    """Record the request's state (and any of run_id, new_model_id, split_version, error, pid)."""
    sets = ", ".join(f"{c} = ?" for c in ["status", *cols, "updated_at"])
    with writer_lock(ws, "retrain"), connect(ws) as con, transaction(con):
        con.execute(
            f"UPDATE retrain_requests SET {sets} WHERE request_id = ?",  # noqa: S608 (column names are ours)
            [status, *cols.values(), utcnow(), request_id],
        )


def serving_model(ws: Workspace, model_id: str) -> dict[str, Any]:
    """The model that served when the threshold was crossed: its kind, config and split (with its options)."""
    with connect(ws, read_only=True) as con:
        row = con.execute(
            "SELECT m.kind, m.config, m.split_name, m.split_version, s.params FROM models m "
            "LEFT JOIN splits s ON s.name = m.split_name AND s.version = m.split_version WHERE m.model_id = ?",
            [model_id],
        ).fetchone()
    if row is None:
        raise CuratorError(f"model {model_id}: not in the catalog (the serving model's row is gone)")
    kind, config, split_name, split_version, params = row
    return {
        "kind": kind,
        "config": json.loads(config) if config else {},
        "split_name": split_name,
        "split_version": split_version,
        "params": json.loads(params) if params else {},
    }


def split_options(name: str, params: dict[str, Any]) -> SplitOptions:
    """build-split's options as recorded with the serving model's split; defaults for any not recorded."""
    known = {f.name for f in fields(SplitOptions)} - {"name", "_"}
    given = {k: tuple(v) if k in TUPLES else v for k, v in params.items() if k in known and v is not None}
    return SplitOptions(name, **given)


def project_name(ws: Workspace, ls_project_id: int | None) -> str | None:
    """The workspace's project for Label Studio's project id (None: the webhook named no project)."""
    if ls_project_id is None:
        return None
    with connect(ws, read_only=True) as con:
        row = con.execute("SELECT name FROM ls_projects WHERE ls_project_id = ?", [ls_project_id]).fetchone()
    if row is None:
        raise CuratorError(
            f"Label Studio project {ls_project_id} (from the webhook) is not a project of this workspace "
            "(`curator annotate init` makes one)"
        )
    return row[0]


def pull_and_resolve(ws: Workspace, project: str | None, say: Say) -> None:
    from curator.label.pull import pull
    from curator.label.resolve import ResolveOptions, resolve

    if project is None:
        say("no project in the webhook: no pull, no resolve (the labels already in the catalog)")
        return
    pulled = pull(ws, project)
    say(f"annotate pull {project}: {json.dumps({k: v for k, v in pulled.items() if k != 'project'}, default=str)}")
    resolve(ws, ResolveOptions(project=project))
    say(f"annotate resolve {project}: done")


def new_split(ws: Workspace, name: str, model: dict[str, Any], say: Say) -> str:
    """build-split NAME with the serving split's options; the new version, or an error when it is not new."""
    from curator.splits.build import build_split

    split = build_split(ws, split_options(name, model["params"]))
    version = split["version"]
    if version == model["split_version"]:
        raise CuratorError(
            f"build-split {name}: no new labels since the serving model's split (the same version {version})"
        )
    say(f"build-split {name}: version {version} ({'new' if split['created'] else 'reused'})")
    return version


def train_and_evaluate(ws: Workspace, ref: str, model: dict[str, Any], say: Say) -> dict[str, Any]:
    from curator.train.config import TrainOptions
    from curator.train.evaluate import evaluate
    from curator.train.runner import train

    config = dict(model["config"])
    kind = config.pop("model", None) or model["kind"]  # a local HF model's config names its folder
    trained = train(ws, ref, TrainOptions(model=kind, given=config), log=say, progress=False)
    say(f"train {ref}: model {trained['model_id']}")
    scores = evaluate(ws, trained["model_id"], "test")
    return {"model_id": trained["model_id"], "test_macro_f1": round(float(scores["macro_f1"]), 4)}


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:500]


def retrain(ws: Workspace, name: str, request_id: str, say: Say = lambda _: None) -> dict[str, Any]:
    """Take up retrain request REQUEST_ID of NAME; the request row records the outcome (never a promotion)."""
    req = load_request(ws, name, request_id)
    run = Run("retrain", {"name": name, "request_id": request_id}, stage="train")
    set_status(ws, request_id, "running", run_id=run.run_id, pid=os.getpid())
    out: dict[str, Any] = {"request_id": request_id, "name": name, "old_model_id": req["model_id"]}
    try:
        model = serving_model(ws, req["model_id"])
        pull_and_resolve(ws, project_name(ws, req["project_id"]), say)
        out["split_version"] = new_split(ws, name, model, say)
        set_status(ws, request_id, "running", split_version=out["split_version"])
        out.update(train_and_evaluate(ws, f"{name}@{out['split_version']}", model, say))
    except Exception as exc:  # every failure is recorded on the request, as one line
        out.update(status="failed", error=one_line(exc))
        set_status(ws, request_id, "failed", error=out["error"], new_model_id=out.get("model_id"))
        record_run(ws, run, out)
        return out
    out["status"] = "trained"
    set_status(ws, request_id, "trained", new_model_id=out["model_id"], error=None)
    record_run(ws, run, out)
    say(f"retrain {name}: trained {out['model_id']}; compare with `curator monitor-compare {name} {out['model_id']}`")
    return out


def record_run(ws: Workspace, run: Run, out: dict[str, Any]) -> None:
    status = "succeeded" if out["status"] == "trained" else "failed"
    with writer_lock(ws, "retrain"), connect(ws) as con, transaction(con):
        run.record(con, status=status, counts=out, error=out.get("error"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m curator.deploy.retrain", description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, help="the workspace")
    parser.add_argument("name")
    parser.add_argument("request_id")
    args = parser.parse_args(argv)
    ws = open_workspace(args.home)
    say: Say = lambda m: print(f"{utcnow():%Y-%m-%dT%H:%M:%S} {m}", flush=True)  # noqa: E731
    try:
        out = retrain(ws, args.name, args.request_id, say)
    except Exception as exc:  # before its steps (no such request, the catalog busy): still one line on the row
        say(f"retrain {args.name} {args.request_id}: {one_line(exc)}")
        set_status(ws, args.request_id, "failed", error=one_line(exc))
        return 1
    print(json.dumps(out, default=str), flush=True)
    return 0 if out["status"] == "trained" else 1


if __name__ == "__main__":
    sys.exit(main())
