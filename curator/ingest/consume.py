"""Stage one reader item: an accepted row, or a reject with its reason (the same step for the whole-file reader
in pipeline.py and the chunk workers in parallel.py)."""

from __future__ import annotations

from curator.ingest.item import EXCERPT, Item
from curator.ingest.options import IngestOptions
from curator.ingest.records import FieldMap, Rejected, to_row
from curator.ingest.staging import Stager


def field_map(opts: IngestOptions, fmt: str) -> FieldMap:
    if fmt == "txt":
        return FieldMap("text", "id", None, None)
    return FieldMap(opts.text_field, opts.id_field, opts.label_field, opts.time_field)


def _shown_record(record: dict[str, object] | None) -> str:
    try:
        return str(record)[:EXCERPT]
    except RecursionError:
        return "(a record nested too deeply to show)"


def consume(item: Item, opts: IngestOptions, fields: FieldMap, stager: Stager) -> None:
    """Stage one reader item: an accepted row, or a reject with its reason."""
    if item.reject:
        stager.add_reject(item, item.reject, item.detail)
        return
    try:
        stager.add_row(item, to_row(item.record or {}, opts.source, fields, opts.max_chars))
    except Rejected as rej:
        item.excerpt = _shown_record(item.record)
        stager.add_reject(item, rej.reason, rej.detail)
