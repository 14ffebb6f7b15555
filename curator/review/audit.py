"""The Rule audit page: each curation rule's audited precision with its 95% interval (`curator audit report`),
and what is still waiting for answers. Reads only; the figures are computed and stored by curator.audit.report."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import dicts, has

NEEDS = (
    "No rule audit yet: run `curator audit decisions --project NAME`, answer the tasks in Label Studio, "
    "`curator annotate pull --project NAME`, then `curator audit report`."
)


def rules(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The latest stored figures of each rule (empty before the first report)."""
    if not has(con, "rule_audits"):
        return []
    from curator.audit.report import latest

    return latest(con)


def pending(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Audit tasks per rule and kind: sent, and answered (a valid answer pulled)."""
    if not has(con, "audit_items", "annotations"):
        return []
    return dicts(
        con,
        "SELECT i.step AS rule, i.kind, count(*) AS sent, count(*) FILTER (a.task_id IS NOT NULL) AS answered "
        "FROM audit_items i LEFT JOIN (SELECT DISTINCT project, task_id FROM annotations "
        "WHERE NOT deleted AND NOT was_cancelled AND label IS NOT NULL) a USING (project, task_id) "
        "GROUP BY ALL ORDER BY 1, 2",
    )


def chart_rows(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per rule with a precision: point and interval for the plot."""
    return [
        {
            "rule": r["step"],
            "precision": round(r["precision"], 4),
            "low": round(r["ci_low"], 4),
            "high": round(r["ci_high"], 4),
            "audited": r["n_right"] + r["n_wrong"],
            "flagged": bool(r["flagged"]),
        }
        for r in figures
        if r["precision"] is not None
    ]
