"""`curator monitor NAME --to-labeling PROJECT --limit N`: the production samples the model is unsure of, or that
drifted away from its training data, go to Label Studio through active learning's selection (curator.learn).

Candidates: production samples of the monitored range that `annotate push` may send (active, scrubbed, not
labeled, not yet a task of PROJECT) and that are
- low-confidence: the monitored model's top probability under `--low-confidence`, or
- drifted: a language under 1% of the training split's train part, or a length outside its 1st-99th percentile.
Among them the strategy (margin by default) picks at most N, one per duplicate cluster; push records the choice
(learn_selections, a `flag` decision per sample that `curator explain` shows)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from curator.label.client import Project
from curator.label.push import PushOptions, eligible_rows, push, select_samples
from curator.learn.batch import ChosenBatch
from curator.learn.record import prediction_table, selection_rows, write_selection
from curator.learn.select import SelectOptions, select
from curator.learn.strategies import check_strategy
from curator.monitor.options import MonitorOptions
from curator.workspace import Workspace

RARE_LANGUAGE = 0.01
REASONS = ("low_confidence", "rare_language", "unusual_length")

CANDIDATES_SQL = """
SELECT s.sample_id,
       p.score < ? AS low_confidence,
       (coalesce(s.language, 'und') NOT IN (SELECT unnest(?::VARCHAR[])) AND ?) AS rare_language,
       (length(s.text) < ? OR length(s.text) > ?) AS unusual_length
FROM samples s
LEFT JOIN (SELECT sample_id, arg_max(score, created_at) AS score FROM predictions
           WHERE model_id = ? AND part = 'production' GROUP BY 1) p USING (sample_id)
WHERE s.source = ? AND s.status = 'active' AND s.pii_scrubbed
  AND coalesce(s.created_at, s.ingested_at) >= coalesce(?::TIMESTAMP, TIMESTAMP '1970-01-01')
"""


@dataclass(frozen=True, kw_only=True)
class LabelingOptions:
    project: str
    limit: int = 50
    strategy: str = "margin"
    seed: int = 0
    embedding: str = "minilm"  # diverse only


@dataclass
class MonitorBatch(ChosenBatch):
    """Active learning's record of the batch, with why monitor made each sample a candidate (in learn_selections'
    details and the `flag` decision `curator explain` shows)."""

    why: dict[str, list]

    def write(self, con: duckdb.DuckDBPyConnection, run_id: str, project: str, items: list[dict[str, Any]]) -> None:
        rows = selection_rows(items, self.selection, self.strategy, self.loop)
        for r in rows:
            r["details"] = json.dumps({**json.loads(r["details"]), "monitor": self.why.get(r["sample_id"], [])})
        write_selection(con, run_id, project, rows, prediction_table(self.candidate_ids, self.selection, run_id))


def candidates(con: duckdb.DuckDBPyConnection, mopts: MonitorOptions, monitored: dict[str, Any]) -> dict[str, list]:
    """sample_id → why it is a candidate (low_confidence, rare_language, unusual_length), for the monitored range."""
    ref = monitored["reference"]
    total = sum(ref["languages"].values())
    common = [lang for lang, n in ref["languages"].items() if n >= RARE_LANGUAGE * total]
    lo, hi = ref["length_range"] or (0.0, float("inf"))
    params = [mopts.low_confidence, common, bool(common), lo, hi, monitored["model_id"], mopts.source, mopts.since]
    out: dict[str, list] = {}
    for sid, *flags in con.execute(CANDIDATES_SQL, params).fetchall():
        why = [name for name, on in zip(REASONS, flags, strict=True) if on]
        if why:
            out[sid] = why
    return out


def to_labeling_push(
    ws: Workspace, mopts: MonitorOptions, monitored: dict[str, Any], lopts: LabelingOptions
) -> dict[str, Any]:
    """Push at most `lopts.limit` candidates chosen by the strategy on the monitored model's predictions."""
    check_strategy(lopts.strategy)
    why: dict[str, list] = {}

    def choose(
        ws: Workspace, con: duckdb.DuckDBPyConnection, project: Project, opts: PushOptions
    ) -> tuple[list[dict[str, Any]], ChosenBatch]:
        why.update(candidates(con, mopts, monitored))
        rows = [r for r in eligible_rows(con, project, opts) if r[0] in why]
        sopts = SelectOptions(
            strategy=lopts.strategy,
            batch=lopts.limit,
            model=monitored["model_id"],
            seed=lopts.seed,
            embedding=lopts.embedding,
        )
        sel = select(ws, con, project.name, rows, sopts) if rows else _empty(monitored["model_id"])
        items = select_samples(con, project, opts, rows=[rows[i] for i in sel.picks])
        for rank, (it, score, gap) in enumerate(zip(items, sel.scores, sel.gaps, strict=True)):
            it.update(select_score=score, select_rank=rank, coverage_distance=gap, monitor_why=why[it["sample_id"]])
        return items, MonitorBatch(lopts.strategy, sel, [r[0] for r in rows], None, why)

    popts = PushOptions(
        project=lopts.project, limit=lopts.limit, strategy=lopts.strategy, model=monitored["model_id"], seed=lopts.seed
    )
    res = push(ws, popts, choose=choose)
    sent = dict.fromkeys(REASONS, 0)
    for reasons in (why[s] for s in _sent_ids(ws, res["run_id"])):
        for r in reasons:
            sent[r] += 1
    return {**res, "candidates_by_reason": _by_reason(why), "sent_by_reason": sent}


def _empty(model_id: str) -> Any:
    from curator.learn.select import Selection

    return Selection(picks=[], scores=[], gaps=[], model_id=model_id)


def _by_reason(why: dict[str, list]) -> dict[str, int]:
    out = dict.fromkeys(REASONS, 0)
    for reasons in why.values():
        for r in reasons:
            out[r] += 1
    return out


def _sent_ids(ws: Workspace, run_id: str) -> list[str]:
    from curator.catalog import connect

    with connect(ws, read_only=True) as con:
        return [r[0] for r in con.execute("SELECT sample_id FROM ls_tasks WHERE run_id = ?", [run_id]).fetchall()]
