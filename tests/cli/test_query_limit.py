"""`curator query` says when --limit cut the result (issue 20's walkthrough).

`curator query "SELECT … FROM samples WHERE status = 'active'" --json` returned 1,000 of 2,957 rows without a word,
and figures computed from it were wrong. The note goes to stderr so that --json stays one JSON document.
"""

from __future__ import annotations

import json

from tests.ingest.hazards import write_jsonl

NOTE = "first 2 rows shown; more match: --limit 0 shows all"


def test_query_says_when_its_limit_cut_the_rows(cli, tmp_path):
    rows = [{"id": f"k{i}", "text": f"package description number {i}"} for i in range(3)]
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    cut = cli("query", "SELECT source_key FROM samples ORDER BY 1", "--limit", "2", "--json")
    assert [r["source_key"] for r in json.loads(cut.stdout)] == ["k0", "k1"]
    assert NOTE in cut.stderr
    whole = cli("query", "SELECT source_key FROM samples ORDER BY 1", "--limit", "3", "--json")
    assert len(json.loads(whole.stdout)) == 3 and "more match" not in whole.stderr
    table = cli("query", "SELECT source_key FROM samples ORDER BY 1", "--limit", "2")
    assert NOTE in " ".join(table.output.split()) and "k2" not in table.stdout
    assert len(json.loads(cli("query", "FROM samples", "--limit", "0", "--json").stdout)) == 3
