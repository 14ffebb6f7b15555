"""Run `curator init/ingest/run` in two source trees on the same corpus and compare the catalogs table by table.

Used to check that a refactoring of the engine or a stage changes no result: same samples (status, reason,
language, cluster, text), decisions (run ids and timestamps ignored), clusters, PII findings and raw texts.

    .venv/bin/python scripts/compare_curation.py --base /tmp/base-tree --corpus demo
    .venv/bin/python scripts/compare_curation.py --base /tmp/base-tree --corpus bench --n 10000

--overlay PATH (repeatable, relative to the trees) copies a file of the new tree onto a copy of the base tree first,
so that work on those files (e.g. PII detection) does not show up as a difference. Prints the seconds
`curator run` took in each tree (same machine, same moment: a ratio) and exits 1 when any table differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEMO = [
    ["data/demo/support_tickets.jsonl", "--source", "tickets"],
    [
        "data/demo/forum_posts.csv",
        "--source",
        "forum",
        "--text-field",
        "body",
        "--id-field",
        "post_id",
        "--label-field",
        "category",
        "--time-field",
        "posted_at",
    ],
    ["data/demo/messy.jsonl", "--source", "messy", "--max-chars", "4000"],
]
TABLES = {
    "samples": "SELECT sample_id, source, source_key, text_hash, status, status_stage, status_reason, language, "
    "language_score, dup_cluster, pii_scrubbed FROM samples ORDER BY ALL",
    "texts": "SELECT sample_id, text FROM samples ORDER BY ALL",
    "raw_texts": "SELECT sample_id, text FROM raw_texts ORDER BY ALL",
    "decisions": "SELECT sample_id, stage, step, decision, reason, score, details::VARCHAR, seq FROM decisions "
    "ORDER BY ALL",
    "dup_clusters": "SELECT cluster_id, sample_id, kind, is_keeper FROM dup_clusters ORDER BY ALL",
    "pii_findings": 'SELECT sample_id, entity_type, start, "end", score, recognizer FROM pii_findings ORDER BY ALL',
    # the same findings without the recognizer's name: which of two recognizers of the same span and score is
    # credited varies between two runs of the same code (PhoneRecognizer / IntlPhonePatternRecognizer)
    "pii_spans": 'SELECT sample_id, entity_type, start, "end", score FROM pii_findings ORDER BY ALL',
    "runs": "SELECT stage, status, n_in, n_kept, n_dropped, n_modified, counts::VARCHAR FROM runs "
    "WHERE command = 'run' ORDER BY ALL",
}


def curator(tree: Path, home: Path, *args: str) -> float:
    """Run one curator command with `tree`'s code; returns its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(tree), "CURATOR_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "curator.cli", *args], cwd=tree, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: curator {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - t0


def curate(tree: Path, home: Path, ingests: list[list[str]], recipe: Path | None) -> float:
    """init + ingest + run in a fresh workspace; returns the seconds `curator run` took."""
    shutil.rmtree(home, ignore_errors=True)
    curator(tree, home, "init")
    for args in ingests:
        curator(tree, home, "ingest", *args)
    return curator(tree, home, "run", str(recipe or tree / "pipelines" / "default.yaml"), "--workers", "2")


def dump(home: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(home / "catalog.duckdb"), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


def compare(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """One line per table: its row count and whether both catalogs hold the same rows."""
    lines = []
    for name in TABLES:
        same = a[name] == b[name]
        line = f"{name:13s} rows {len(a[name]):>7,} / {len(b[name]):>7,}  {'same' if same else 'DIFFERENT'}"
        if not same:
            first = next((i for i, (x, y) in enumerate(zip(a[name], b[name], strict=False)) if x != y), None)
            if first is not None:
                line += f"\n    first difference at row {first}:\n    base {a[name][first]}\n    new  {b[name][first]}"
        lines.append(line)
    return lines


def bench_corpus(n: int, folder: Path) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    from curator.demo.corpus import generate_records, write_jsonl

    path = folder / f"corpus-{n}.jsonl"
    if not path.exists():
        write_jsonl(path, generate_records(n, seed=2024, target_chars=1000))
    return [[str(path), "--source", "bench"]]


def overlaid(base: Path, new: Path, paths: list[str], out: Path) -> Path:
    """A copy of the base tree with these files taken from the new tree."""
    if not paths:
        return base
    tree = out / "base-overlaid"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(base, tree, ignore=shutil.ignore_patterns("__pycache__", ".curator"))
    for rel in paths:
        shutil.copy2(new / rel, tree / rel)
    return tree


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True, help="the source tree before the change")
    ap.add_argument("--new", type=Path, default=ROOT, help="the source tree after the change (default: this one)")
    ap.add_argument("--corpus", choices=("demo", "bench"), default="demo")
    ap.add_argument("--n", type=int, default=10_000, help="benchmark corpus size")
    ap.add_argument("--out", type=Path, default=Path("/tmp/compare-curation"))
    ap.add_argument("--overlay", action="append", default=[], help="file taken from the new tree into the base")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    ingests = DEMO if args.corpus == "demo" else bench_corpus(args.n, args.out)
    if args.corpus == "demo":
        ingests = [[str(args.new / a[0]), *a[1:]] for a in ingests]
    base = overlaid(args.base.resolve(), args.new.resolve(), args.overlay, args.out)
    seconds = {}
    for label, tree in (("base", base), ("new", args.new.resolve())):
        seconds[label] = curate(tree, args.out / f"ws-{label}", ingests, None)
    print(
        f"corpus {args.corpus}: curator run took {seconds['base']:.1f} s (base) and {seconds['new']:.1f} s (new), "
        f"ratio new/base {seconds['new'] / seconds['base']:.2f}"
    )
    lines = compare(dump(args.out / "ws-base"), dump(args.out / "ws-new"))
    print("\n".join(lines))
    return 1 if any("DIFFERENT" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
