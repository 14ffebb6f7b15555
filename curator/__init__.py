"""curator: data-centric dataset curation and labeling, one DuckDB catalog for every decision."""

__version__ = "0.1.0"
