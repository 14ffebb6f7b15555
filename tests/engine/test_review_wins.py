"""A sample a curator kept in review is not sent through a text stage again when its configuration changes."""

from __future__ import annotations

from curator.catalog import connect
from curator.engine.export import count_pending
from curator.stages.registry import get_stage
from tests.ingest.hazards import write_jsonl


def test_review_kept_samples_are_not_pending(cli, ws, tmp_path):
    rows = [{"id": f"r{i}", "text": f"A perfectly normal support message number {i}."} for i in range(3)]
    cli("ingest", str(write_jsonl(tmp_path / "r.jsonl", rows)), "--source", "r")
    with connect(ws) as con:
        assert count_pending(con, get_stage("quality"), "new-key") == 3
        con.execute("UPDATE samples SET status_stage = 'review' WHERE source_key = 'r1'")
        assert count_pending(con, get_stage("quality"), "new-key") == 2
