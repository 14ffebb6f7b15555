"""`curator ingest`: stream files → normalized rows staged as Parquet → one catalog transaction."""

from __future__ import annotations

import functools
import gzip
import shutil
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

import pyarrow as pa

from curator.catalog import Run, connect, transaction
from curator.catalog.lock import writer_lock
from curator.catalog.scratch import claim, release, sweep
from curator.errors import BadInput
from curator.faults import fault_point
from curator.ingest import parallel
from curator.ingest.consume import consume, field_map
from curator.ingest.csvread import field_limit
from curator.ingest.files import FORMATS, SourceFile, expand_paths
from curator.ingest.importer import Imported, import_staged, zstd_storage
from curator.ingest.item import Item, UnreadableFile
from curator.ingest.options import IngestOptions, Progress
from curator.ingest.readers import READERS, read_csv, read_txt
from curator.ingest.staging import Stager
from curator.names import check_identifier
from curator.workspace import Workspace


@dataclass
class IngestReport:
    run_id: str
    source: str
    files: list[str]
    read: int = 0
    accepted: int = 0
    present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    updated: int = 0  # known records whose label, time or metadata changed (a 'modify' decision each)
    warnings: dict[str, int] = field(default_factory=dict)  # e.g. unparseable_created_at: kept in metadata
    failed_files: list[str] = field(default_factory=list)  # "FILE: why" of each file that could not be read
    status: str = "succeeded"  # or "partial": some files could not be read, the rest was ingested

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "n_rejected": self.n_rejected}

    def partial_message(self) -> str:
        """One line for a partial ingest: which files could not be read, and that the rest was ingested."""
        n, first = len(self.failed_files), self.failed_files[0] if self.failed_files else ""
        more = f" (and {n - 1} more: see the rejects with reason unreadable_file)" if n > 1 else ""
        return (
            f"partial ingest: {n} of {len(self.files)} file(s) could not be read and were skipped, the rest was "
            f"ingested (run {self.run_id}): {first}{more}"
        )


def _validate(opts: IngestOptions) -> None:
    if opts.format not in ("auto", *FORMATS):
        raise BadInput(f"--format {opts.format!r}: use auto, {', '.join(FORMATS)}")
    check_identifier(opts.source, "--source name")
    if opts.max_chars < 1:
        raise BadInput("--max-chars must be at least 1")
    if not 0 <= opts.max_reject_rate <= 1:
        raise BadInput(f"--max-reject-rate {opts.max_reject_rate:g}: give a share between 0 and 1 (e.g. 0.5)")


