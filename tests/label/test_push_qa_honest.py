"""Against the real server (issue 20): push warns with counts about labels outside the project's label set and
says what it did with them; `annotate qa` at overlap 2 with disagreements shows ties and kappa.

Named to run after test_loop.py: simulated answers depend on task ids, which every task on the shared server
shifts."""

from __future__ import annotations

import json

import pytest

from curator.label.project import InitOptions, init_project
from curator.label.pull import pull
from curator.label.push import PushOptions, push
from curator.label.simulate import SimulateOptions, simulate

from .conftest import ingest_rows, mark_scrubbed_for_test, sql, tickets

pytestmark = pytest.mark.labelstudio


def test_push_warns_about_labels_outside_the_project_and_can_leave_them_out(ls, ws, cli):
    rows = tickets(4, ("billing", "shipping")) + [
        {"id": f"u{i}", "text": f"utility package {i}", "label": "utils" if i < 3 else "web"} for i in range(4)
    ]
    ingest_rows(ws, rows)
    mark_scrubbed_for_test(ws)
    init_project(ws, InitOptions("outside", labels=["billing", "shipping"]))
    left = push(ws, PushOptions(skip_outside_labels=True, gold_fraction=1.0))
    assert (left["sent"], left["gold"], left["outside_labels"]) == (4, 4, 4)
    assert left["outside_by_label"] == {"utils": 3, "web": 1} and left["outside_action"].startswith("left out")
    result = cli("annotate", "push", "--gold-fraction", "1", "--json")
    warning = " ".join(result.stderr.split())
    assert "warning: 4 of 4 samples sent have a label that is not one of project outside's labels (utils 3, web 1)" in (
        warning
    )
    assert "sent as normal tasks (never gold)" in warning and "--skip-outside-labels" in warning
    res = json.loads(result.stdout)
    assert (res["sent"], res["gold"], res["outside_labels"]) == (4, 0, 4)
    kinds = sql(ws, "SELECT s.label, t.kind FROM ls_tasks t JOIN samples s USING (sample_id) ORDER BY 1")
    assert [k for lab, k in kinds if lab in ("utils", "web")] == ["normal"] * 4


def test_qa_at_overlap_2_shows_ties_and_kappa(ls, ws, cli):
    ingest_rows(ws, tickets(16, ("billing", "shipping")))
    mark_scrubbed_for_test(ws)
    init_project(ws, InitOptions("pairs", labels=["billing", "shipping"], overlap=2, overlap_fraction=1.0))
    push(ws, PushOptions())
    simulate(ws, SimulateOptions(annotators=3, accuracy=0.6, seed=5))
    pull(ws)
    res = json.loads(cli("annotate", "qa", "--json").stdout)
    assert res["n_ties"] > 0 and res["n_overlapped"] == 16
    for a in res["annotators"]:  # the old figure: 1.0 for everyone at overlap 2; what it hides:
        assert a["agreement_with_consensus"] == 1.0
        assert a["pairwise_agreement"] == pytest.approx(1 - a["n_ties"] / a["n_overlapped"])
        assert a["kappa"] < 1 or a["n_ties"] == 0
    text = " ".join(cli("annotate", "qa").stdout.split())
    assert f"{res['n_ties']} of 16 overlapped tasks are ties (no majority label)" in text
    stored = sql(ws, "SELECT sum(n_ties), min(kappa) FROM qa_annotators WHERE run_id = ?", [res["run_id"]])[0]
    assert stored[0] == 2 * res["n_ties"] and stored[1] < 1  # a tie at overlap 2 is a tie for both its annotators
