"""Every ingest hazard is accepted with its change recorded, or rejected with file, line and reason."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from curator.catalog import connect
from curator.errors import BadInput
from curator.ingest import IngestOptions, ingest
from tests.ingest.hazards import HAZARDS, MAX_CHARS, expected_line, write_hazards


@pytest.fixture
def hazards(tmp_path):
    return write_hazards(tmp_path / "hazards.jsonl")


def test_every_hazard_gets_its_reason(ws, hazards):
    report = ingest(ws, [hazards], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0))
    with connect(ws, read_only=True) as con:
        rejects = {line: reason for line, reason in con.execute("SELECT line, reason FROM rejects").fetchall()}
        files = {f for (f,) in con.execute("SELECT DISTINCT file FROM rejects").fetchall()}
    assert files == {str(hazards)}
    for i, (_, outcome) in enumerate(HAZARDS):
        line = expected_line(i)
        if outcome in ("accepted", "present"):
            assert line not in rejects, f"line {line} should be {outcome}"
        else:
            assert rejects.get(line) == outcome, f"line {line}"
    want = Counter(o for _, o in HAZARDS)
    assert report.accepted == want["accepted"]
    assert report.present == want["present"]
    assert report.n_rejected == sum(n for o, n in want.items() if o not in ("accepted", "present"))
    assert report.read == report.accepted + report.n_rejected + report.present == len(HAZARDS)


def test_changes_are_recorded_in_the_ingest_decision(ws, hazards, cli):
    ingest(ws, [hazards], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0))
    expectations = {"nul": "removed_nul", "crlf": "line_endings", "nfd": "nfc", "bad-time": "unparseable_created_at"}
    for key, change in expectations.items():
        info = json.loads(cli("explain", f"hz:{key}", "--json").output)
        (decision,) = info["history"]
        assert decision["stage"] == "ingest" and decision["step"] == "ingest_v1"
        assert change in decision["reason"], decision["reason"]
        assert change in json.loads(decision["details"])["changes"]
    raw = ("--raw", "--reason", "test", "--json")  # not PII-scrubbed: explain shows the text only when revealed
    assert json.loads(cli("explain", "hz:crlf", *raw).output)["raw"]["text"] == "line one\nline two"
    assert json.loads(cli("explain", "hz:nfd", *raw).output)["raw"]["text"] == "Caf\u00e9 cr\u00e8me"


def test_strict_writes_nothing_and_names_the_first_bad_line(ws, hazards):
    with pytest.raises(BadInput, match=rf"{hazards}:2: invalid_json"):
        ingest(ws, [hazards], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0, strict=True))
    with connect(ws, read_only=True) as con:
        for table in ("samples", "raw_texts", "decisions", "rejects", "sources", "runs"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_reingest_adds_nothing_and_says_so(ws, hazards, cli):
    first = ingest(ws, [hazards], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0))
    second = ingest(ws, [hazards], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0))
    assert second.accepted == 0
    assert second.present == first.accepted + first.present
    assert second.read == first.read
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM samples").fetchone()[0] == first.accepted
        assert con.execute("SELECT count(*) FROM decisions").fetchone()[0] == first.accepted


def test_cli_summary_counts_add_up(ws, hazards, cli):
    out = cli(
        "ingest", str(hazards), "--source", "hz", "--max-chars", str(MAX_CHARS), "--max-reject-rate", "1", "--json"
    ).output
    rep = json.loads(out)
    assert rep["read"] == rep["accepted"] + rep["n_rejected"] + rep["present"]
    again = cli(
        "ingest", str(hazards), "--source", "hz", "--max-chars", str(MAX_CHARS), "--max-reject-rate", "1"
    ).output
    assert "nothing new" in again and "already present" in again
