"""`curator run --dry-run`: what a recipe would change, rule by rule, without changing the catalog.

The preview runs the very code of `curator run` (curator.engine.runner: export → phases → import, with the re-judge
rules, review holds and every stage's own rows) on a copy of the catalog in a scratch workspace, then compares each
sample's status in the copy before and after: a *flip* is a sample kept → dropped (the rule is the step whose drop
now sets its status), dropped → kept (the rule is the step whose drop the run undid) or dropped by another rule
(rule changed). Later stages see what earlier stages of the preview decided, exactly as a real run would.

The workspace's catalog is only opened read-only, to copy it while no writer has it open (DuckDB excludes writers
from a file a reader holds), so it is byte for byte unchanged and its writer lock is never taken. The copy holds the
catalog's raw zone: it lives in <workspace>/tmp/dryrun-<id>/, claimed by this process (curator.catalog.scratch),
removed when the preview ends, and swept by the next preview or `curator purge-raw` if the process died.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.catalog import connect
from curator.catalog.runs import new_run_id
from curator.catalog.scratch import claim, release, sweep
from curator.engine.recipe import Recipe, StagePlan
from curator.faults import fault_point
from curator.workspace import SUBDIRS, Workspace, private_files

SCRATCH = "dryrun-*"
KINDS = ("kept_to_dropped", "dropped_to_kept", "rule_changed")
BEFORE = "_dryrun_before"
# the drop that set each sample's status (review-held drops set nothing), among the preview's runs or before them
_DROP = """SELECT sample_id, stage, step FROM decisions
    WHERE decision = 'drop' AND coalesce(json_extract_string(details, '$.review_held'), '') <> 'true'
      AND {runs} QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY created_at DESC, seq DESC) = 1"""
FLIPS = f"""
WITH nd AS ({_DROP.format(runs="list_contains($runs, run_id)")}),
     od AS ({_DROP.format(runs="NOT list_contains($runs, run_id)")})
SELECT b.sample_id,
       CASE WHEN b.status = 'active' THEN 'kept_to_dropped' WHEN a.status = 'active' THEN 'dropped_to_kept'
            ELSE 'rule_changed' END AS kind,
       CASE WHEN a.status = 'active' THEN od.stage ELSE nd.stage END AS stage,
       CASE WHEN a.status = 'active' THEN od.step ELSE nd.step END AS rule,
       CASE WHEN b.status = 'dropped' AND a.status = 'dropped' THEN od.step END AS from_rule
FROM {BEFORE} b JOIN samples a USING (sample_id)
LEFT JOIN nd USING (sample_id) LEFT JOIN od USING (sample_id)
WHERE b.status <> a.status
   OR (b.status = 'dropped' AND a.status = 'dropped' AND nd.step IS NOT NULL
       AND (nd.stage, nd.step) IS DISTINCT FROM (od.stage, od.step))
