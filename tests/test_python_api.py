"""The Python API (curator.open): docs/python-api.md's example runs against a real small workspace, and each read
shows what the CLI's default views show — no raw text, no metadata, registered and verified splits, read-only SQL.

The workspace: real ingest, the PII stage stood in for by marking samples scrubbed (tests/splits/conftest.py, as
the split tests do), a real review drop (a decision row) and a real build-split.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import curator
from curator.errors import CuratorError
from curator.review.actions import apply_action
from curator.splits import SplitOptions, build_split
from tests.splits.conftest import ingest_records, make_records, mark_curated, sid

DOC = Path(__file__).resolve().parents[1] / "docs" / "python-api.md"


@pytest.fixture
def small(ws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """./ws (cwd = tmp_path): 60 tickets in 3 classes, k0003 not scrubbed, k0005 dropped in review, split tickets."""
    recs = make_records(60)
    recs[3]["customer_email"] = "jane.roe@example.org"  # a metadata value: never shown
    ingest_records(ws, recs, tmp_path)
    mark_curated(ws, unscrubbed=["k0003"])
    apply_action(ws, [sid("k0005")], "drop", "off-topic")
    split = build_split(ws, SplitOptions("tickets", label_source="source", near_dup=False))
    monkeypatch.chdir(tmp_path)
    return {"ws": ws, "records": recs, "split": split}


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_docs_example_runs(small, capsys):
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) == 1
    namespace: dict[str, Any] = {}
    exec(compile(blocks[0], str(DOC), "exec"), namespace)  # the user's notebook cell, as written
    out = capsys.readouterr().out
    assert namespace["active"].height == 59 and namespace["dropped"]["sample_id"].to_list() == [sid("k0005")]
    assert namespace["story"]["history"][-1]["stage"] == "review"
    assert set(namespace["parts"]) == {"train", "val", "test"}
    assert namespace["hf"]["train"].features["label"].names == ["billing", "bug", "feature"]
    assert "query refused: a DELETE statement" in out
    assert not list((small["ws"].tmp_dir).glob("api-*")), "close() leaves no snapshot behind"


def test_samples_follow_the_trust_boundary(small):
    ws = curator.open("./ws")
    df = ws.samples(status="all")
    assert isinstance(df, pl.DataFrame) and df.height == 60
    assert "metadata" not in df.columns and not any("email" in c for c in df.columns)
    raw = df.filter(pl.col("sample_id") == sid("k0003"))
    assert raw["pii_scrubbed"].to_list() == [False] and raw["text"].to_list() == [None]  # not scrubbed: hidden
    assert "jane.roe@example.org" not in json.dumps(df.to_dicts(), default=str)
    story = ws.explain("t:k0003")
    assert story["sample"]["text"] is None and story["sample"]["metadata_fields"] == ["channel", "customer_email"]
    assert "jane.roe" not in json.dumps(story, default=str)
    by_stage = ws.samples(stage="review")
    assert by_stage["dropped_reason"].to_list() == [story_reason(ws)]
    assert ws.samples(source="nope").height == 0


def story_reason(ws: curator.CuratorWorkspace) -> str:
    return ws.explain(sid("k0005"))["sample"]["status_reason"]


def test_lazy_samples_read_a_private_snapshot_removed_on_close(small):
    with curator.open("./ws") as ws:
        lazy = ws.samples(status="all", lazy=True)
        assert isinstance(lazy, pl.LazyFrame)
        snap = next(small["ws"].tmp_dir.glob("api-*/samples-*.parquet"))
        assert snap.stat().st_mode & 0o777 == 0o600 and snap.parent.stat().st_mode & 0o777 == 0o700
        assert lazy.filter(pl.col("status") == "dropped").collect().height == 1
        assert lazy.collect().equals(ws.samples(status="all", lazy=False))
    assert not snap.parent.exists()


def test_query_through_the_api_refuses_a_write(small):
    ws = curator.open("./ws")
    assert ws.query("SELECT count(*) AS n FROM samples")["n"].to_list() == [60]
    for sql, why in (
        ("DELETE FROM samples", "a DELETE statement"),
        ("WITH d AS (DELETE FROM samples RETURNING *) SELECT count(*) FROM d", "a DELETE inside a read statement"),
        ("COPY samples TO 'x.csv'", "a COPY statement"),
        ("SELECT 1; DROP TABLE samples", "2 statements given"),
    ):
        with pytest.raises(CuratorError, match=f"query refused: {why}"):
            ws.query(sql)
    assert ws.query("SELECT count(*) AS n FROM samples")["n"].to_list() == [60]  # nothing changed
    with pytest.raises(CuratorError, match="name n with AS"):
        ws.query("SELECT 1 AS n, 2 AS n")


def test_split_is_the_registered_verified_version(small):
    ws = curator.open("./ws")
    version = small["split"]["version"]
    parts = ws.split(f"tickets@{version[:6]}")
    assert {p: df.height for p, df in parts.items()} == small["split"]["counts"]["parts"]
    assert "metadata" not in parts["train"].columns
    assert ws.splits()["version"].to_list() == [version]
    with pytest.raises(CuratorError, match="never a path"):
        ws.split("../../etc@x")
    train = small["ws"].splits_dir / "tickets" / version / "train.parquet"
    train.write_bytes(train.read_bytes() + b"\0")  # changed after build-split
    with pytest.raises(CuratorError, match=r"train\.parquet: sha256 .* does not match the manifest"):
        ws.split("tickets")


def test_runs_and_reads_never_write(small):
    ws = curator.open("./ws")
    runs = ws.runs()
    assert runs["command"].to_list()[:1] == ["build-split"] and "seconds" in runs.columns
    assert ws.status()["by_status"] == {"active": 59, "dropped": 1}
    catalog = small["ws"].catalog_path
    before = catalog.stat().st_mtime_ns
    ws.samples(), ws.explain(sid("k0001")), ws.runs(), ws.splits(), ws.query("FROM samples")
    assert catalog.stat().st_mtime_ns == before


def test_open_without_a_workspace_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CURATOR_HOME", raising=False)
    with pytest.raises(CuratorError, match=r"no curator workspace at .*: run `curator init` first"):
        curator.open()
