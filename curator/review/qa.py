"""The Annotation QA page: Krippendorff's alpha, pairwise Cohen's kappa, per-annotator table, confusion of
annotators' labels against the resolved label, and the disagreement / relabel queue. All computed in DuckDB.
"""

from __future__ import annotations

from typing import Any

import duckdb

from curator.review.db import columns, dicts, has, scalar

NEEDS = "No annotations yet: run `curator annotate push`, label in Label Studio, then `curator annotate pull`."
ANNOTATOR_COLUMNS = ("annotator", "annotator_id", "completed_by", "user_id", "annotator_email")


def annotator_column(con: duckdb.DuckDBPyConnection) -> str | None:
    """The annotations table's annotator column (the labeling area names it), or None when there is none."""
    if not has(con, "annotations"):
        return None
    cols = columns(con, "annotations")
    if not {"sample_id", "label"} <= cols:
        return None
    return next((c for c in ANNOTATOR_COLUMNS if c in cols), None)


def _labeling(cols: set[str]) -> str:
    """The annotations of labeling projects: answers of an audit project (`curator audit decisions`: right/wrong
    about a rule's decision) are not labels."""
    if "project" not in cols:
        return "annotations"
    return "(SELECT * FROM annotations WHERE project NOT IN (SELECT name FROM ls_projects WHERE task_type = 'audit'))"


def _votes(col: str, cols: set[str]) -> str:
    """One row per (sample, annotator): that annotator's latest label, skipping deleted and cancelled ones."""
    live = "".join(f" AND NOT coalesce({c}, false)" for c in ("deleted", "was_cancelled") if c in cols)
    order = "coalesce(updated_at, created_at)" if {"updated_at", "created_at"} <= cols else "rowid"
    return (
        f"SELECT sample_id, CAST({col} AS VARCHAR) AS annotator, arg_max(label, {order}) AS label "
        f"FROM {_labeling(cols)} WHERE label IS NOT NULL{live} GROUP BY 1, 2"
    )


def krippendorff_alpha(con: duckdb.DuckDBPyConnection, votes_sql: str) -> float | None:
    """Nominal alpha from the coincidence matrix, over samples with at least two votes."""
    sql = (
        f"WITH v AS ({votes_sql}), m AS (SELECT sample_id, count(*) AS m FROM v GROUP BY 1 HAVING count(*) > 1), "
        "nc AS (SELECT v.sample_id, v.label, count(*) AS n, any_value(m.m) AS m FROM v JOIN m USING (sample_id) "
        "GROUP BY 1, 2), o AS (SELECT a.label AS c, b.label AS k, "
        "sum(a.n * (b.n - CASE WHEN a.label = b.label THEN 1 ELSE 0 END) / (a.m - 1)) AS o "
        "FROM nc a JOIN nc b USING (sample_id) GROUP BY 1, 2), "
        "marg AS (SELECT c, sum(o) AS n_c FROM o GROUP BY 1), tot AS (SELECT sum(n_c) AS n FROM marg) "
        "SELECT (SELECT sum(o) FROM o WHERE c <> k) AS d_o, "
        "(SELECT sum(a.n_c * b.n_c) FROM marg a JOIN marg b ON a.c <> b.c) AS d_e, (SELECT n FROM tot) AS n"
    )
    d_o, d_e, n = con.execute(sql).fetchone()
    if not n or not d_e:
        return None
    return 1.0 - (n - 1) * (d_o or 0.0) / d_e


def pairwise_kappa(con: duckdb.DuckDBPyConnection, votes_sql: str, min_shared: int = 5) -> list[dict[str, Any]]:
    """Cohen's kappa for each pair of annotators who labelled at least `min_shared` samples in common."""
    return dicts(
        con,
        (
            f"WITH v AS ({votes_sql}), p AS (SELECT a.annotator AS a, b.annotator AS b, a.label AS la, b.label AS lb "
            "FROM v a JOIN v b ON a.sample_id = b.sample_id AND a.annotator < b.annotator), "
            "n AS (SELECT a, b, count(*) AS shared, avg(CASE WHEN la = lb THEN 1.0 ELSE 0.0 END) AS p_o FROM p "
            "GROUP BY 1, 2 HAVING count(*) >= ?), "
            "ma AS (SELECT a, b, la AS c, count(*) AS n FROM p GROUP BY 1, 2, 3), "
            "mb AS (SELECT a, b, lb AS c, count(*) AS n FROM p GROUP BY 1, 2, 3), "
            "e AS (SELECT n.a, n.b, sum(ma.n * mb.n) / (any_value(n.shared) ^ 2) AS p_e FROM n "
            "JOIN ma ON ma.a = n.a AND ma.b = n.b JOIN mb ON mb.a = n.a AND mb.b = n.b AND mb.c = ma.c GROUP BY 1, 2) "
            "SELECT n.a AS annotator_a, n.b AS annotator_b, n.shared, round(n.p_o, 4) AS agreement, "
            "round(CASE WHEN coalesce(e.p_e, 0) < 1 "
            "THEN (n.p_o - coalesce(e.p_e, 0)) / (1 - coalesce(e.p_e, 0)) END, 4)"
            " AS kappa FROM n LEFT JOIN e USING (a, b) ORDER BY n.shared DESC, 1, 2 LIMIT 100"
        ),
        [min_shared],
    )


