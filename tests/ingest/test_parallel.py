"""Chunked multi-process parsing gives exactly the sequential result: same rows, same order, same rejects."""

from __future__ import annotations

from curator.catalog import connect
from curator.catalog.init import init_workspace
from curator.ingest import IngestOptions, ingest, parallel
from tests.ingest.hazards import MAX_CHARS, write_hazards


def _snapshot(ws):
    """Every column but run ids and timestamps, samples in table order."""
    with connect(ws, read_only=True) as con:
        samples = con.execute("SELECT * EXCLUDE (ingest_run_id, ingested_at) FROM samples ORDER BY rowid").fetchall()
        seq = con.execute("SELECT * EXCLUDE (run_id, created_at) FROM decisions ORDER BY seq").fetchall()
        rejects = con.execute("SELECT * EXCLUDE (run_id, created_at) FROM rejects ORDER BY ALL").fetchall()
        runs = con.execute("SELECT n_in, n_kept, n_dropped, counts FROM runs").fetchall()
    return samples, seq, rejects, runs


def test_chunks_are_newline_aligned_and_count_lines(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"".join(b'{"i": %d}\n' % i for i in range(100)) + b'{"long": "' + b"x" * 200 + b'"}')
    chunks = parallel.plan_chunks(path, chunk_bytes=37)
    assert chunks[0][0] == 0 and chunks[-1][1] == path.stat().st_size
    data = path.read_bytes()
    for (start, end, first_line), nxt in zip(chunks, chunks[1:] + [None], strict=True):
        assert data[end - 1 : end] == b"\n" or end == len(data)
        assert first_line == data[:start].count(b"\n") + 1
        if nxt:
            assert nxt[0] == end


def test_parallel_equals_sequential(tmp_path, monkeypatch):
    path = write_hazards(tmp_path / "hazards.jsonl")
    seq_ws, _ = init_workspace(tmp_path / "seq")
    ingest(seq_ws, [path], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0, workers=1))
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 64)
    assert len(parallel.plan_chunks(path)) > 5
    par_ws, _ = init_workspace(tmp_path / "par")
    ingest(par_ws, [path], IngestOptions(source="hz", max_chars=MAX_CHARS, max_reject_rate=1.0, workers=2))
    assert _snapshot(par_ws) == _snapshot(seq_ws)


def test_parallel_equals_sequential_on_generated_docs(tmp_path, monkeypatch):
    """Many chunks of realistic docs (non-ASCII, metadata, times): every column the same, in the same order."""
    from curator.demo.corpus import generate_records, write_jsonl

    path = tmp_path / "docs.jsonl"
    write_jsonl(path, generate_records(3000, seed=11, target_chars=300))
    seq_ws, _ = init_workspace(tmp_path / "seq")
    ingest(seq_ws, [path], IngestOptions(source="docs", workers=1))
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 50_000)
    assert len(parallel.plan_chunks(path)) > 10
    par_ws, _ = init_workspace(tmp_path / "par")
    ingest(par_ws, [path], IngestOptions(source="docs", workers=2))
    assert _snapshot(par_ws) == _snapshot(seq_ws)
    with connect(par_ws, read_only=True) as con:
        n_words = con.execute("SELECT text, n_words, n_chars FROM samples").fetchall()
    assert all(w == len(t.split()) and c == len(t) for t, w, c in n_words)
