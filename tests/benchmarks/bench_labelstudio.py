"""Label Studio loop throughput on a real local server: push and pull of n tasks (target push >= 1,000/s).

n = min(BENCH_N, BENCH_LS_N) (default 20,000): one local Label Studio server with SQLite is what is measured,
and a million tasks are not a labeling project (nor a size Label Studio's own import is built for).

Setup (not measured): a server for a fresh workspace (its first start runs migrations, 1-3 min), the corpus
ingested and flagged scrubbed with a bench-only UPDATE (the PII stage is benchmarked elsewhere).
- push: `curator annotate push` of all n samples; baseline: the bare SDK import of the same n tasks into another
  project (no catalog work), i.e. what Label Studio itself allows.
- pull: n tasks that carry one annotation each (imported with their annotations, bench setup), first pull
  (everything new) and a second, incremental pull (nothing changed); then resolve and qa over the n samples.
"""

from __future__ import annotations

import socket
import time

import duckdb

from curator.catalog import connect, transaction
from curator.ingest import IngestOptions, ingest
from curator.label import server
from curator.label.client import client, get_project
from curator.label.project import InitOptions, init_project
from curator.label.pull import pull
from curator.label.push import BATCH, PushOptions, push, record_tasks, rows_table, select_samples, task_payload
from curator.label.qa import qa
from curator.label.resolve import ResolveOptions, resolve
from curator.label.tasks import choice_result, import_batches


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _n(ctx) -> int:
    return ctx.cap("BENCH_LS_N", 20_000)


def _prepare(ctx):
    ws = ctx.workspace()
    ingest(ws, [ctx.subset(_n(ctx))], IngestOptions("bench"))
    con = duckdb.connect(str(ws.catalog_path))
    con.execute("UPDATE samples SET pii_scrubbed = true")  # bench setup only: stands in for the PII stage
    labels = sorted(r[0] for r in con.execute("SELECT DISTINCT label FROM samples WHERE label IS NOT NULL").fetchall())
    con.close()
    return ws, labels


def _annotated_project(ws, labels: list[str]) -> None:
    """Project `pulled`: every sample as a task with one annotation (the source label), mapped in the catalog."""
    init_project(ws, InitOptions("pulled", labels=labels))
    with connect(ws, read_only=True) as con:
        project = get_project(con, "pulled")
        items = select_samples(con, project, PushOptions())
        truth = dict(con.execute("SELECT sample_id, label FROM samples").fetchall())
    payload = [
        {**task_payload(i), "annotations": [{"result": [choice_result(truth[i["sample_id"]])], "lead_time": 5.0}]}
        for i in items
    ]
    ids = import_batches(client(ws), project.ls_project_id, payload, BATCH)
    with connect(ws) as con, transaction(con):
        record_tasks(con, rows_table(items, ids, "pulled", "bench-setup", 0))


def run(ctx) -> None:
    ws, labels = _prepare(ctx)
    n = _n(ctx)
    print("  starting Label Studio for the bench (first start: 1-3 min)…", flush=True)
    server.up(ws, _free_port(), say=lambda m: print(f"  {m}", flush=True))
    try:
        init_project(ws, InitOptions("pushed", labels=labels))
        out = ctx.measure("annotate push (catalog → Label Studio)", n, lambda: push(ws, PushOptions(project="pushed")))
        assert out["sent"] == n, out
        init_project(ws, InitOptions("baseline", labels=labels))
        with connect(ws, read_only=True) as con:
            base = get_project(con, "baseline")
            tasks = [
                {"data": {"text": t, "sample_id": s}}
                for s, t in con.execute("SELECT sample_id, text FROM samples").fetchall()
            ]
        sdk = client(ws)
        ctx.measure(
            "SDK import only (no catalog)",
            n,
            lambda: import_batches(sdk, base.ls_project_id, tasks, BATCH),
            baseline_of="annotate push (catalog → Label Studio)",
        )
        _annotated_project(ws, labels)
        time.sleep(3)  # the import's own task updates settle: the incremental pull below then has nothing to read
        first = ctx.measure("annotate pull (all new)", n, lambda: pull(ws, "pulled"))
        assert first["new"] == n, first
        again = ctx.measure("annotate pull (incremental, nothing changed)", n, lambda: pull(ws, "pulled"))
        assert again["new"] == 0 and again["updated"] == 0, again
        print(f"  incremental pull saw {again['tasks_changed']:,} changed tasks", flush=True)
        ctx.measure("annotate resolve (majority)", n, lambda: resolve(ws, ResolveOptions(project="pulled")))
        ctx.measure("annotate qa", n, lambda: qa(ws, "pulled"))
    finally:
        server.stop(ws)
