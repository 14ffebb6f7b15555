"""Parse one large uncompressed JSONL file with several processes, in newline-aligned byte ranges.

Rows keep their global order (file, line), so the result is identical to the sequential path.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from curator.ingest.consume import consume, field_map
from curator.ingest.options import IngestOptions, Progress
from curator.ingest.readers import read_jsonl
from curator.ingest.staging import Stager

CHUNK_BYTES = 8 << 20
MIN_PARALLEL_BYTES = 16 << 20


def worth_it(path: Path, fmt: str, workers: int) -> bool:
    return workers > 1 and fmt == "jsonl" and path.suffix.lower() != ".gz" and path.stat().st_size >= MIN_PARALLEL_BYTES


def iter_chunks(path: Path, chunk_bytes: int | None = None) -> Iterator[tuple[int, int, int]]:
    """(start, end, first_line) per chunk, as soon as it is known; each ends just after a newline (or at EOF)."""
    size = chunk_bytes or CHUNK_BYTES
    start, line, block = 0, 1, b""
    with open(path, "rb") as fh:
        while True:
            more = fh.read(size)
            block += more
            cut = len(block) if not more else block.rfind(b"\n") + 1
            if cut:  # cut == 0: a line longer than the chunk, read on until it ends
                yield (start, start + cut, line)
                line += block.count(b"\n", 0, cut)
                start, block = start + cut, block[cut:]
            if not more:
                return


def plan_chunks(path: Path, chunk_bytes: int | None = None) -> list[tuple[int, int, int]]:
    return list(iter_chunks(path, chunk_bytes))


def _stage_chunk(
    path: Path, start: int, end: int, first_line: int, file_index: int, chunk: int, opts: IngestOptions, folder: Path
) -> int:
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    stager = Stager(folder, opts.batch_rows, prefix=f"f{file_index:04d}c{chunk:05d}")
    stager.file_index = file_index
    fields = field_map(opts, "jsonl")
    for item in read_jsonl(path, io.BytesIO(data), first_line):
        consume(item, opts, fields, stager)
    stager.flush()
    return end - start


def die_with(parent: int) -> None:
    """Pool worker initializer: end this worker when `parent` dies. A forked worker holds its own copy of the task
    pipe's write end, so after a `kill -9` of the CLI it would otherwise wait on that pipe forever."""
    with contextlib.suppress(OSError, AttributeError):  # Linux prctl(PR_SET_PDEATHSIG); elsewhere best effort
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def stage_jsonl(path: Path, file_index: int, opts: IngestOptions, folder: Path, progress: Progress | None) -> None:
    """Stage one file with `opts.workers` processes (fork: nothing is re-imported per worker)."""
    ctx = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=opts.workers, mp_context=ctx, initializer=die_with, initargs=(os.getpid(),))
    with pool:
        futures = [  # submitted while the file is still being cut: the workers start on the first chunk at once
            pool.submit(_stage_chunk, path, s, e, line, file_index, i, opts, folder)
            for i, (s, e, line) in enumerate(iter_chunks(path))
        ]
        for fut in as_completed(futures):
            done = fut.result()
            if progress:
                progress(done)
