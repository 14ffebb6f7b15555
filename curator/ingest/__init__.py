"""Ingest: read sources (JSONL, CSV, Parquet, text; gzip too), normalize, give stable ids, report bad rows."""

from curator.ingest.options import IngestOptions
from curator.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestOptions", "IngestReport", "ingest"]
