"""The DuckDB catalog: connections, migrations, runs, and the read queries the CLI and app share."""

from curator.catalog.connection import connect, transaction
from curator.catalog.runs import Run, canonical_json, config_hash, utcnow

__all__ = ["Run", "canonical_json", "config_hash", "connect", "transaction", "utcnow"]
