"""`curator build-split NAME`: plan on a read-only connection, then write the version in one transaction."""

from __future__ import annotations

import shutil
import time
from typing import Any

from curator.catalog import Run, connect, transaction
from curator.catalog.lock import writer_lock
from curator.faults import fault_point
from curator.splits import store
from curator.splits.options import SplitOptions, validate
from curator.splits.plan import Step, make_plan, part_counts
from curator.workspace import Workspace

STEPS = ("loading candidates", "near-duplicate audit (minhash)", "assigning parts", "writing parts and manifest")


def build_split(ws: Workspace, opts: SplitOptions, step: Step = lambda _: None) -> dict[str, Any]:
    """Build (or find) the version of split NAME for these inputs; returns a summary for the CLI."""
    validate(opts)
    timings: dict[str, float] = {}
    clock = {"name": "open catalog", "t": time.perf_counter()}

    def timed(name: str) -> None:
        now = time.perf_counter()
        timings[clock["name"]] = round(timings.get(clock["name"], 0.0) + now - clock["t"], 3)
        clock.update(name=name, t=now)
        step(name)

    with connect(ws, read_only=True) as con:
        con.execute("SET enable_progress_bar = false")
        plan = make_plan(con, opts, timed)
    run = Run("build-split", opts.to_dict(), stage="split")
    n_excl = sum(e["samples"] for e in plan.candidates["excluded"])
    counts = {
        "name": opts.name,
        "version": plan.version,
        **part_counts(plan.members)["parts"],
        "excluded": n_excl,
        "leakage": plan.leakage,
        "left_out": {e["reason"]: e["samples"] for e in plan.candidates["left_out"]},
    }
    timed("writing parts and manifest")
    try:
        with writer_lock(ws, "build-split"), connect(ws) as con, transaction(con):
            _sweep(ws, opts.name)
            con.execute("SET enable_progress_bar = false")
            found = store.find(con, opts.name, plan.version)
            parent = None if found else (store.find(con, opts.name) or {}).get("version")
            if not found:
                store.save(con, ws, plan, run, parent)
            run.record(
                con,
                status="succeeded",
                counts={**counts, "reused": bool(found)},
                n_in=plan.candidates["candidates"],
                n_kept=plan.members.num_rows,
                n_dropped=n_excl,
            )
            fault_point("split.before_commit")
        fault_point("split.after_commit")
        timed("done")
    except Exception as exc:
        with writer_lock(ws, "build-split"), connect(ws) as con, transaction(con):
            run.record(con, status="failed", counts=counts, error=str(exc).splitlines()[0][:500])
        raise
    return {
        "name": opts.name,
        "version": plan.version,
        "created": not found,
        "parent_version": parent if not found else found["parent_version"],
        "path": str(ws.splits_dir / opts.name / plan.version),
        "run_id": run.run_id,
        "counts": part_counts(plan.members),
        "excluded": plan.candidates["excluded"],
        "left_out": plan.candidates["left_out"],
        "balance": plan.balance,
        "groups": plan.groups,
        "leakage": plan.leakage,
        "funnel": plan.candidates["funnel"],
        "timings_s": timings,
    }


def _sweep(ws: Workspace, name: str) -> None:
    """Remove the temporary folders of builds of this split that died before their rename (we hold the lock)."""
    for tmp in (ws.splits_dir / name).glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
