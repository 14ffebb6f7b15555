"""PII stage: docs/s of PiiScrubber against Presidio's default `AnalyzerEngine().analyze` loop, and accuracy.

The baseline (and BatchAnalyzerEngine, for comparison) run on a subset (BENCH_PII_BASELINE_N, default 400 docs:
at ~20 docs/s the full corpus would take minutes); docs/s is what is compared. Engines are built and warmed up
before timing, in both cases: the pool start-up of the scrubber is measured separately.
Ours runs on min(BENCH_N, BENCH_PII_N) docs (default 50,000: at scale the ratio, not the hour, is the point).
Target: ≥ 8× the baseline's docs/s on 2 cores at equal or better recall (fixture accuracy rows).
"""

from __future__ import annotations

import json
import os

from curator.stages.pii.evaluate import default_analyzer, evaluate
from curator.stages.pii.scrubber import PiiScrubber

OURS = "pii scrub (PiiScrubber, 2 processes)"


def _texts(ctx) -> list[str]:
    with open(ctx.subset(ctx.cap("BENCH_PII_N", 50_000)), encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def _baselines(ctx, texts: list[str]) -> None:
    from presidio_analyzer import BatchAnalyzerEngine

    engine = default_analyzer()
    engine.analyze(texts[0], language="en")  # warm
    ctx.measure(
        "presidio default loop (AnalyzerEngine.analyze)",
        len(texts),
        lambda: [engine.analyze(t, language="en") for t in texts],
        baseline_of=OURS,
    )
    batch = BatchAnalyzerEngine(analyzer_engine=engine)
    ctx.measure(
        "presidio BatchAnalyzerEngine (n_process=2)",
        len(texts),
        lambda: batch.analyze_iterator(texts, language="en", batch_size=64, n_process=2),
    )


def run(ctx) -> None:
    texts = _texts(ctx)
    k = min(len(texts), int(os.environ.get("BENCH_PII_BASELINE_N", "400")))
    _baselines(ctx, texts[:k])
    single = PiiScrubber(n_process=1)
    single.scrub_many(texts[:20])  # load the model
    sub = texts[: min(len(texts), 2000)]
    ctx.measure("pii scrub (PiiScrubber, 1 process)", len(sub), lambda: single.scrub_many(sub))
    with PiiScrubber(n_process=2) as scrubber:
        ctx.measure("pii pool start (2 workers)", 1, lambda: scrubber.scrub_many(texts[:128]))
        ctx.measure(OURS, len(texts), lambda: scrubber.scrub_many(texts))
    acc = evaluate(PiiScrubber())
    for name, m in (("scrubber", acc["scrubber"]), ("presidio default", acc["default"])):
        ctx.results.append(
            {
                "step": f"pii fixture {name}: recall {m['recall']:.3f}, over-redaction {m['over_redaction']:.2%}",
                "items": m["n_entities"],
                "seconds": 0.0,
                "items_per_s": None,
                "peak_rss_mb": None,
                "baseline_of": None,
                "recall": m["recall"],
                "over_redaction": m["over_redaction"],
                "per_type": m["per_type"],
            }
        )
        print(
            f"  fixture {name}: recall {m['recall']}, over-redaction {m['over_redaction']}, "
            + ", ".join(f"{t} {v['recall']}" for t, v in m["per_type"].items())
        )
