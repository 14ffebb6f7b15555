"""Honest exit codes and figures (issue 20): a command that kept too little fails and says why, QA shows ties and
a chance-corrected agreement, find-label-issues asks before it queues, push and build-split say what they left."""

from __future__ import annotations

import json

import duckdb

from tests.ingest.hazards import write_jsonl


def _rows(ws, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(ws.catalog_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# 1. Ingest: the fields it saw, and a bound on the reject rate


def test_ingest_of_a_missing_text_field_fails_and_names_the_fields_it_saw(ws, cli, tmp_path):
    rows = [{"id": f"r{i}", "text": f"text {i}", "label": "a"} for i in range(4)]
    path = write_jsonl(tmp_path / "pkgs.jsonl", rows)
    result = cli("ingest", str(path), "--source", "pkgs", "--text-field", "description", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "no field 'description'; the record has: id, text, label" in line
    assert not _rows(ws, "SELECT * FROM sources") and not _rows(ws, "SELECT * FROM samples")


def test_ingest_over_the_reject_rate_fails_and_writes_nothing(ws, cli, tmp_path):
    good = [{"id": f"g{i}", "text": f"good {i}"} for i in range(4)]
    bad = [{"id": f"b{i}", "body": f"no text {i}"} for i in range(6)]
    path = write_jsonl(tmp_path / "mixed.jsonl", good + bad)
    result = cli("ingest", str(path), "--source", "m", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: 6 of 10 records rejected (60% > --max-reject-rate 0.5: missing_text 6)")
    assert "nothing written" in line and "the record has: id, body" in line
    for table in ("sources", "samples", "rejects", "runs"):
        assert not _rows(ws, f"SELECT * FROM {table}"), table
    ok = json.loads(cli("ingest", str(path), "--source", "m", "--max-reject-rate", "0.6", "--json").stdout)
    assert (ok["accepted"], ok["n_rejected"]) == (4, 6)
    assert _rows(ws, "SELECT rows_accepted, rows_rejected FROM sources") == [(4, 6)]


def test_ingest_reject_rate_must_be_a_share(ws, cli, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "x"}])
    result = cli("ingest", str(path), "--source", "a", "--max-reject-rate", "1.5", ok=False)
    assert "--max-reject-rate 1.5: give a share between 0 and 1" in result.stderr


# 2. QA at overlap 2: ties are counted, and agreement that counts them (pairwise, kappa) is reported


OVERLAP_2 = [  # (task_id, annotator, label, lead_time, simulated, kind, gold_label): two annotators per task
    (1, "x", "A", None, False, "normal", None),
    (1, "y", "A", None, False, "normal", None),
    (2, "x", "A", None, False, "normal", None),
    (2, "y", "B", None, False, "normal", None),
    (3, "x", "B", None, False, "normal", None),
    (3, "z", "B", None, False, "normal", None),
    (4, "x", "B", None, False, "normal", None),
    (4, "z", "B", None, False, "normal", None),
]


def test_qa_at_overlap_2_counts_ties_and_a_chance_corrected_agreement():
    from curator.label.qa import compute

    res = compute(OVERLAP_2, ["A", "B"])
    stats = {a["annotator"]: a for a in res["annotators"]}
    # the consensus leaves the tie (task 2) out and includes each annotator's own vote: 1.0 for everyone
    assert {a: s["agreement_with_consensus"] for a, s in stats.items()} == {"x": 1.0, "y": 1.0, "z": 1.0}
    assert res["n_ties"] == 1 and res["pairwise_agreement"] == 0.75
    # x's pairs: (A,A) (A,B) (B,B) (B,B): p_o = 3/4, p_e = 1/2*1/4 + 1/2*3/4 = 1/2, kappa = 1/2
    assert (stats["x"]["n_overlapped"], stats["x"]["n_ties"], stats["x"]["pairwise_agreement"]) == (4, 1, 0.75)
    assert stats["x"]["kappa"] == 0.5
    # y's pairs: (A,A) (B,A): p_o = 1/2, p_e = 1/2*1 + 1/2*0 = 1/2, kappa = 0
    assert (stats["y"]["n_ties"], stats["y"]["pairwise_agreement"], stats["y"]["kappa"]) == (1, 0.5, 0.0)
    assert (stats["z"]["n_ties"], stats["z"]["pairwise_agreement"], stats["z"]["kappa"]) == (0, 1.0, 1.0)
