"""Ingest: read sources (JSONL, CSV, Parquet, text; gzip too), normalize, give stable ids, report bad rows."""

from curator.ingest.pipeline import IngestOptions, IngestReport, ingest

__all__ = ["IngestOptions", "IngestReport", "ingest"]