class _ReadFailed(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _why(exc: BaseException, line: int, fmt: str) -> str:
    """What is wrong with a file that cannot be read, in one line."""
    after = f" after line {line}" if line else ""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    if isinstance(exc, UnreadableFile):
        return str(exc)
    if isinstance(exc, EOFError):
        return f"truncated gzip file: the compressed data ends before its end-of-stream marker{after}"
    if isinstance(exc, gzip.BadGzipFile):
        return "not a gzip file: it does not start with the gzip magic number"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data{after}: {first}"
    if fmt == "parquet" and not (isinstance(exc, OSError) and exc.errno):
        return f"not a readable Parquet file: {first}"
    return f"cannot be read{after}: {getattr(exc, 'strerror', None) or first}"


FILE_ERRORS = (UnreadableFile, pa.ArrowException, EOFError, zlib.error, OSError)  # BadGzipFile is an OSError


def _guarded(items: Iterator[Item], fmt: str) -> Iterator[Item]:
    """The reader's items; an error raised while reading (not while staging) becomes _ReadFailed."""
    line = 0
    try:
        for item in items:
            line = item.line
            yield item
    except FILE_ERRORS as exc:
        raise _ReadFailed(_why(exc, line, fmt)) from exc


def _reader(f: SourceFile, opts: IngestOptions) -> Callable[[IO[bytes]], Iterator[Item]]:
    if f.format == "txt":
        return functools.partial(read_txt, f.path, rel=f.rel)
    if f.format == "csv":
        return functools.partial(read_csv, f.path, limit=field_limit(opts.max_chars))
    return functools.partial(READERS[f.format], f.path)


def _stage_file(f: SourceFile, opts: IngestOptions, stager: Stager, progress: Progress | None) -> None:
    fields = field_map(opts, f.format)
    try:
        raw = f.open()
    except OSError as exc:
        raise _ReadFailed(_why(exc, 0, f.format)) from exc
    with raw:
        fh = gzip.GzipFile(fileobj=raw) if f.path.suffix.lower() == ".gz" else raw
        last = 0
        for n, item in enumerate(_guarded(_reader(f, opts)(fh), f.format), start=1):
            consume(item, opts, fields, stager)
            if progress and n % 2048 == 0:
                pos = raw.tell()
                progress(pos - last)
                last = pos
        if progress:
            progress(raw.tell() - last)


def _stage_all(files: list[SourceFile], opts: IngestOptions, stager: Stager, progress: Progress | None) -> list[str]:
    """Stage every file; returns "FILE: why" for each file that could not be read (its rows are dropped)."""
    failed: list[str] = []
    for index, f in enumerate(files):
        stager.begin_file(index)
        if parallel.worth_it(f.path, f.format, opts.workers):
            parallel.stage_jsonl(f.path, index, opts, stager.folder, progress)
            continue
        try:
            if not f.path.is_file():
                raise _ReadFailed("not a regular file")
            _stage_file(f, opts, stager, progress)
        except _ReadFailed as exc:
            why = exc.why
            stager.drop_file(str(f.path))
            stager.add_file_reject(str(f.path), "unreadable_file", f"{why}; nothing from this file was ingested")
            failed.append(f"{f.path}: {why}")
    stager.flush()
    return failed


def ingest(ws: Workspace, paths: list[Path], opts: IngestOptions, progress: Progress | None = None) -> IngestReport:
    """Ingest files into the catalog in one transaction. A file that cannot be read is a reject, the others are
    ingested and the run is "partial"; an ingest that keeps no record writes nothing (BadInput)."""
    _validate(opts)
    files, refused = expand_paths(paths, opts.format)
    config = {**asdict(opts), "paths": [str(p) for p in paths], "files": [str(f.path) for f in files]}
    run = Run("ingest", config, stage="ingest")
    stage_dir = ws.tmp_dir / run.run_id
    sweep(ws.tmp_dir, "ingest-*")  # staging (raw text) of ingests that died: an ingest never resumes one
    owner = claim(stage_dir)  # held while this process lives: purge-raw's sweep leaves the folder alone
    try:
        stager = Stager(stage_dir, opts.batch_rows)
        for r in refused:
            stager.add_file_reject(str(r.path), r.reason, r.detail)
        failed = _stage_all(files, opts, stager, progress)
        fault_point("ingest.staged")
        source_row = {
            "uri": ",".join(str(p.resolve()) for p in paths),
            "format": ",".join(sorted({f.format for f in files})),
            "license": opts.license,
        }
        with writer_lock(ws, "ingest"), connect(ws) as con, zstd_storage(con), transaction(con):
            done = import_staged(
                con,
                run,
                source=opts.source,
                accepted_glob=stager.accepted_glob(),
                rejects_glob=stager.rejects_glob(),
                source_row=source_row,
                strict=opts.strict,
                failed=failed,
                max_reject_rate=opts.max_reject_rate,
            )
            fault_point("ingest.before_commit")
        fault_point("ingest.committed")
    finally:
        shutil.rmtree(stage_dir, ignore_errors=True)
        release(stage_dir, owner)
    return _report(run, opts, files, done, failed)


def _report(run: Run, opts: IngestOptions, files: list[SourceFile], done: Imported, failed: list[str]) -> IngestReport:
    c = done.counts
    return IngestReport(
        run.run_id,
        opts.source,
        [str(f.path) for f in files],
        read=c["read"],
        accepted=c["accepted"],
        present=c["present"],
        rejected=done.rejects,
        updated=c["updated"],
        warnings=done.warnings,
        failed_files=failed,
        status="partial" if failed else "succeeded",
    )
