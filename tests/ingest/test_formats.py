"""Readers: JSONL, CSV, Parquet, text files, gzip, directories, and auto-detection."""

from __future__ import annotations

import csv
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curator.catalog import connect
from curator.errors import BadInput
from curator.ingest import IngestOptions, ingest

RECORDS = [
    {"id": f"r{i}", "text": f"Record number {i} talks about invoices.", "label": "billing", "created_at": "2025-01-02"}
    for i in range(5)
]


def _samples(ws):
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT source_key, label, created_at, metadata FROM samples ORDER BY 1").fetchall()


def test_jsonl_gz(ws, tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({**r, "extra": {"k": 1}}) + "\n" for r in RECORDS)
    report = ingest(ws, [path], IngestOptions(source="gz"))
    assert report.accepted == 5
    key, label, created, meta = _samples(ws)[0]
    assert (key, label, str(created)) == ("r0", "billing", "2025-01-02 00:00:00")
    assert json.loads(meta) == {"extra": {"k": 1}}


def test_csv_with_other_field_names_and_a_bad_row(ws, tmp_path):
    path = tmp_path / "posts.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["post_id", "body", "category", "posted_at"])
        w.writerow(["p1", "Multi-line\nbody, with comma", "shipping", "2025-03-01T10:00:00Z"])
        w.writerow(["p2", "too", "many", "fields", "here"])
        w.writerow(["p3", "Fine body", "returns", "1735689600"])
    opts = IngestOptions(
        source="forum", text_field="body", id_field="post_id", label_field="category", time_field="posted_at"
    )
    seen: list[int] = []
    report = ingest(ws, [path], opts, progress=seen.append)
    assert sum(seen) == path.stat().st_size, "progress reports every byte, and the file stays open until the end"
    assert (report.accepted, report.rejected) == (2, {"bad_csv_row": 1})
    with connect(ws, read_only=True) as con:
        assert con.execute("SELECT line, detail FROM rejects").fetchone() == (4, "5 fields, header has 4")
    rows = _samples(ws)
    assert [r[1] for r in rows] == ["shipping", "returns"]
    assert str(rows[1][2]) == "2025-01-01 00:00:00"


def test_parquet_and_txt_directory(ws, tmp_path):
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(RECORDS), folder / "part.parquet")
    (folder / "sub" / "note-1.txt").write_text("A plain text document.\n", encoding="utf-8")
    (folder / "README.md").write_text("ignored: unknown extension inside a directory")
    report = ingest(ws, [folder], IngestOptions(source="mixed"))
    assert report.accepted == 6
    by_key = {r[0]: r for r in _samples(ws)}
    assert json.loads(by_key["sub/note-1"][3]) == {"folder": "sub"}  # the id is the path inside the folder


def test_unknown_extension_is_a_clear_error(ws, tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("x")
    with pytest.raises(BadInput, match=r"data.xlsx: cannot tell the format"):
        ingest(ws, [path], IngestOptions(source="x"))
    with pytest.raises(BadInput, match="no such file"):
        ingest(ws, [tmp_path / "missing.jsonl"], IngestOptions(source="x"))


def test_bad_source_name(ws, tmp_path):
    with pytest.raises(BadInput, match="--source"):
        ingest(ws, [tmp_path], IngestOptions(source="a:b"))
