"""What a strategy chose, written in push's transaction: `learn_selections` rows, the scored candidates'
predictions (`predictions`, part 'unlabeled', with the model id) and one 'flag' decision per task sent, so
`curator explain SAMPLE` says why it was sent (strategy, score, model, rank)."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from curator.catalog import decisions, utcnow
from curator.catalog.bulk import insert_rows
from curator.learn.select import Selection
from curator.learn.strategies import MEANING


def selection_rows(
    items: list[dict[str, Any]], sel: Selection, strategy: str, loop: tuple[str, int] | None
) -> list[dict[str, Any]]:
    """One learn_selections row per item sent (items carry sample_id, task_id, kind, select_score, select_rank)."""
    base = {"strategy": strategy, "model_id": sel.model_id, "loop": loop[0] if loop else None}
    return [
        {
            **base,
            "sample_id": it["sample_id"],
            "score": it["select_score"],
            "rank": it["select_rank"],
            "kind": "more" if it["kind"] == "more" else "new",
            "loop_round": loop[1] if loop else None,
            "details": json.dumps(_details(it, sel, strategy)),
        }
        for it in items
    ]


def _details(it: dict[str, Any], sel: Selection, strategy: str) -> dict[str, Any]:
    if it["kind"] == "more":
        return {"policy": "activelab", "activelab_score": it["select_score"], "task_id": it.get("task_id")}
    out: dict[str, Any] = {"score_is": MEANING[strategy], "task_id": it.get("task_id")}
    if it.get("coverage_distance") is not None:
        out["coverage_distance"] = round(it["coverage_distance"], 4)
    if sel.embedding:
        out["embedding"] = sel.embedding
    return out


def decision_rows(rows: list[dict[str, Any]], project: str) -> list[dict[str, Any]]:
    out = []
    for i, r in enumerate(rows):
        more = r["kind"] == "more"
        details = {**json.loads(r["details"]), "strategy": r["strategy"], "model_id": r["model_id"], "rank": r["rank"]}
        details.update(project=project, loop=r["loop"], round=r["loop_round"])
        out.append(
            {
                "sample_id": r["sample_id"],
                "step": "activelab_v1" if more else f"select_{r['strategy']}_v1",
                "decision": "flag",
                "reason": "one_more_annotation" if more else f"selected_{r['strategy']}",
                "score": r["score"],
                "details": json.dumps(details),
                "seq": i,
            }
        )
    return out


def prediction_table(sample_ids: list[str], sel: Selection, run_id: str) -> pa.Table | None:
    """The model's prediction on every scored candidate (label NULL: not labeled yet), part 'unlabeled'."""
    if sel.proba is None or sel.model_id is None or len(sample_ids) == 0:
        return None
    best = sel.proba.argmax(axis=1)
    n = len(sample_ids)
    return pa.table(
        {
            "run_id": pa.array([run_id] * n, pa.string()),
            "model_id": pa.array([sel.model_id] * n, pa.string()),
            "sample_id": pa.array(sample_ids, pa.string()),
            "part": pa.array(["unlabeled"] * n, pa.string()),
            "label": pa.nulls(n, pa.string()),
            "predicted": pa.array(np.asarray(sel.labels, dtype=object)[best].tolist(), pa.string()),
            "score": pa.array(sel.proba[np.arange(n), best].astype(np.float64)),
            "created_at": pa.array([utcnow()] * n, pa.timestamp("us")),
        }
    )


def write_selection(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    project: str,
    rows: list[dict[str, Any]],
    predictions: pa.Table | None,
) -> None:
    """Insert selections, predictions and decisions (inside the caller's transaction)."""
    now = utcnow()
    insert_rows(con, "learn_selections", [{**r, "run_id": run_id, "project": project, "created_at": now} for r in rows])
    if predictions is not None:
        con.register("_learn_predictions", predictions)
        try:
            con.execute("INSERT INTO predictions BY NAME SELECT * FROM _learn_predictions")
        finally:
            con.unregister("_learn_predictions")
    decisions.write(con, decision_rows(rows, project), run_id=run_id, stage="label", now=now)
