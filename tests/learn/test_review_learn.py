"""The review app's Learning curves page (Streamlit AppTest): empty workspace says what to run; with two loops'
points it shows both loops' curves and their parameters (simulated loops flagged as such)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from curator.catalog import connect, transaction, utcnow
from curator.catalog.bulk import insert_rows

APP = str(Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py")


def open_learn_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/learn.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def seed_curves(ws) -> None:
    """Two loops' rows as `curator learn` writes them (tests/learn/test_learn_loop.py runs the real loop)."""
    now = utcnow()
    loops = [
        {"name": n, "project": "p", "strategy": s, "model": "fasttext", "batch": 10, "simulated": True}
        for n, s in (("rand", "random"), ("marg", "margin"))
    ]
    points = [
        {"loop": n, "round": r, "strategy": "random" if r == 0 else s, "n_labels": 10 * (r + 1), "model_id": f"m{r}"}
        | {"val_macro_f1": 0.5, "test_macro_f1": 0.4 + 0.1 * r + (0.1 if n == "marg" else 0), "simulated": True}
        | {"split_name": n, "split_version": f"v{r}", "run_id": "r", "created_at": now}
        for n, s in (("rand", "random"), ("marg", "margin"))
        for r in range(3)
    ]
    with connect(ws) as con, transaction(con):
        rows = [{**lp, "config": json.dumps({}), "created_at": now, "run_id": "r"} for lp in loops]
        insert_rows(con, "learn_loops", rows)
        insert_rows(con, "learning_curve", points)


def test_empty_workspace_says_what_to_run(ws):
    at = open_learn_page()
    assert any("curator learn NAME" in i.value for i in at.info)


def test_curves_of_two_loops_side_by_side(ws):
    seed_curves(ws)
    at = open_learn_page()
    frames = [d.value for d in at.dataframe]
    points = next(f for f in frames if "n_labels" in f.columns)
    assert sorted(set(points["loop"])) == ["marg", "rand"] and len(points) == 6
    assert sorted(points[points["loop"] == "marg"]["macro_f1"].round(2)) == [0.5, 0.6, 0.7]
    loops = next(f for f in frames if "batch" in f.columns)
    assert dict(zip(loops["name"], loops["strategy"], strict=True)) == {"marg": "margin", "rand": "random"}
    assert any("simulated annotators" in c.value for c in at.caption)
