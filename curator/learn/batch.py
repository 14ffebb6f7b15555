"""`annotate push --strategy …`: the eligible samples → a chosen batch of push items (gold and overlap decided
by push as for any batch), plus ActiveLab's 'more' items; `ChosenBatch.write` records why each was sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from curator.label.client import Project
from curator.label.push import PushOptions, eligible_rows, push, select_samples
from curator.learn.loops import holdout_members
from curator.learn.record import prediction_table, selection_rows, write_selection
from curator.learn.select import Selection, SelectOptions, select
from curator.workspace import Workspace


@dataclass
class ChosenBatch:
    strategy: str
    selection: Selection
    candidate_ids: list[str]
    loop: tuple[str, int] | None

    def write(self, con: duckdb.DuckDBPyConnection, run_id: str, project: str, items: list[dict[str, Any]]) -> None:
        """learn_selections, predictions and decisions for the items sent (items carry their task_id)."""
        rows = selection_rows(items, self.selection, self.strategy, self.loop)
        write_selection(con, run_id, project, rows, prediction_table(self.candidate_ids, self.selection, run_id))

    def counts(self) -> dict[str, Any]:
        sel = self.selection
        out = {"strategy": self.strategy, "model_id": sel.model_id, "candidates": len(self.candidate_ids)}
        out |= {"new": len(sel.picks), "more": len(sel.more)}
        return out | ({"embedding": sel.embedding} if sel.embedding else {})


def strategy_items(
    ws: Workspace, con: duckdb.DuckDBPyConnection, project: Project, opts: PushOptions
) -> tuple[list[dict[str, Any]], ChosenBatch]:
    """Push items for a strategy batch (opts.strategy set; opts.limit = the batch size, default 100)."""
    rows = eligible_rows(con, project, opts)
    if opts.loop:  # a `curator learn` loop never labels its holdout's test samples
        held = holdout_members(con, opts.loop[0])
        rows = [r for r in rows if r[0] not in held] if held else rows
    sopts = SelectOptions(
        strategy=opts.strategy,
        batch=opts.limit or 100,
        model=opts.model,
        seed=opts.seed,
        embedding=opts.embedding,
        relabel=opts.relabel,
    )
    sel = select(ws, con, project.name, rows, sopts)
    items = select_samples(con, project, opts, rows=[rows[i] for i in sel.picks])
    for rank, (it, score, gap) in enumerate(zip(items, sel.scores, sel.gaps, strict=True)):
        it.update(select_score=score, select_rank=rank, coverage_distance=gap)
    items += [_more_item(m, len(items) + i) for i, m in enumerate(sel.more)]
    return items, ChosenBatch(opts.strategy, sel, [r[0] for r in rows], opts.loop)


def _more_item(m: dict[str, Any], rank: int) -> dict[str, Any]:
    """One more annotation of a labeled sample: a task in its current round, so the vote joins the earlier ones."""
    return {
        "sample_id": m["sample_id"],
        "text": m["text"],
        "text_hash": m["text_hash"],
        "kind": "more",
        "gold_label": None,
        "label": None,
        "overlap": 1,
        "round": m["round"],
        "select_score": m["activelab_score"],
        "select_rank": rank,
    }


def push_strategy(ws: Workspace, opts: PushOptions) -> dict[str, Any]:
    """`annotate push --strategy S --model M`: push with the batch chosen here (curator.label.push does the rest)."""
    return push(ws, opts, choose=strategy_items if opts.strategy else None)
