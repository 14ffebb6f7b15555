"""`curator ingest`: stream files → normalized rows staged as Parquet → one catalog transaction."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from curator.catalog import Run, connect, transaction
from curator.catalog.lock import writer_lock
from curator.ingest import parallel
from curator.ingest.importer import import_staged, zstd_storage
from curator.ingest.readers import FORMATS, READERS, Item, expand_paths
from curator.ingest.records import FieldMap, Rejected, to_row
from curator.ingest.staging import Stager
from curator.workspace import Workspace

Progress = Callable[[int], None]  # called with bytes read since the last call


@dataclass(frozen=True)
class IngestOptions:
    source: str
    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    label_field: str | None = "label"
    time_field: str | None = "created_at"
    license: str | None = None
    max_chars: int = 1_000_000
    strict: bool = False
    batch_rows: int = 50_000
    workers: int = 2  # processes that parse large uncompressed JSONL files in byte-range chunks


@dataclass
class IngestReport:
    run_id: str
    source: str
    files: list[str]
    read: int = 0
    accepted: int = 0
    present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "n_rejected": self.n_rejected}


def _validate(opts: IngestOptions) -> None:
    from curator.errors import BadInput

    if opts.format not in ("auto", *FORMATS):
        raise BadInput(f"--format {opts.format!r}: use auto, {', '.join(FORMATS)}")
    if not opts.source or any(ch in opts.source for ch in ":/\\ "):
        raise BadInput(f"--source {opts.source!r}: a non-empty name without ':', '/', or spaces")
    if opts.max_chars < 1:
        raise BadInput("--max-chars must be at least 1")


def field_map(opts: IngestOptions, fmt: str) -> FieldMap:
    if fmt == "txt":
        return FieldMap("text", "id", None, None)
    return FieldMap(opts.text_field, opts.id_field, opts.label_field, opts.time_field)


def consume(item: Item, opts: IngestOptions, fields: FieldMap, stager: Stager) -> None:
    """Stage one reader item: an accepted row, or a reject with its reason."""
    if item.reject:
        stager.add_reject(item, item.reject, item.detail)
        return
    try:
        stager.add_row(item, to_row(item.record or {}, opts.source, fields, opts.max_chars))
    except Rejected as rej:
        item.excerpt = str(item.record)[:200]
        stager.add_reject(item, rej.reason, rej.detail)


def _stage_file(path: Path, fmt: str, opts: IngestOptions, stager: Stager, progress: Progress | None) -> None:
    fields = field_map(opts, fmt)
    with open(path, "rb") as raw:
        fh = gzip.GzipFile(fileobj=raw) if path.suffix.lower() == ".gz" else raw
        last = 0
        for n, item in enumerate(READERS[fmt](path, fh), start=1):
            consume(item, opts, fields, stager)
            if progress and n % 2048 == 0:
                pos = raw.tell()
                progress(pos - last)
                last = pos
        if progress:
            progress(raw.tell() - last)


def ingest(ws: Workspace, paths: list[Path], opts: IngestOptions, progress: Progress | None = None) -> IngestReport:
    """Ingest files into the catalog. All or nothing: any failure leaves the catalog as it was."""
    _validate(opts)
    files = expand_paths(paths, opts.format)
    config = {**asdict(opts), "paths": [str(p) for p in paths], "files": [str(f) for f, _ in files]}
    run = Run("ingest", config, stage="ingest")
    stage_dir = ws.tmp_dir / run.run_id
    try:
        stager = Stager(stage_dir, opts.batch_rows)
        for index, (path, fmt) in enumerate(files):
            stager.file_index = index
            if parallel.worth_it(path, fmt, opts.workers):
                parallel.stage_jsonl(path, index, opts, stage_dir, progress)
            else:
                _stage_file(path, fmt, opts, stager, progress)
        stager.flush()
        formats = sorted({fmt for _, fmt in files})
        source_row = {
            "uri": ",".join(str(p.resolve()) for p in paths),
            "format": ",".join(formats),
            "license": opts.license,
        }
        with writer_lock(ws, "ingest"), connect(ws) as con, zstd_storage(con), transaction(con):
            fates, rejects = import_staged(
                con,
                run,
                source=opts.source,
                accepted_glob=stager.accepted_glob(),
                rejects_glob=stager.rejects_glob(),
                source_row=source_row,
                strict=opts.strict,
            )
    finally:
        shutil.rmtree(stage_dir, ignore_errors=True)
    read = sum(fates.values()) - fates["conflict"] + sum(rejects.values())
    return IngestReport(
        run.run_id, opts.source, [str(f) for f, _ in files], read, fates["new"], fates["present"], rejects
    )
