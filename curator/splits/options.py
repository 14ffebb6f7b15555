"""The parameters of `curator build-split`, parsed and validated once (one-line errors)."""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, asdict, dataclass
from datetime import datetime
from typing import Any

from curator.errors import CuratorError
from curator.names import check_identifier

PARTS = ("train", "val", "test")
LABEL_SOURCES = ("resolved", "source", "resolved_or_source")
GROUP_BY = ("dup_cluster", "none")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")  # fullmatch: `$` would match before a trailing newline


@dataclass(frozen=True)
class SplitOptions:
    """What to split and how. `stratify` always starts with "label"."""

    name: str
    _: KW_ONLY  # SplitOptions("tickets", label_source="source"): every option by name
    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1)
    stratify: tuple[str, ...] = ("label",)
    group_by: str = "dup_cluster"
    by_time: str | None = None
    cutoffs: tuple[str, ...] = ()
    seed: int = 13
    label_source: str = "resolved"
    min_per_class: int = 3
    where: str | None = None
    near_dup: bool = True
    near_threshold: float = 0.8

    @property
    def mode(self) -> str:
        return "time" if self.by_time else "stratified"

    @property
    def grouped(self) -> bool:
        return self.group_by != "none"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratios"], out["stratify"], out["cutoffs"] = list(self.ratios), list(self.stratify), list(self.cutoffs)
        return out


def parse_ratios(text: str) -> tuple[float, float, float]:
    """ "0.8,0.1,0.1" → (0.8, 0.1, 0.1); three non-negative numbers summing to 1 (percentages accepted)."""
    try:
        vals = [float(x) for x in text.split(",")]
    except ValueError:
        raise CuratorError(f"--ratios {text!r}: give three numbers, e.g. 0.8,0.1,0.1") from None
    if len(vals) != 3 or any(v < 0 for v in vals):
        raise CuratorError(f"--ratios {text!r}: give three non-negative numbers for train,val,test")
    total = sum(vals)
    if abs(total - 100) < 1e-6:
        vals = [v / 100 for v in vals]
    elif abs(total - 1) > 1e-6:
        raise CuratorError(f"--ratios {text!r}: they sum to {total:g}, not 1")
    if vals[0] <= 0:
        raise CuratorError(f"--ratios {text!r}: train must get a positive share")
    return vals[0], vals[1], vals[2]


def parse_list(text: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (text or "").split(",") if x.strip())


def parse_cutoffs(text: str | None) -> tuple[str, ...]:
    """Two ISO timestamps T1 < T2: train before T1, val before T2, test from T2 on."""
    cuts = parse_list(text)
    if not cuts:
        return ()
    if len(cuts) != 2:
        raise CuratorError(f"--cutoffs {text!r}: give two timestamps T1,T2 (train < T1 <= val < T2 <= test)")
    try:
        t1, t2 = (datetime.fromisoformat(c) for c in cuts)
    except ValueError as exc:
        raise CuratorError(f"--cutoffs {text!r}: {exc}") from None
    if not t1 < t2:
        raise CuratorError(f"--cutoffs {text!r}: T1 must be before T2")
    return cuts


def validate(opts: SplitOptions) -> SplitOptions:
    """Raise a one-line CuratorError for anything unusable; returns opts."""
    check_identifier(opts.name, "split name")  # a folder under splits/: full match, no '..', '/', '@' or newline
    if opts.label_source not in LABEL_SOURCES:
        raise CuratorError(f"--label-source {opts.label_source!r}: use {' or '.join(LABEL_SOURCES)}")
    if opts.group_by not in GROUP_BY:
        raise CuratorError(f"--group-by {opts.group_by!r}: use {' or '.join(GROUP_BY)}")
    if not opts.stratify or opts.stratify[0] != "label":
        raise CuratorError("--stratify must start with label (e.g. label,source)")
    for col in (*opts.stratify[1:], *([opts.by_time] if opts.by_time else [])):
        if not _IDENT.fullmatch(col):
            raise CuratorError(f"column {col!r}: a plain column or metadata field name")
    if opts.cutoffs and not opts.by_time:
        raise CuratorError("--cutoffs needs --by-time FIELD")
    if opts.min_per_class < 1:
        raise CuratorError("--min-per-class must be at least 1")
    if not 0 < opts.near_threshold <= 1:
        raise CuratorError("--near-threshold must be in (0, 1]")
    return opts
