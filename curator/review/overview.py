"""The Overview page: the funnel per stage, drops by stage × reason, per source, recent runs with their config."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.catalog import queries
from curator.review.db import dicts, has, scalar

FIRST_STEPS = (
    "curator ingest FILE --source NAME",
    "curator run pipelines/default.yaml",
    "curator annotate push / pull",
    "curator build-split NAME",
    "curator train SPLIT",
)


def overview(con: duckdb.DuckDBPyConnection, last_runs: int = 20) -> dict[str, Any]:
    """Everything the Overview page shows; `empty` is true when nothing has been ingested yet."""
    st = queries.status(con, last_runs)
    st["empty"] = st["samples"] == 0
    st["drops_by_stage_reason"] = dicts(
        con,
        (
            "SELECT stage, reason, count(*) AS decisions, count(DISTINCT sample_id) AS samples FROM decisions "
            "WHERE decision = 'drop' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 200"
        ),
    )
    st["reviews"] = int(scalar(con, "SELECT count(*) FROM reviews") or 0) if has(con, "reviews") else 0
    st["raw_views"] = int(scalar(con, "SELECT count(*) FROM raw_text_views") or 0) if has(con, "raw_text_views") else 0
    st["scrubbed"] = int(scalar(con, "SELECT count(*) FROM samples WHERE pii_scrubbed") or 0)
    st["next_steps"] = next_steps(con, st)
    return st


def next_steps(con: duckdb.DuckDBPyConnection, st: dict[str, Any]) -> list[str]:
    """What to run next, for the pages that have nothing to show yet."""
    out = []
    if st["samples"] == 0:
        out.append("No samples yet: run `curator ingest FILE --source NAME` (see `curator ingest --help`).")
    if st["samples"] and not any(r["stage"] not in (None, "ingest", "review") for r in st["runs"]):
        out.append("No curation stage has run: `curator run pipelines/default.yaml`.")
    if not (has(con, "labels") and scalar(con, "SELECT count(*) FROM labels")):
        out.append("No resolved labels: `curator annotate push`, then `curator annotate pull`.")
    if not (has(con, "splits") and scalar(con, "SELECT count(*) FROM splits")):
        out.append("No split: `curator build-split NAME`.")
    if not (has(con, "models") and scalar(con, "SELECT count(*) FROM models")):
        out.append("No model: `curator train SPLIT`.")
    return out