ORDER BY b.sample_id
"""


@dataclass
class Flip:
    sample_id: str
    kind: str  # one of KINDS
    stage: str | None
    rule: str | None  # the step: whose drop now applies (kept → dropped, rule changed) or was undone
    from_rule: str | None = None  # rule changed: the step whose drop applied before


@dataclass
class DryRun:
    recipe: str
    stages: list[dict[str, Any]]  # per stage: status, in, kept, dropped, restored (what the run would record)
    flips: list[Flip]
    seconds: float
    copy_seconds: float
    samples: int
    compare_seconds: float = 0.0  # the flips query, after the stages

    def summary(self, examples: int = 5) -> dict[str, Any]:
        """The report: per rule, how many samples would flip each way, with a few example ids."""
        return {
            "recipe": self.recipe,
            "samples": self.samples,
            "seconds": round(self.seconds, 3),
            "copy_seconds": round(self.copy_seconds, 3),
            "compare_seconds": round(self.compare_seconds, 3),
            "stage_seconds": {r["stage"]: r["seconds"] for r in self.stages},
            "stages": self.stages,
            "totals": {k: sum(1 for f in self.flips if f.kind == k) for k in KINDS},
            "rules": per_rule(self.flips, examples),
        }


def per_rule(flips: list[Flip], examples: int = 5) -> list[dict[str, Any]]:
    """One row per (stage, rule): counts of each kind of flip, up to `examples` sample ids of each, and for rule
    changes the rules that dropped those samples before."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in flips:
        key = (f.stage or "?", f.rule or "?")
        new = {"stage": key[0], "rule": key[1], **dict.fromkeys(KINDS, 0), "examples": {}, "from_rules": {}}
        row = rows.setdefault(key, new)
        row[f.kind] += 1
        shown = row["examples"].setdefault(f.kind, [])
        if len(shown) < examples:
            shown.append(f.sample_id)
        if f.from_rule:
            row["from_rules"][f.from_rule] = row["from_rules"].get(f.from_rule, 0) + 1
    return sorted(rows.values(), key=lambda r: (-sum(r[k] for k in KINDS), r["stage"], r["rule"]))


Progress = Callable[[str, int, int], None]


def dry_run(
    ws: Workspace,
    recipe: Recipe,
    stages: list[StagePlan],
    executor: str = "local",
    workers: int = 2,
    progress: Progress | None = None,
) -> DryRun:
    """Run the stages on a scratch copy of the catalog and return what would flip; the catalog is not changed."""
    from curator.engine.runner import run_recipe

    t0 = time.perf_counter()
    if ws.tmp_dir.exists():
        sweep(ws.tmp_dir, SCRATCH)  # previews that died
    folder = ws.tmp_dir / new_run_id("dryrun")
    owner = claim(folder)
    try:
        with private_files():
            folder.mkdir(mode=0o700)
            scratch, samples = copy_workspace(ws, folder / "ws")
            copied = time.perf_counter() - t0
            fault_point("dryrun.copied")  # killed here: the copy (raw zone) stays until a sweep
            reports = run_recipe(scratch, recipe, stages, executor, workers, progress)
            ran = time.perf_counter()
            runs = [r.run_id for r in reports if r.run_id]
            with connect(scratch, read_only=True) as con:
                rows = con.execute(FLIPS, {"runs": runs}).fetchall()
            compared = time.perf_counter() - ran
    finally:
        release(folder, owner)
    flips = [Flip(*r) for r in rows]
    stages_out = [_stage(r) for r in reports]
    return DryRun(recipe.path, stages_out, flips, time.perf_counter() - t0, copied, samples, compared)


def _stage(report: Any) -> dict[str, Any]:
    c = report.counts
    keys = ("in", "kept", "dropped", "modified", "restored", "held_by_review")
    out = {"stage": report.stage, "status": report.status, **{k: c.get(k, 0) for k in keys}}
    return {**out, "seconds": round(report.seconds, 3)}


def copy_workspace(ws: Workspace, home: Path) -> tuple[Workspace, int]:
    """A scratch workspace at `home` whose catalog is a copy of ws's, with each sample's status saved in
    `_dryrun_before`; returns it and the number of samples. ws's catalog is opened read-only only."""
    scratch = Workspace(home)
    for sub in ("", *SUBDIRS):
        (home / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    with connect(ws, read_only=True) as con:  # no writer can open the file meanwhile: a consistent copy
        n = int(con.execute("SELECT count(*) FROM samples").fetchall()[0][0])
        shutil.copyfile(ws.catalog_path, scratch.catalog_path)
        if ws.wal_path.exists():  # left by a writer that died: replayed when the copy opens
            shutil.copyfile(ws.wal_path, scratch.wal_path)
    with connect(scratch) as con:
        con.execute(f"CREATE TABLE {BEFORE} AS SELECT sample_id, status, status_stage, status_reason FROM samples")
    return scratch, n
