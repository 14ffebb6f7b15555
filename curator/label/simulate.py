"""`curator annotate simulate`: N simulated Label Studio users answer tasks with accuracy P (demo and tests only).

The users are real Label Studio users created through the API (emails ``sim-annotator-<i>@curator.sim``) and
recorded in ``ls_users`` with ``simulated = true``; every annotation they make is pulled with
``simulated = true``, so it can never be mistaken for human work. Truth is the sample's entry in an answer key
(``--truth``: what a careful annotator would answer, e.g. the demo corpus generator's true labels), else its
source label; a sample
without a usable source label gets a uniformly random answer. Deterministic for a seed: the annotators of a
task and their answers depend only on (seed, sample id, annotator's place).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.ids import make_sample_id
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.label.client import Project, check_same_server, client, get_project, sdk_error
from curator.label.tasks import choice_result, iter_tasks
from curator.workspace import Workspace

EMAIL = "sim-annotator-{i}@curator.sim"


@dataclass(frozen=True, kw_only=True)
class SimulateOptions:
    annotators: int = 3
    accuracy: float = 0.8
    seed: int = 0
    project: str | None = None
    skip_rate: float = 0.0  # share of answers that are "skip" (cancelled)
    truth: Path | None = None  # answer key (JSONL of {"ref": "SOURCE:SOURCE_KEY", "label": …}); else source labels


def ensure_users(ws: Workspace, sdk: Any, n: int) -> list[int]:
    """Label Studio user ids of the first n simulated annotators, creating the missing ones."""
    existing = {u.email: u.id for u in sdk.users.list()}
    ids, created = [], []
    for i in range(1, n + 1):
        email = EMAIL.format(i=i)
        if email not in existing:
            user = sdk.users.create(
                username=f"sim-annotator-{i}", email=email, first_name="Simulated", last_name=f"annotator {i}"
            )
            existing[email] = user.id
        ids.append(existing[email])
        created.append((email, existing[email]))
    with writer_lock(ws, "annotate simulate"), connect(ws) as con, transaction(con):
        for email, uid in created:  # at most N rows, N small: not a bulk path
            con.execute("INSERT OR REPLACE INTO ls_users VALUES (?, ?, true, ?)", [email, uid, utcnow()])
    return ids


def answer(rng: random.Random, truth: str | None, labels: list[str], accuracy: float) -> str:
    """The truth with probability `accuracy`, else another label uniformly."""
    if truth not in labels:
        return rng.choice(labels)
    if rng.random() < accuracy:
        return truth
    return rng.choice([lb for lb in labels if lb != truth])


def plan(tasks: list[dict[str, Any]], users: list[int], opts: SimulateOptions, labels: list[str]) -> list[dict]:
    """Which simulated user answers what on which task (missing answers only)."""
    out = []
    for task in tasks:
        # keyed by sample and by the simulated user's place in the list, never by server-assigned ids:
        # the same answers whatever else the Label Studio server holds
        rng = random.Random(f"{opts.seed}:{task['sample_id']}")
        order = rng.sample(users, len(users))
        want = min(task["overlap"], len(users)) - len(task["done"])
        # a 'more' task (one more annotation, curator.learn) goes to someone who has not labeled the sample yet
        free = [u for u in order if u not in task["done"] and u not in task.get("others", ())]
        for uid in free[: max(want, 0)]:
            arng = random.Random(f"{opts.seed}:{task['sample_id']}:{users.index(uid)}")
            skip = arng.random() < opts.skip_rate
            out.append(
                {
                    "task_id": task["task_id"],
                    "user": uid,
                    "skip": skip,
                    "lead_time": round(arng.uniform(3, 40), 2),
                    "label": None if skip else answer(arng, task["truth"], labels, opts.accuracy),
                }
            )
    return out


def load_truth(path: Path) -> dict[str, str]:
    """sample_id → true label from an answer key; a bad line is an error naming the file and line."""
    truth: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            source, key = str(rec["ref"]).split(":", 1)
            truth[make_sample_id(source, key)] = str(rec["label"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CuratorError(f"{path}:{lineno}: not an answer-key line ({exc})") from None
    return truth


def _tasks(ws: Workspace, sdk: Any, project: Project, truth: dict[str, str]) -> list[dict[str, Any]]:
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT t.task_id, t.overlap, s.label, s.sample_id, t.kind, t.round FROM ls_tasks t "
            "JOIN samples s USING (sample_id) WHERE t.project = ? ORDER BY t.task_id",
            [project.name],
        ).fetchall()
    done = {
        t.id: {a["completed_by"] for a in t.annotations or []}
        for t in iter_tasks(sdk, project.ls_project_id, "id,annotations,completed_by")
    }
    by_sample: dict[tuple[str, int], set[int]] = {}
    for tid, _, _, sid, _, rnd in rows:
        by_sample.setdefault((sid, rnd), set()).update(done.get(tid, set()))
    return [
        {"task_id": tid, "sample_id": sid, "overlap": ov, "truth": truth.get(sid, label), "done": done.get(tid, set())}
        | ({"others": by_sample[(sid, rnd)] - done.get(tid, set())} if kind == "more" else {})
        for tid, ov, label, sid, kind, rnd in rows
    ]


def simulate(ws: Workspace, opts: SimulateOptions) -> dict[str, Any]:
    if opts.annotators < 1 or not 0.0 <= opts.accuracy <= 1.0:
        raise CuratorError("--annotators must be >= 1 and --accuracy between 0 and 1")
    with connect(ws, read_only=True) as con:
        project = get_project(con, opts.project)
    check_same_server(ws, project)
    sdk = client(ws)
    run = Run(
        "annotate simulate",
        {
            "project": project.name,
            "annotators": opts.annotators,
            "accuracy": opts.accuracy,
            "seed": opts.seed,
            "skip_rate": opts.skip_rate,
            "truth": str(opts.truth) if opts.truth else None,
        },
        stage="label",
    )
    try:
        users = ensure_users(ws, sdk, opts.annotators)
        truth = load_truth(opts.truth) if opts.truth else {}
        work = plan(_tasks(ws, sdk, project, truth), users, opts, project.labels)
        for item in work:
            sdk.annotations.create(
                item["task_id"],
                completed_by=item["user"],
                lead_time=item["lead_time"],
                was_cancelled=item["skip"],
                result=[] if item["skip"] else [choice_result(item["label"])],
            )
    except CuratorError:
        raise
    except Exception as exc:
        raise sdk_error(exc, "simulated annotation") from exc
    counts = {"annotations": len(work), "skipped": sum(w["skip"] for w in work), "annotators": len(users)}
    with writer_lock(ws, "annotate simulate"), connect(ws) as con, transaction(con):
        run.record(con, status="succeeded", counts=counts, n_in=len(work))
    return {"project": project.name, "run_id": run.run_id, "simulated": True, **counts}
