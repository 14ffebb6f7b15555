"""`curator learn NAME`: rounds of select → push → annotate (humans, or simulated for demos/tests) → pull →
resolve → build split → train → evaluate, each finished round a learning-curve point.

Resumable between rounds: a finished round has its `learning_curve` row; a re-run starts at the first round
without one. A round killed after its push does not push again (its batch is in `learn_selections`); pull, resolve,
build-split (same inputs, same version) and simulate (missing answers only) are safe to repeat. Round 0 has no
model yet: its batch is a seeded random one (recorded as strategy 'random').
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from curator.catalog import Run, connect, transaction
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.faults import fault_point
from curator.label.pull import pull
from curator.label.push import PushOptions
from curator.label.resolve import ResolveOptions, resolve
from curator.label.simulate import SimulateOptions, simulate
from curator.learn import loops
from curator.learn.batch import push_strategy
from curator.learn.curve import curve, record_point, round_counts
from curator.learn.loops import LearnOptions
from curator.learn.retrain import retrain
from curator.names import shown
from curator.workspace import Workspace

Say = Callable[[str], None]
POLL_S = 10.0


def learn(ws: Workspace, opts: LearnOptions, say: Say = lambda _: None) -> dict[str, Any]:
    """Run the loop's missing rounds (up to opts.rounds in all); returns its curve so far and whether it waits."""
    loops.validate(opts)
    with connect(ws, read_only=True) as con:
        opts = replace(opts, holdout=loops.pin_holdout(con, ws, opts))
    run = Run("learn", opts.to_dict(), stage="label")
    with writer_lock(ws, "learn"), connect(ws) as con, transaction(con):
        if not con.execute("SELECT 1 FROM ls_projects WHERE name = ?", [opts.project]).fetchall():
            raise CuratorError(
                f"--project {shown(opts.project)}: no such project; create it with `curator annotate init`"
            )
        if not loops.check_same_loop(con, opts):
            loops.record_loop(con, opts, run.run_id)
        done = loops.done_rounds(con, opts.name)
    start = (done[-1] + 1) if done else 0
    if start >= opts.rounds:
        say(f"learn {opts.name}: all {opts.rounds} rounds are done; ask for more with a higher --rounds")
    waiting = None
    for rnd in range(start, opts.rounds):
        waiting = one_round(ws, opts, rnd, say, run.run_id)
        if waiting:
            break
        fault_point("learn.after_round")
    with writer_lock(ws, "learn"), connect(ws) as con, transaction(con):
        run.record(con, status="succeeded", counts={"from_round": start, "waiting": waiting})
    with connect(ws, read_only=True) as con:
        points = curve(con, opts.name)
    return {"loop": opts.name, "run_id": run.run_id, "started_at_round": start, "waiting": waiting, "curve": points}


def one_round(ws: Workspace, opts: LearnOptions, rnd: int, say: Say, run_id: str) -> str | None:
    """One round; returns None when its point is recorded, or why it stopped to wait for annotators."""
    t0 = time.perf_counter()
    with connect(ws, read_only=True) as con:
        already, model_id = loops.pushed(con, opts.name, rnd), loops.last_model(con, opts.name)
    strategy = opts.strategy if model_id else "random"
    if already:
        say(f"round {rnd}: its batch of {already} was pushed before; continuing after the push")
    else:
        res = push_strategy(ws, _push_options(opts, rnd, strategy, model_id))
        say(f"round {rnd}: pushed {res['sent']} ({strategy}{', model ' + model_id if model_id else ''})")
        if not res["sent"]:
            return f"round {rnd}: nothing left to label in project {opts.project}"
    fault_point("learn.after_push")
    if opts.simulated:
        simulate(ws, _simulate_options(opts, rnd))
    waiting = _collect(ws, opts, rnd)
    if waiting:
        say(waiting)
        return waiting
    resolve(ws, ResolveOptions(project=opts.project, policy="majority", min_agreement=0.0))
    trained = retrain(ws, opts, say)
    with writer_lock(ws, "learn"), connect(ws) as con, transaction(con):
        counts = round_counts(con, opts.project)
        record_point(con, opts, rnd, strategy, counts, trained, time.perf_counter() - t0, run_id)
    held = f" · holdout macro-F1 {trained['holdout']}" if opts.holdout else ""
    say(f"round {rnd}: {counts['n_labels']} labels · val macro-F1 {trained['val']} · test {trained['test']}{held}")
    return None


def _push_options(opts: LearnOptions, rnd: int, strategy: str, model_id: str | None) -> PushOptions:
    return PushOptions(
        project=opts.project,
        limit=opts.batch,
        strategy=strategy,
        model=model_id,
        seed=opts.seed + rnd,
        embedding=opts.embedding,
        relabel=opts.relabel if model_id else "none",
        loop=(opts.name, rnd),
    )


def _simulate_options(opts: LearnOptions, rnd: int) -> SimulateOptions:
    return SimulateOptions(
        annotators=opts.annotators,
        accuracy=float(opts.simulate or 0.0),
        seed=opts.seed + rnd,
        project=opts.project,
        truth=opts.truth,
    )


def _collect(ws: Workspace, opts: LearnOptions, rnd: int) -> str | None:
    """Pull until every task of the round has an annotation (or --wait runs out); None when all are in."""
    deadline = time.monotonic() + opts.wait_s
    while True:
        pull(ws, opts.project)
        with connect(ws, read_only=True) as con:
            open_tasks = _unanswered(con, opts, rnd)
        if not open_tasks or time.monotonic() >= deadline:
            break
        time.sleep(min(POLL_S, max(deadline - time.monotonic(), 0.0)))
    if not open_tasks:
        return None
    return (
        f"round {rnd}: {open_tasks} tasks of loop {opts.name} still have no annotation in Label Studio; "
        f"annotate them, then run the same `curator learn {opts.name} …` again to continue"
    )


UNANSWERED_SQL = """
SELECT count(*) FROM learn_selections s
JOIN ls_tasks t ON t.project = s.project AND t.sample_id = s.sample_id AND t.run_id = s.run_id
WHERE s.loop = ? AND s.loop_round = ? AND NOT EXISTS (
  SELECT 1 FROM annotations a WHERE a.project = t.project AND a.task_id = t.task_id AND NOT a.deleted)
"""


def _unanswered(con: Any, opts: LearnOptions, rnd: int) -> int:
    return int(con.execute(UNANSWERED_SQL, [opts.name, rnd]).fetchall()[0][0])
