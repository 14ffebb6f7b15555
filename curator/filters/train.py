"""`curator train-filter NAME --from reviews|audits|FILE`: examples → dev hold-out → fastText → folder, card, row.

In order: gather the examples (curator.filters.examples / .labeled) → hold out a seeded share per label → fit on the
rest → p(drop) on the dev part (figures at 0.5 / 0.8 / 0.9) → save model.bin and the card → reload from disk and
check it reproduces the in-memory probabilities → record the `quality_filters` row and the run. The folder is
claimed while it is written, so a killed train leaves nothing a sweep would not remove.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from curator.catalog import Run, connect, utcnow
from curator.catalog.lock import writer_lock
from curator.catalog.runs import code_version, new_run_id
from curator.catalog.scratch import claimed
from curator.filters import examples as ex_mod
from curator.filters.labeled import read_labeled
from curator.filters.model import FilterConfig, dev_figures, fit, hold_out, p_drop
from curator.filters.store import KIND, record, write_card
from curator.names import check_identifier
from curator.train.card import check_reload
from curator.train.fasttext_model import load_fasttext
from curator.workspace import Workspace

SOURCES = ("reviews", "audits")
TEXT = "the text the quality stage judges: the raw original (before PII scrubbing) where one is kept"


def gather(ws: Workspace, source: str) -> ex_mod.Examples:
    """The examples of `source`: reviews, audits, or the path of a labeled file."""
    if source not in SOURCES:
        return read_labeled(Path(source))
    with writer_lock(ws, "train-filter"), connect(ws, quiet=True) as con:  # writable: applies 0015 if pending
        return ex_mod.from_reviews(con) if source == "reviews" else ex_mod.from_audits(con)


def _counts(ex: ex_mod.Examples, train: list[int], dev: list[int]) -> dict[str, Any]:
    part = {name: Counter(ex.labels[i] for i in idx) for name, idx in (("train", train), ("dev", dev))}
    out: dict[str, Any] = {name: {lab: c[lab] for lab in ex_mod.LABELS} for name, c in part.items()}
    out["skipped"] = dict(sorted(ex.skipped.items()))
    kinds = Counter(k for k in ex.kinds if k)
    if kinds:
        out["kinds"] = dict(sorted(kinds.items()))
    return out


def train_filter(ws: Workspace, name: str, source: str, cfg: FilterConfig | None = None) -> dict[str, Any]:
    """Train, save, verify and register a filter; returns its card."""
    check_identifier(name, "filter name")
    cfg = cfg or FilterConfig()
    cfg.check()
    ex = gather(ws, source)
    ex.check()
    train, dev = hold_out(ex, cfg.dev_share, cfg.seed)
    run = Run("train-filter", {"name": name, "source": source, "config": cfg.to_dict()})
    filter_id = new_run_id(f"filter-{name}")  # filter-NAME-<UTC stamp>-<6 hex>
    folder = ws.models_dir / filter_id
    with claimed(folder):
        folder.mkdir(parents=True)
        dev_texts = [ex.texts[i] for i in dev]
        check = dev_texts or [ex.texts[i] for i in train[:64]]  # the reload check needs texts: dev, or some
        trained = fit([ex.texts[i] for i in train], [ex.labels[i] for i in train], cfg, folder, check)
        figures = dev_figures([ex.labels[i] for i in dev], trained) if dev else None
        card = _card(filter_id, name, ex, cfg, _counts(ex, train, dev), figures, run.run_id)
        write_card(folder, card)
        check_reload(folder, _two(p_drop(load_fasttext(folder), check)), _two(trained))
        record(ws, run, card, folder)
    return {**card, "path": str(folder), "run_id": run.run_id}


def _card(
    filter_id: str,
    name: str,
    ex: ex_mod.Examples,
    cfg: FilterConfig,
    counts: dict[str, Any],
    figures: dict[str, Any] | None,
    run_id: str,
) -> dict[str, Any]:
    return {
        "filter_id": filter_id,
        "name": name,
        "kind": KIND,
        "labels": list(ex_mod.LABELS),
        "source": ex.source,
        "source_ref": ex.source_ref,
        "text": TEXT,
        "raw_zone": True,
        "counts": counts,
        "config": cfg.to_dict(),
        "dev": figures,
        "run_id": run_id,
        "code_version": code_version(),
        "created_at": utcnow().isoformat(),
    }


def _two(p: np.ndarray) -> np.ndarray:
    """(n, 2) probabilities of keep and drop, as curator.train.card.check_reload compares them."""
    return np.stack([1.0 - p, p], axis=1)