def per_annotator(con: duckdb.DuckDBPyConnection, votes_sql: str) -> list[dict[str, Any]]:
    """Per annotator: samples labelled, and agreement with the resolved label where there is one."""
    resolved = has(con, "labels")
    join = "LEFT JOIN labels l USING (sample_id)" if resolved else ""
    agree = "avg(CASE WHEN l.label IS NULL THEN NULL WHEN v.label = l.label THEN 1.0 ELSE 0.0 END)"
    agree = agree if resolved else "NULL"
    return dicts(
        con,
        (
            f"WITH v AS ({votes_sql}) SELECT v.annotator, count(*) AS samples, count(DISTINCT v.label) AS labels_used, "
            f"round({agree}, 4) AS agrees_with_resolved FROM v {join} GROUP BY 1 ORDER BY 2 DESC LIMIT 500"
        ),
    )


def confusion(con: duckdb.DuckDBPyConnection, votes_sql: str) -> list[dict[str, Any]]:
    """Annotators' labels (predicted) against the resolved label (label): the cells of a heatmap."""
    if not has(con, "labels"):
        return []
    return dicts(
        con,
        (
            f"WITH v AS ({votes_sql}) SELECT l.label AS resolved, v.label AS annotated, count(*) AS n "
            "FROM v JOIN labels l USING (sample_id) GROUP BY 1, 2 ORDER BY 1, 2"
        ),
    )


def relabel_queue(con: duckdb.DuckDBPyConnection, status: str | None = "pending", limit: int = 200) -> dict[str, Any]:
    """The disagreement / relabel queue: counts by reason and status, and the top rows by priority."""
    if not has(con, "relabel_queue"):
        return {"counts": [], "rows": []}
    where, params = ("WHERE q.status = ?", [status]) if status else ("", [])
    counts = dicts(con, "SELECT reason, status, count(*) AS n FROM relabel_queue GROUP BY 1, 2 ORDER BY 3 DESC")
    rows = dicts(
        con,
        (
            "SELECT q.sample_id, q.reason, q.priority, q.status, q.created_at, s.status AS sample_status, "
            f"CAST(q.details AS VARCHAR) AS details FROM relabel_queue q JOIN samples s USING (sample_id) {where} "
            "ORDER BY q.priority DESC NULLS LAST, q.created_at DESC LIMIT ?"
        ),
        [*params, limit],
    )
    return {"counts": counts, "rows": rows}


def qa_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the page shows; `available` is false (and the rest empty) before annotations exist."""
    col = annotator_column(con)
    queue = relabel_queue(con)
    cols = columns(con, "annotations") if col else set()
    source = _labeling(cols)
    if col is None or not scalar(con, f"SELECT count(*) FROM {source}"):
        return {"available": False, "queue": queue}
    con.execute(f"CREATE OR REPLACE TEMP TABLE _votes AS {_votes(col, cols)}")
    votes = "SELECT * FROM _votes"  # computed once, read by every metric below
    return {
        "available": True,
        "annotations": int(scalar(con, f"SELECT count(*) FROM {source}")),
        "annotators": int(scalar(con, f"SELECT count(DISTINCT {col}) FROM {source}")),
        "samples": int(scalar(con, f"SELECT count(DISTINCT sample_id) FROM {source}")),
        "alpha": krippendorff_alpha(con, votes),
        "kappa": pairwise_kappa(con, votes),
        "per_annotator": per_annotator(con, votes),
        "confusion": confusion(con, votes),
        "queue": queue,
        "stored": stored_qa(con),
    }


def stored_qa(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The latest `curator annotate qa` run (gold accuracy, Fleiss' kappa, per annotator and pair), if any."""
    if not has(con, "qa_runs", "qa_annotators", "qa_pairs"):
        return None
    run = dicts(con, "SELECT * EXCLUDE (summary) FROM qa_runs ORDER BY created_at DESC LIMIT 1")
    if not run:
        return None
    rid = run[0]["run_id"]
    return {
        "run": run[0],
        "annotators": dicts(
            con,
            "SELECT * EXCLUDE (run_id, confusion) FROM qa_annotators WHERE run_id = ? ORDER BY n_annotations DESC",
            [rid],
        ),
        "pairs": dicts(con, "SELECT * EXCLUDE (run_id) FROM qa_pairs WHERE run_id = ? ORDER BY n_common DESC", [rid]),
    }
