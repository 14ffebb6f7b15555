"""A curator's set-label (labels.method = 'review') is not overwritten by a later `annotate resolve`."""

from __future__ import annotations

from curator.catalog import connect, transaction
from curator.label.policies import Outcome
from curator.label.resolve_write import write_resolution


def test_resolve_keeps_review_labels(ws):
    with connect(ws) as con, transaction(con):
        con.execute(
            "INSERT INTO labels (sample_id, label, method, agreement, votes, n_annotations, simulated, run_id, "
            "resolved_at) VALUES ('s_rev', 'billing', 'review', 1.0, '{}', 0, false, 'r0', now())"
        )
        meta = {sid: {"simulated": True, "gold": False, "round": 0} for sid in ("s_rev", "s_new")}
        outcomes = [
            (Outcome("s_rev", "shipping", 1.0, {"shipping": 3}, 3), None),
            (Outcome("s_new", "returns", 1.0, {"returns": 3}, 3), None),
        ]
        counts = write_resolution(con, "r1", "majority", outcomes, [], meta)
        labels = dict(con.execute("SELECT sample_id, label || '/' || method FROM labels").fetchall())
        reasons = [r for (r,) in con.execute("SELECT reason FROM decisions WHERE run_id = 'r1'").fetchall()]
    assert labels == {"s_rev": "billing/review", "s_new": "returns/majority"}
    assert counts["labeled"] == 1 and reasons == ["resolved"]
