"""Curation throughput and memory: langid + quality + exact + near dedup on ctx.n docs (target ≥ 2,000 docs/s).

Ours: `run_recipe` with the default recipe minus PII (the PII stage has its own benchmark), local executor,
2 workers, the recipe's own shard size (5,000 rows), export → datatrove → import included. Baseline, same files,
same run: datatrove's stock pipeline as its README shows it — JsonlReader → GopherQualityFilter (stock
thresholds, spaCy words) → MinHash signatures → buckets → cluster → filter, LocalPipelineExecutor with 2 tasks /
2 workers, in a child process — on the first BENCH_CURATION_BASELINE_N docs (default 20,000: at ~100 docs/s a
1M-doc baseline would take ~3 hours); docs/s is what is compared.
Also: `ours (first K docs)` runs ours on the baseline's subset, so both sizes have a like-for-like ratio.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from curator.engine import load_recipe, run_recipe
from curator.ingest import IngestOptions, ingest

STOCK = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
    MinhashDedupFilter, MinhashDedupSignature)
from datatrove.pipeline.filters import GopherQualityFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

if __name__ == "__main__":
    folder, work = sys.argv[1], sys.argv[2]
    cfg = MinhashConfig()
    def read():
        return JsonlReader(folder, glob_pattern="*.jsonl")
    stages = [
        ([read(), GopherQualityFilter(), MinhashDedupSignature(f"{work}/sigs", config=cfg)], 2),
        ([MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=cfg)], cfg.num_buckets),
        ([MinhashDedupCluster(f"{work}/buckets", f"{work}/clusters", config=cfg)], 1),
        ([read(), GopherQualityFilter(), MinhashDedupFilter(f"{work}/clusters"), JsonlWriter(f"{work}/out")], 2),
    ]
    for i, (pipeline, tasks) in enumerate(stages):
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=2, logging_dir=f"{work}/logs/{i}").run()
"""


def _split_corpus(ctx, path) -> str:
    """The corpus as two JSONL files (one per datatrove task), in a folder of its own."""
    folder = ctx.tmp / "stock-input"
    folder.mkdir(exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    half = (len(lines) + 1) // 2
    for i, part in enumerate((lines[:half], lines[half:])):
        (folder / f"corpus-{i}.jsonl").write_text("".join(part), encoding="utf-8")
    return str(folder)


STEP = "curation langid+quality+exact+near dedup (local, 2 workers)"


def _ours(ctx, path, n: int, step: str) -> None:
    ws = ctx.workspace()
    ingest(ws, [path], IngestOptions("bench"))
    recipe = load_recipe()
    stages = [s for s in recipe.stages if s.stage != "pii"]
    reports = ctx.measure(step, n, lambda: run_recipe(ws, recipe, stages, "local", 2))
    for r in reports:
        n_in = r.counts.get("in", 0)
        print(
            f"    {r.stage}: {n_in:,} in, {r.counts.get('dropped', 0):,} dropped, {r.seconds:.1f}s "
            f"({n_in / r.seconds if r.seconds else 0:,.0f} docs/s incl. export/import)"
        )


def run(ctx) -> list[dict]:
    _ours(ctx, ctx.corpus_path, ctx.n, STEP)
    k = ctx.cap("BENCH_CURATION_BASELINE_N", 20_000)
    step = STEP
    if k < ctx.n:
        step = f"{STEP}, first {k:,} docs"
        _ours(ctx, ctx.subset(k), k, step)
    script = ctx.tmp / "stock_pipeline.py"
    script.write_text(textwrap.dedent(STOCK))
    folder = _split_corpus(ctx, ctx.subset(k))

    def stock() -> None:
        subprocess.run(
            [sys.executable, str(script), folder, str(ctx.tmp / "stock-work")], check=True, capture_output=True
        )

    ctx.measure(f"datatrove stock Gopher + MinHash (2 workers), {k:,} docs", k, stock, baseline_of=step)
    if k < ctx.n:  # the full run is compared with the same baseline measurement (docs/s)
        ctx.results.append({**ctx.results[-1], "baseline_of": STEP, "same_measurement_as_above": True})
    return ctx.results
