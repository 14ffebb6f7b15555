"""Filter test helpers: real texts of the eval set's dev part (clean and junk), ingested or written as a file."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from curator.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "eval" / "dev" / "quality.jsonl"


def dev_records(n_clean: int, n_junk: int) -> list[dict]:
    """The first n_clean clean and n_junk junk records of data/eval/dev/quality.jsonl, in file order."""
    out, left = [], {"clean": n_clean, "junk": n_junk}
    for line in DEV.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if left[record["class"]] > 0:
            left[record["class"]] -= 1
            out.append(record)
    return out


def every(k: int, offset: int = 0) -> list[dict]:
    """Every k-th record of data/eval/dev/quality.jsonl from `offset` (all kinds and classes, file order)."""
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[offset::k]]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def ingest_records(ws: Workspace, records: list[dict], source: str = "q") -> dict[str, str]:
    """Ingest the records' texts (id, text); returns record id → sample_id."""
    from curator.ingest import IngestOptions, ingest

    path = write_jsonl(ws.tmp_dir / f"{source}.jsonl", [{"id": r["id"], "text": r["text"]} for r in records])
    ingest(ws, [path], IngestOptions(source))
    return dict(sql(ws, "SELECT source_key, sample_id FROM samples WHERE source = ?", [source]))


def sql(ws: Workspace, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def small_set() -> list[dict]:
    """40 clean and 20 junk real texts."""
    return dev_records(40, 20)
