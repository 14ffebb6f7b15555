"""Benchmark context: a synthetic corpus, fresh workspaces, and `measure` (time, items/s, peak RSS, ratios)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil


class PeakRSS:
    """Samples the resident memory of this process and its children while a block runs.

    `peak`: the sum over the process tree (forked workers' shared pages count once per process, so this
    overstates); `peak_largest`: the largest single process; `peak_self`: this process (DuckDB's export/import)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self.peak_largest = self.peak_self = 0
        self._proc = psutil.Process()

    def _sample(self) -> int:
        own = self._proc.memory_info().rss
        total, largest = own, own
        for child in self._proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                rss = child.memory_info().rss
                total, largest = total + rss, max(largest, rss)
        self.peak_self, self.peak_largest = max(self.peak_self, own), max(self.peak_largest, largest)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


@dataclass
class Context:
    n: int
    tmp: Path
    corpus_path: Path
    results: list[dict[str, Any]] = field(default_factory=list)
    _counter: int = 0

    def workspace(self):
        """A fresh, initialized workspace under the scratch folder."""
        from curator.catalog.init import init_workspace

        self._counter += 1
        ws, _ = init_workspace(self.tmp / f"ws{self._counter}")
        os.environ["CURATOR_HOME"] = str(ws.home)
        return ws

    def cap(self, env: str, default: int) -> int:
        """min(n, $env or default): how many items a slow baseline or an external server gets at scale."""
        return min(self.n, int(os.environ.get(env, str(default))))

    def subset(self, k: int) -> Path:
        """The first k records of the corpus as a JSONL file of their own (for baselines run on a subset)."""
        if k >= self.n:
            return self.corpus_path
        path = self.tmp / f"corpus-first-{k}.jsonl"
        if not path.exists():
            with open(self.corpus_path, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
                for i, line in enumerate(src):
                    if i >= k:
                        break
                    dst.write(line)
        return path

    def measure(
        self, step: str, items: int, fn: Callable[[], Any], baseline_of: str | None = None, **extra: Any
    ) -> Any:
        """Run fn once, record seconds, items/s and peak RSS; a baseline is paired with `baseline_of`."""
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            out = fn()
            seconds = time.perf_counter() - t0
        row = {
            "step": step,
            "items": items,
            "seconds": round(seconds, 4),
            "items_per_s": round(items / seconds, 1) if seconds > 0 else None,
            "peak_rss_mb": round(mem.peak / 2**20, 1),
            "peak_rss_largest_process_mb": round(mem.peak_largest / 2**20, 1),
            "peak_rss_bench_process_mb": round(mem.peak_self / 2**20, 1),
            "baseline_of": baseline_of,
            **extra,
        }
        self.results.append(row)
        print(
            f"  {step}: {items:,} items in {seconds:.3f}s ({row['items_per_s']}/s), peak RSS {row['peak_rss_mb']} MB "
            f"(largest process {row['peak_rss_largest_process_mb']} MB)",
            flush=True,
        )
        return out


def with_ratios(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach to each step the items/s of the baseline measured for it and the ratio ours / baseline."""
    baselines = {r["baseline_of"]: r for r in results if r.get("baseline_of")}
    out = []
    for r in results:
        if r.get("baseline_of"):
            continue
        b = baselines.get(r["step"])
        ratio = None
        if b and b["items_per_s"] and r["items_per_s"]:
            ratio = round(r["items_per_s"] / b["items_per_s"], 2)
        out.append(
            {
                **r,
                "baseline": b["step"] if b else None,
                "baseline_items_per_s": b["items_per_s"] if b else None,
                "ratio": ratio,
            }
        )
    return out
