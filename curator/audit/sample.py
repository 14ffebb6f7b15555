"""Which decisions to audit: a stratified sample of each rule's standing decisions (`audit decisions`).

Per rule (a registered, versioned step): its drops that still stand (the sample is dropped by that decision),
stratified by reason class (the reason with numbers and ids blanked, so "language score 0.38 < 0.4" and "…0.12 <
0.4" are one stratum); for PII, its modifications of samples still active (what a split gets; the scrubbed text is
checked); and `near` samples per rule that were kept just inside its threshold (lowest score at or above it: the
score is in the keep decision, the threshold in the run's recorded recipe). A decision already audited is left out
unless `again`, and the counts are targets: a rule with 30 audited drops gets no more at `per_rule` 30 (so running
the same audit twice sends nothing; a new rule version, a new name, starts from zero).
Deterministic for a seed: the order inside a stratum is a hash of (seed, sample id).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb

from curator.errors import CuratorError
from curator.names import shown

STAGES = ("langid", "quality", "dedup", "pii")
NEAR_PARAM = "min_score"  # a keep decision's score is compared with this parameter of its step
_BLANK = re.compile(r"\bs[0-9a-f]{16}\b|(?<!\w)[-+]?\d[\d.,]*")

CANDIDATES = """
SELECT d.run_id, d.sample_id, d.seq, d.stage, d.step, d.decision, d.reason, d.score, d.details::VARCHAR AS details
FROM decisions d JOIN samples s USING (sample_id)
WHERE d.stage IN (SELECT unnest($stages::VARCHAR[])) AND position('+' IN d.step) = 0 AND ({which})
  AND ($again OR NOT EXISTS (SELECT 1 FROM audit_items a WHERE a.decision_run = d.run_id
                             AND a.sample_id = d.sample_id AND a.decision_seq = d.seq))
QUALIFY row_number() OVER (PARTITION BY d.sample_id, d.step ORDER BY d.created_at DESC, d.seq DESC) = 1
"""
DROPS = "d.decision = 'drop' AND s.status = 'dropped' AND s.status_stage = d.stage AND s.status_reason = d.reason"
MODIFIED = "d.decision = 'modify' AND d.stage = 'pii' AND s.pii_scrubbed AND s.status = 'active'"  # what splits get
KEPT = "d.decision = 'keep' AND d.stage <> 'pii' AND d.score IS NOT NULL AND s.status = 'active'"


@dataclass(frozen=True, kw_only=True)
class SampleOptions:
    stages: tuple[str, ...] = STAGES
    per_rule: int = 30
    near: int = 10
    seed: int = 0
    again: bool = False  # audit decisions that were audited before


def parse_stages(text: str) -> tuple[str, ...]:
    """`--stages langid,quality`: a one-line error for an unknown or empty list."""
    wanted = tuple(s.strip() for s in text.split(",") if s.strip())
    if not wanted or set(wanted) - set(STAGES):
        raise CuratorError(f"--stages {shown(text)}: use a comma-separated subset of {', '.join(STAGES)}")
    return wanted


def reason_class(reason: str | None) -> str:
    """The stratum of a reason: numbers and sample ids blanked."""
    return _BLANK.sub("#", reason or "")


def _order(seed: int, sample_id: str) -> str:
    return hashlib.sha256(f"{seed}:{sample_id}".encode()).hexdigest()


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split `total` over strata in proportion to their sizes, at least one per stratum while any is left
    (largest remainder; ties by name)."""
    n = sum(sizes.values())
    if n <= total:
        return dict(sizes)
    out = {k: min(v, 1) for k, v in sizes.items()}
    left = total - sum(out.values())
    if left <= 0:  # more strata than places: the biggest strata get one
        top = sorted(sizes, key=lambda k: (-sizes[k], k))[:total]
        return {k: int(k in top) for k in sizes}
    share = {k: left * v / n for k, v in sizes.items()}
    for k in sizes:
        out[k] = min(sizes[k], out[k] + int(share[k]))
    rest = total - sum(out.values())
    for k in sorted(sizes, key=lambda k: (-(share[k] - int(share[k])), k)):
        if rest <= 0:
            break
        if out[k] < sizes[k]:
            out[k], rest = out[k] + 1, rest - 1
    return out


