"""`curator audit report`: per rule, how often its audited decisions were right, stored in `rule_audits`.

Per rule (registered name + version): decisions audited; precision = right / (right + wrong) with a 95% Wilson
interval (unsure answers count as audited, not in the precision); the estimated number of wrongly dropped samples
in the catalog (1 - precision, and its interval, times the samples the rule drops now); the false-keep rate of
the samples it kept just inside its threshold; agreement where audits overlap. A rule whose whole interval lies
below `min_precision` is flagged with the recipe parameter that drives it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb
import pyarrow as pa

from curator.audit.params import parameter
from curator.audit.verdicts import Verdict, verdicts
from curator.audit.wilson import proportion
from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.workspace import Workspace

N_DROPPED = "SELECT count(*) FROM samples WHERE status = 'dropped' AND starts_with(status_reason, ? || ':')"
N_MODIFIED = "SELECT count(DISTINCT sample_id) FROM decisions WHERE step = ? AND decision = 'modify'"
TOP_REASON = (
    "SELECT reason_class FROM audit_items WHERE step = ? AND kind <> 'near' GROUP BY 1 ORDER BY count(*) DESC, 1"
)
COLUMNS = tuple(
    [
        "step",
        "run_id",
        "stage",
        "kind",
        "n_decisions",
        "n_audited",
        "n_right",
        "n_wrong",
        "n_unsure",
        "precision",
        "ci_low",
        "ci_high",
        "est_wrong",
        "near_audited",
        "near_wrong",
        "false_keep_rate",
        "fk_low",
        "fk_high",
        "n_overlapped",
        "agreement",
        "min_precision",
        "flagged",
        "parameter",
        "simulated",
        "created_at",
    ]
)
QUOTED = ", ".join(f'"{c}"' for c in COLUMNS)


def rule_figures(con: duckdb.DuckDBPyConnection, step: str, mine: list[Verdict], min_precision: float) -> dict:
    """One rule's figures from its verdicts."""
    judged = [v for v in mine if v.kind != "near"]
    near = [v for v in mine if v.kind == "near"]
    kind = "modify" if any(v.kind == "modify" for v in judged) else "drop"
    c, nc = Counter(v.verdict for v in judged), Counter(v.verdict for v in near)
    prec, low, high = proportion(c["right"], c["right"] + c["wrong"])
    fk, fk_low, fk_high = proportion(nc["wrong"], nc["right"] + nc["wrong"])
    total = int(con.execute(N_MODIFIED if kind == "modify" else N_DROPPED, [step]).fetchone()[0])
    pairs = [v.pairs() for v in mine if len(v.answers) >= 2]
    flagged = high is not None and high < min_precision
    top = con.execute(TOP_REASON, [step]).fetchone()
    return {
        "step": step,
        "stage": mine[0].stage,
        "kind": kind,
        "n_decisions": total,
        "n_audited": len(judged),
        "n_right": c["right"],
        "n_wrong": c["wrong"],
        "n_unsure": c["unsure"],
        "precision": prec,
        "ci_low": low,
        "ci_high": high,
        "est_wrong": None if prec is None else round((1 - prec) * total, 1),
        "near_audited": len(near),
        "near_wrong": nc["wrong"],
        "false_keep_rate": fk,
        "fk_low": fk_low,
        "fk_high": fk_high,
        "n_overlapped": len(pairs),
        "agreement": sum(a for a, _ in pairs) / sum(n for _, n in pairs) if pairs else None,
        "min_precision": min_precision,
        "flagged": flagged,
        "parameter": parameter(con, step, top[0] if top else None),
        "simulated": any(v.simulated for v in mine),
    }


def compute(con: duckdb.DuckDBPyConnection, min_precision: float = 0.0) -> list[dict[str, Any]]:
    """Per audited rule, its figures (rules without any answer yet are left out)."""
    by_step: dict[str, list[Verdict]] = {}
    for v in verdicts(con):
        by_step.setdefault(v.step, []).append(v)
    return [rule_figures(con, step, by_step[step], min_precision) for step in sorted(by_step)]


def report(ws: Workspace, min_precision: float = 0.0) -> dict[str, Any]:
    """Compute the figures and store them (one `rule_audits` row per rule, one `audit report` run)."""
    if not 0.0 <= min_precision <= 1.0:
        raise CuratorError(f"--min-precision {min_precision}: must be between 0 and 1")
    run = Run("audit report", {"min_precision": min_precision})
    with writer_lock(ws, "audit report"), connect(ws) as con, transaction(con):
        rules = compute(con, min_precision)
        now = utcnow()
        rows = [{**r, "run_id": run.run_id, "created_at": now} for r in rules]
        if rows:
            con.register("new_rule_audits", pa.Table.from_pylist([{c: r[c] for c in COLUMNS} for r in rows]))
            try:
                con.execute("INSERT INTO rule_audits BY NAME SELECT * FROM new_rule_audits")
            finally:
                con.unregister("new_rule_audits")
        counts = {"rules": len(rules), "flagged": [r["step"] for r in rules if r["flagged"]]}
        run.record(con, status="succeeded", counts=counts, n_in=sum(r["n_audited"] for r in rules))
    return {"run_id": run.run_id, "min_precision": min_precision, "rules": rules}


def latest(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The newest stored figures of each rule."""
    cur = con.execute(
        f"SELECT {QUOTED} FROM rule_audits "
        "QUALIFY row_number() OVER (PARTITION BY step ORDER BY created_at DESC, run_id DESC) = 1 ORDER BY step"
    )
    return [dict(zip(COLUMNS, r, strict=True)) for r in cur.fetchall()]


def figure_line(r: dict[str, Any]) -> str:
    """'gopher_quality_v1 dropped 1,204 samples; 30 audited; precision 0.93 [0.79, 0.98]'."""
    did = "changed" if r["kind"] == "modify" else "dropped"
    n = r["n_decisions"]
    line = f"{r['step']} {did} {n:,} sample{'' if n == 1 else 's'}; {r['n_audited']} audited"
    if r["precision"] is not None:
        line += f"; precision {r['precision']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]"
    if r["false_keep_rate"] is not None:
        line += f"; false keeps near the threshold {r['false_keep_rate']:.2f} of {r['near_audited']}"
    return line + (" (simulated auditors)" if r["simulated"] else "")


def card_figures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The stored figures a split's manifest and card carry (`rule_audits` of a build-split), one per rule."""
    return [
        {
            "rule": r["step"],
            "decisions": int(r["n_decisions"]),
            "audited": int(r["n_audited"]),
            "precision": r["precision"],
            "interval": None if r["ci_low"] is None else [round(r["ci_low"], 4), round(r["ci_high"], 4)],
            "simulated": bool(r["simulated"]),
            "line": figure_line(r),
        }
        for r in latest(con)
    ]
