"""The read phase of build-split: candidates → exclusions → duplicate groups → parts → version and audit.

Pure computation on a read-only connection; nothing is written here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.splits import audit, candidates, keys
from curator.splits.left_out import describe, excluded_entries
from curator.splits.options import PARTS, SplitOptions
from curator.splits.stratified import balance, split_stratified
from curator.splits.timesplit import split_by_time
from curator.splits.version import content_hash, version_id

Step = Callable[[str], None]


@dataclass
class Plan:
    opts: SplitOptions
    members: pa.Table  # sample_id, text_hash, label, part (+ dup_cluster)
    content_hash: str
    candidates: dict[str, Any]
    balance: dict[str, Any]
    groups: dict[str, Any]
    leakage: dict[str, Any]
    payload: pa.Table  # members with part and the allow-listed columns (not the text), ordered by sample_id
    labels: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return version_id(self.content_hash)


def _exclusions(cand: candidates.Candidates, opts: SplitOptions) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Mask of samples kept, and the excluded ones by reason (classes too small, no timestamp)."""
    keep = np.ones(cand.n, dtype=bool)
    excluded: list[dict[str, Any]] = []
    per_class = np.bincount(cand.label_code, minlength=len(cand.labels))
    for code in np.nonzero(per_class < opts.min_per_class)[0]:
        keep &= cand.label_code != code
        excluded.append(
            {
                "reason": f"class_too_small (< --min-per-class {opts.min_per_class})",
                "label": cand.labels[code],
                "samples": int(per_class[code]),
            }
        )
    if opts.by_time:
        no_time = cand.table.column("time").is_null().to_numpy(zero_copy_only=False) & keep
        if no_time.any():
            excluded.append({"reason": f"no {opts.by_time} timestamp", "label": None, "samples": int(no_time.sum())})
            keep &= ~no_time
    return keep, excluded


def _groups(con: duckdb.DuckDBPyConnection, t: pa.Table, opts: SplitOptions, step: Step) -> tuple[Any, ...]:
    """(component per sample or None, near links or None, text_hash codes)."""
    hash_code = candidates.codes(t.column("text_hash"))
    links = None
    if opts.near_dup:
        step("near-duplicate audit (minhash)")
        chunks = candidates.text_chunks(con, t.column("sample_id"), audit.CHUNK)
        links = audit.near_links(chunks, t.num_rows, opts.near_threshold)
    if not opts.grouped:
        return None, links, hash_code
    cluster_code = candidates.codes(t.column("dup_cluster"))
    comp = keys.components(t.num_rows, [cluster_code, hash_code], links)
    return comp, links, hash_code


def make_plan(con: duckdb.DuckDBPyConnection, opts: SplitOptions, step: Step = lambda _: None) -> Plan:
    step("loading candidates")
    cand = candidates.load(con, opts)
    keep, excluded = _exclusions(cand, opts)
    t = cand.table.filter(pa.array(keep))
    if t.num_rows == 0:
        raise_no_members(cand, excluded)
    stratum = _recode(cand.stratum_code[keep])
    comp, links, hash_code = _groups(con, t, opts, step)
    step("assigning parts")
    sizes = np.bincount(comp) if comp is not None else np.zeros(0, np.int64)
    if opts.by_time:
        times = t.column("time").to_numpy(zero_copy_only=False)
        parts, time_report = split_by_time(times, opts.ratios, opts.cutoffs, comp)
    else:
        key = keys.shuffle_keys(t.column("sample_id"), opts.seed)
        parts, time_report = split_stratified(stratum, key, opts.ratios, comp), {}
    bal = {**_balance_report(cand, keep, stratum, parts, opts), **time_report}
    part_names = pa.DictionaryArray.from_arrays(pa.array(parts, pa.int8()), pa.array(PARTS)).cast(pa.string())
    members = pa.table(
        {
            "sample_id": t.column("sample_id"),
            "text_hash": t.column("text_hash"),
            "label": t.column("label"),
            "part": part_names,
        }
    )
    payload = t.append_column("part", part_names)
    groups = {
        "grouped": opts.grouped,
        "multi_sample_groups": int((sizes > 1).sum()),
        "samples_in_groups": int(sizes[sizes > 1].sum()),
    }
    leak = audit.audit(members.column("sample_id").combine_chunks(), hash_code, parts, links, opts.near_threshold)
    info = {
        "funnel": cand.funnel,
        "candidates": cand.n,
        "members": t.num_rows,
        "excluded": excluded,
        "left_out": cand.left_out + excluded_entries(excluded),
    }
    labels = sorted(pc.unique(t.column("label")).to_pylist())
    return Plan(opts, members, content_hash(members), info, bal, groups, leak, payload, labels)


def _recode(codes: np.ndarray) -> np.ndarray:
    _, inverse = np.unique(codes, return_inverse=True)
    return inverse.reshape(-1).astype(np.int32)


def _balance_report(cand, keep, stratum, parts, opts: SplitOptions) -> dict[str, Any]:
    kept_codes = np.unique(cand.stratum_code[keep])
    b = balance(stratum, parts, opts.ratios, len(kept_codes))
    per = {"/".join(cand.strata[c]): d for c, d in zip(kept_codes.tolist(), b["per_stratum"], strict=True)}
    bound = "within one sample per stratum" if not opts.grouped else "as close as the duplicate groups allow"
    if opts.by_time:
        bound = "none: time order decides the parts"
    return {"max_abs_deviation": b["max_abs_deviation"], "per_stratum": per, "guarantee": bound}


def raise_no_members(cand: candidates.Candidates, excluded: list[dict[str, Any]]) -> None:
    from curator.errors import CuratorError

    raise CuratorError(
        f"all {cand.n} candidates excluded: {excluded}; left out: "
        + describe(cand.left_out + excluded_entries(excluded))
    )


def part_counts(members: pa.Table) -> dict[str, Any]:
    """Members per part and per part x label."""
    by = members.group_by(["part", "label"]).aggregate([("sample_id", "count")]).to_pylist()
    by_label: dict[str, dict[str, int]] = {p: {} for p in PARTS}
    for row in sorted(by, key=lambda r: (r["part"], r["label"])):
        by_label[row["part"]][row["label"]] = row["sample_id_count"]
    parts = {p: sum(by_label[p].values()) for p in PARTS}
    labels = sorted(set(pc.unique(members.column("label")).to_pylist()))
    return {"parts": parts, "by_label": by_label, "labels": labels}