def _rows(con: duckdb.DuckDBPyConnection, which: str, opts: SampleOptions) -> list[dict[str, Any]]:
    cur = con.execute(CANDIDATES.format(which=which), {"stages": list(opts.stages), "again": opts.again})
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def audited(con: duckdb.DuckDBPyConnection, opts: SampleOptions) -> dict[tuple[str, str], int]:
    """(rule, kind) → decisions audited already (none counted with `again`)."""
    if opts.again:
        return {}
    return {
        (s, k): n for s, k, n in con.execute("SELECT step, kind, count(*) FROM audit_items GROUP BY 1, 2").fetchall()
    }


def stratified(
    rows: list[dict[str, Any]], per_rule: int, seed: int, kind: str, done: dict[tuple[str, str], int] | None = None
) -> list[dict[str, Any]]:
    """per_rule rows of each rule (less those audited already), spread over its reason classes."""
    by_rule: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in rows:
        r = {**r, "kind": kind, "reason_class": reason_class(r["reason"])}
        by_rule.setdefault(r["step"], {}).setdefault(r["reason_class"], []).append(r)
    out = []
    for step in sorted(by_rule):
        strata = by_rule[step]
        want = max(per_rule - (done or {}).get((step, kind), 0), 0)
        quota = allocate({k: len(v) for k, v in strata.items()}, want)
        for cls in sorted(strata):
            ranked = sorted(strata[cls], key=lambda r: _order(seed, r["sample_id"]))
            out += ranked[: quota[cls]]
    return out


def thresholds(con: duckdb.DuckDBPyConnection, run_ids: set[str]) -> dict[tuple[str, str], float]:
    """(run_id, step) → the step's NEAR_PARAM in that run's recorded recipe."""
    out: dict[tuple[str, str], float] = {}
    for run_id, config in con.execute(
        "SELECT run_id, config::VARCHAR FROM runs WHERE run_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(run_ids)]
    ).fetchall():
        recipe = (json.loads(config or "{}") or {}).get("recipe") or {}
        for stage in recipe.get("stages") or []:
            for st in stage.get("steps") or []:
                value = (st.get("params") or {}).get(NEAR_PARAM)
                if isinstance(value, int | float):
                    out[(run_id, st.get("name"))] = float(value)
    return out


def near_threshold(con: duckdb.DuckDBPyConnection, opts: SampleOptions) -> list[dict[str, Any]]:
    """Per rule, the `near` kept samples whose score is lowest at or above the rule's threshold."""
    if opts.near <= 0:
        return []
    rows = _rows(con, KEPT, opts)
    limits = thresholds(con, {r["run_id"] for r in rows})
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        limit = limits.get((r["run_id"], r["step"]))
        if limit is not None and r["score"] >= limit:
            item = {**r, "kind": "near", "threshold": limit, "reason_class": reason_class(r["reason"])}
            by_rule.setdefault(r["step"], []).append(item)
    out, done = [], audited(con, opts)
    for step in sorted(by_rule):
        ranked = sorted(by_rule[step], key=lambda r: (r["score"], _order(opts.seed, r["sample_id"])))
        out += ranked[: max(opts.near - done.get((step, "near"), 0), 0)]
    return out


def select(con: duckdb.DuckDBPyConnection, opts: SampleOptions) -> list[dict[str, Any]]:
    """Every decision to audit now: drops and PII modifications per rule, then the near-threshold keeps."""
    done = audited(con, opts)
    picked = stratified(_rows(con, DROPS, opts), opts.per_rule, opts.seed, "drop", done)
    if "pii" in opts.stages:
        picked += stratified(_rows(con, MODIFIED, opts), opts.per_rule, opts.seed, "modify", done)
    picked += near_threshold(con, opts)
    for item in picked:
        details = json.loads(item.get("details") or "{}") or {}
        item["other_sample_id"] = details.get("keeper") if item["stage"] == "dedup" else None
    return picked
