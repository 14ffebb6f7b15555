"""`make bench`: generate a synthetic corpus, run every tests/benchmarks/bench_*.py, print one table.

    BENCH_N=10000 (default) docs of ~1 KB with PII, duplicates and junk mixed in; BENCH_N=1000000 for the scale run.
    BENCH_ONLY=ingest,splits runs only those modules. Results: bench-results/<timestamp>.json (gitignored).

Targets are reported, never asserted: ratios against baselines measured in the same run are what we track.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.benchmarks.harness import Context, with_ratios

ROOT = Path(__file__).resolve().parents[2]


def make_corpus(n: int, folder: Path) -> Path:
    from curator.demo.corpus import generate_records, write_jsonl

    path = folder / f"corpus-{n}.jsonl"
    t0 = time.perf_counter()
    write_jsonl(path, generate_records(n, seed=2024, target_chars=1000))
    print(f"corpus: {n:,} docs, {path.stat().st_size / 2**20:.1f} MB in {time.perf_counter() - t0:.1f}s")
    return path


def modules(only: set[str]) -> list[str]:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    return [n for n in names if not only or n.removeprefix("bench_") in only]


def render(rows: list[dict]) -> None:
    table = Table(title="curator benchmarks", title_justify="left")
    for col in ("step", "items", "seconds", "items/s", "peak RSS MB", "baseline", "baseline items/s", "ratio"):
        table.add_column(col, justify="right" if col != "step" and col != "baseline" else "left")
    for r in rows:
        table.add_row(
            r["step"],
            f"{r['items']:,}",
            f"{r['seconds']:.3f}",
            str(r["items_per_s"]),
            str(r["peak_rss_mb"]),
            r["baseline"] or "",
            str(r["baseline_items_per_s"] or ""),
            str(r["ratio"] or ""),
        )
    Console(width=160).print(table)


def main() -> int:
    n = int(os.environ.get("BENCH_N", "10000"))
    only = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}
    failed = []
    with tempfile.TemporaryDirectory(prefix="curator-bench-") as tmp:
        ctx = Context(n=n, tmp=Path(tmp), corpus_path=make_corpus(n, Path(tmp)))
        for name in modules(only):
            print(f"── {name}", flush=True)
            try:
                importlib.import_module(f"tests.benchmarks.{name}").run(ctx)
            except Exception:  # one failing module must not hide the others' numbers
                traceback.print_exc()
                failed.append(name)
        rows = with_ratios(ctx.results)
    render(rows)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    meta = {"n": n, "cpus": os.cpu_count(), "python": sys.version.split()[0], "machine": platform.platform()}
    (out / f"{stamp}.json").write_text(json.dumps({"meta": meta, "results": rows, "failed": failed}, indent=2))
    print(f"results: bench-results/{stamp}.json" + (f"; FAILED modules: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
