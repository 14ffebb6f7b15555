"""`curator purge-raw`: raw texts of scrubbed samples (or all) deleted for good, recorded as a run + decisions."""

from __future__ import annotations

import json

import curator.cli.pii  # noqa: F401  (registers the command)
from curator.catalog import connect
from curator.stages.pii.purge import purge_raw


def _raw_ids(ws) -> set[str]:
    with connect(ws, read_only=True) as con:
        return {r[0] for r in con.execute("SELECT sample_id FROM raw_texts").fetchall()}


def test_purge_needs_yes_and_says_how_many(cli, ws, scrubbed_catalog) -> None:
    res = cli("purge-raw", ok=False)
    assert res.exit_code == 1
    assert "would delete 3 raw texts for good; run again with --yes" in res.output
    assert len(_raw_ids(ws)) == 4


def test_purge_scrubbed_only_records_run_and_decisions(cli, ws, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    out = json.loads(cli("purge-raw", "--yes", "--json").output)
    assert out["deleted"] == 3 and out["remaining"] == 1 and out["compacted"] is True
    assert _raw_ids(ws) == {ids["t4"]}  # the unscrubbed sample keeps its raw text
    with connect(ws, read_only=True) as con:
        run = con.execute("SELECT command, stage, status, n_modified, counts FROM runs WHERE run_id = ?",
                          [out["run_id"]]).fetchone()  # fmt: skip
        decisions = con.execute("SELECT sample_id, decision, reason FROM decisions WHERE step = 'purge_raw' "
                                "ORDER BY sample_id").fetchall()  # fmt: skip
        n_samples = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    assert run[:4] == ("purge-raw", "pii", "succeeded", 3) and json.loads(run[4])["scope"] == "scrubbed"
    assert decisions == sorted((ids[k], "modify", "raw text purged") for k in ("t1", "t2", "t3"))
    assert n_samples == 4  # the rewritten catalog kept everything else
    assert b"maria.garcia@gmail.com" not in ws.catalog_path.read_bytes()


def test_purge_all_and_rerun_is_a_no_op(ws, scrubber, scrubbed_catalog) -> None:
    assert purge_raw(ws, all_=True)["deleted"] == 4
    assert _raw_ids(ws) == set()
    again = purge_raw(ws, all_=True)
    assert again["deleted"] == 0 and again["compacted"] is False
