"""`curator annotate qa`: agreement and per-annotator quality over the pulled annotations, stored per run.

The unit is the Label Studio task (a relabel task is a new unit, so earlier rounds do not mix with later ones).
Only valid annotations count: not deleted, not cancelled (skipped).
"""

from __future__ import annotations

import json
import statistics
from typing import Any

import duckdb
import pyarrow as pa

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.label import metrics
from curator.label.client import get_project
from curator.workspace import Workspace

ROWS_SQL = """
SELECT a.task_id, a.annotator, a.label, a.lead_time, a.simulated, t.kind, t.gold_label
FROM annotations a JOIN ls_tasks t ON t.project = a.project AND t.task_id = a.task_id
WHERE a.project = ? AND NOT a.deleted AND NOT a.was_cancelled AND a.label IS NOT NULL
ORDER BY a.task_id, a.annotator
"""


def annotator_stats(rows: list[tuple], table: metrics.Table, classes: list[str]) -> list[dict[str, Any]]:
    """Per annotator: count, ties, pairwise agreement and kappa with the others, agreement with consensus (ties
    left out), gold accuracy, confusion vs consensus, median lead time."""
    from sklearn.metrics import confusion_matrix

    cons = metrics.consensus(table)
    shared = metrics.annotator_agreement(table, classes)
    out = []
    for ann in sorted({r[1] for r in rows}):
        mine = [r for r in rows if r[1] == ann]
        vs = [(cons[r[0]], r[2]) for r in mine if r[0] in cons]
        gold = [r for r in mine if r[6] is not None]
        leads = [r[3] for r in mine if r[3] is not None]
        matrix = confusion_matrix([c for c, _ in vs], [m for _, m in vs], labels=classes).tolist() if vs else []
        out.append(
            {
                "annotator": ann,
                "n_annotations": len(mine),
                **shared.get(ann, {}),
                "agreement_with_consensus": sum(c == m for c, m in vs) / len(vs) if vs else None,
                "n_gold": len(gold),
                "gold_accuracy": sum(r[2] == r[6] for r in gold) / len(gold) if gold else None,
                "median_lead_time": statistics.median(leads) if leads else None,
                "confusion": json.dumps(
                    {"labels": classes, "rows": "consensus", "cols": "annotator", "matrix": matrix}
                ),
                "simulated": any(r[4] for r in mine),
            }
        )
    return out


def compute(rows: list[tuple], classes: list[str]) -> dict[str, Any]:
    """All QA numbers for a list of (task_id, annotator, label, lead_time, simulated, kind, gold_label)."""
    table: metrics.Table = {}
    for task_id, ann, label, *_ in rows:
        table.setdefault(task_id, {})[ann] = label
    classes = list(dict.fromkeys(classes + sorted({r[2] for r in rows})))
    overlapped = sum(len(r) >= 2 for r in table.values())
    kappa, n_fleiss = metrics.fleiss(table, classes)
    return {
        "n_tasks": len(table),
        "n_annotations": len(rows),
        "n_overlapped": overlapped,
        "n_ties": sum(metrics.is_tie(r) for r in table.values()),
        "pairwise_agreement": metrics.pairwise_agreement(table),
        "overlap_coverage": overlapped / len(table) if table else None,
        "krippendorff_alpha": metrics.krippendorff_alpha(table, classes),
        "fleiss_kappa": kappa,
        "fleiss_tasks": n_fleiss,
        "pairs": metrics.pairwise_cohen(table, classes),
        "annotators": annotator_stats(rows, table, classes),
        "simulated": any(r[4] for r in rows),
    }


def _store(con: duckdb.DuckDBPyConnection, run_id: str, project: str, res: dict[str, Any]) -> None:
    summary = {k: v for k, v in res.items() if k not in ("pairs", "annotators")}
    con.execute(
        "INSERT INTO qa_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            project,
            utcnow(),
            res["n_tasks"],
            res["n_overlapped"],
            res["overlap_coverage"],
            res["krippendorff_alpha"],
            res["fleiss_kappa"],
            res["simulated"],
            json.dumps(summary),
        ],
    )
    for name, rows in (("qa_annotators", res["annotators"]), ("qa_pairs", res["pairs"])):
        if rows:
            con.register("qa_rows", pa.Table.from_pylist([{"run_id": run_id, **r} for r in rows]))
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM qa_rows")
            con.unregister("qa_rows")


def qa(ws: Workspace, project_name: str | None = None) -> dict[str, Any]:
    """Compute and store QA for a project; returns the numbers (what `--json` prints)."""
    run = Run("annotate qa", {"project": project_name}, stage="label")
    with writer_lock(ws, "annotate qa"), connect(ws) as con:
        project = get_project(con, project_name)
        rows = con.execute(ROWS_SQL, [project.name]).fetchall()
        res = compute(rows, project.labels)
        with transaction(con):
            _store(con, run.run_id, project.name, res)
            run.record(con, status="succeeded", counts={k: res[k] for k in ("n_tasks", "n_overlapped")})
    return {"run_id": run.run_id, "project": project.name, **res}
