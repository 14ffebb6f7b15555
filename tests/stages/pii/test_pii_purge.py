"""`curator purge-raw`: raw texts of scrubbed samples (or all) deleted for good, recorded as a run + decisions.

Only texts the PII stage changed have a raw row (t1 and t3 here; t2 had nothing to replace, t4 is not scrubbed).
"""

from __future__ import annotations

import json

import curator.cli.pii  # noqa: F401  (registers the command)
from curator.catalog import connect
from curator.stages.pii.purge import purge_raw
from tests.stages.pii.conftest import RECORDS

ORIGINAL = {r["id"]: r["text"] for r in RECORDS}


def _raw(ws) -> dict[str, str]:
    with connect(ws, read_only=True) as con:
        return dict(con.execute("SELECT sample_id, text FROM raw_texts").fetchall())


def _current(ws, sid: str) -> str:
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT text FROM samples WHERE sample_id = ?", [sid]).fetchone()[0]


def test_purge_needs_yes_and_says_how_many(cli, ws, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    res = cli("purge-raw", ok=False)
    assert res.exit_code == 1
    assert (
        "would delete 2 raw texts, the raw metadata of 0 samples and 0 reject excerpts for good; run again with "
        "--yes" in " ".join(res.output.split())
    )
    assert _raw(ws) == {ids["t1"]: ORIGINAL["t1"], ids["t3"]: ORIGINAL["t3"]}


def test_purge_scrubbed_only_records_run_and_decisions(cli, ws, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    out = json.loads(cli("purge-raw", "--yes", "--json").output)
    assert out["deleted"] == 2 and out["remaining"] == 0 and out["compacted"] is True
    assert _raw(ws) == {}
    with connect(ws, read_only=True) as con:
        run = con.execute(
            "SELECT command, stage, status, n_modified, counts FROM runs WHERE run_id = ?", [out["run_id"]]
        ).fetchone()
        decisions = con.execute(
            "SELECT sample_id, decision, reason FROM decisions WHERE step = 'purge_raw' ORDER BY sample_id"
        ).fetchall()
        n_samples = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    assert run[:4] == ("purge-raw", "pii", "succeeded", 2) and json.loads(run[4])["scope"] == "scrubbed"
    assert decisions == sorted((ids[k], "modify", "raw text purged") for k in ("t1", "t3"))
    assert n_samples == 4  # the rewritten catalog kept everything else
    assert b"maria.garcia@gmail.com" not in ws.catalog_path.read_bytes()
    assert _current(ws, ids["t2"]) == ORIGINAL["t2"]  # nothing was replaced: the current text is the original


def test_purge_all_and_rerun_is_a_no_op(ws, scrubber, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    with connect(ws) as con:  # a raw row left for an unscrubbed sample (e.g. its scrub flag was reset)
        con.execute("INSERT INTO raw_texts VALUES (?, 'an older original')", [ids["t4"]])
    assert purge_raw(ws)["remaining"] == 1  # scope "scrubbed" leaves it
    assert purge_raw(ws, all_=True)["deleted"] == 1
    assert _raw(ws) == {}
    again = purge_raw(ws, all_=True)
    assert again["deleted"] == 0 and again["compacted"] is True  # always rewritten: earlier free blocks go too
    # an unscrubbed sample has no separate raw copy: its current text is its raw text, so --all scrubs it first
    assert _current(ws, ids["t4"]) == ORIGINAL["t4"].replace("james.walker@proton.me", "<EMAIL_ADDRESS>")
    assert again["scrubbed_at_purge"] == 0  # scrubbed by the first --all
