"""The review app's Rule audit page (Streamlit AppTest): what to run on an empty workspace; with stored figures,
the precision plot, the table and a flagged rule's parameter; a rule name is shown as plain text."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from curator.audit.report import COLUMNS
from curator.catalog import utcnow

APP = str(Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py")


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/audit.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _store(ws, step: str, right: int, wrong: int, flagged: bool) -> None:
    """TEST HELPER: a stored report row, as `curator audit report` writes it (the loop test covers the writing)."""
    from curator.audit.wilson import proportion

    p, lo, hi = proportion(right, right + wrong)
    row = dict.fromkeys(COLUMNS)
    row |= {"step": step, "run_id": "audit-report-t", "stage": "quality", "kind": "drop", "n_decisions": 120}
    row |= {"n_audited": right + wrong, "n_right": right, "n_wrong": wrong, "n_unsure": 0, "precision": p}
    row |= {"ci_low": lo, "ci_high": hi, "near_audited": 0, "near_wrong": 0, "n_overlapped": 0, "min_precision": 0.8}
    row |= {"flagged": flagged, "parameter": "quality › outliers_v1 › min_chars = 20", "simulated": True}
    row["created_at"] = utcnow()
    con = duckdb.connect(str(ws.catalog_path))
    try:
        cols = ", ".join(f'"{c}"' for c in COLUMNS)
        con.execute(f"INSERT INTO rule_audits ({cols}) VALUES ({', '.join('?' * len(COLUMNS))})", list(row.values()))
    finally:
        con.close()


def test_empty_workspace_says_what_to_run(ws):
    at = _page()
    assert "curator audit decisions" in at.info[0].value


def test_figures_plot_and_flag(ws):
    _store(ws, "outliers_v1", 10, 20, True)
    _store(ws, "gopher_quality_v1", 28, 2, False)
    at = _page()
    assert len(at.get("vega_lite_chart")) == 1
    table = next(d.value for d in at.dataframe if "precision" in d.value.columns)
    assert sorted(table["step"]) == ["gopher_quality_v1", "outliers_v1"]
    warning = re.sub(r"\\(.)", r"\1", at.warning[0].value)  # as shown: Markdown escapes removed
    assert "outliers_v1: precision interval below 0.8 — change quality › outliers_v1 › min_chars = 20" in warning
    assert "simulated" in " ".join(c.value for c in at.caption)
