"""Sample ids: the catalog's key for a record, stable across re-ingests (ingest makes them, reads look them up)."""

from __future__ import annotations

import hashlib


def content_key(thash: str) -> str:
    """The source_key given to a record that has no id of its own: from the hash of its normalized text."""
    return f"#{thash[:16]}"


def make_sample_id(source: str, source_key: str) -> str:
    """Stable id: the same source name and record key always give the same sample_id."""
    digest = hashlib.blake2b(f"{source}\x1f{source_key}".encode("utf-8", "surrogatepass"), digest_size=8)
    return "s" + digest.hexdigest()
