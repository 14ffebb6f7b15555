"""What may leave the raw zone: ONE allow-list of fields for every writer that sends sample data out.

Files and services outside the catalog — split part files (and `curator export`, which copies or converts them),
`curator samples` exports, Label Studio tasks — carry only the fields named here. The free-text `metadata` of a
record (the source's other fields, e.g. a `customer_email`) never leaves: it may be READ to plan a split
(stratify / time / --where) but no writer puts it, or a value of it, into a file. Text leaves only once the PII
stage has scrubbed it (`pii_scrubbed`); before that a sample's current text is its raw text.

Generated ids (`sample_id`, `text_hash`, `dup_cluster`) are hex digests curator computes; they are never source
data, and the PII audit does not scan them (a hex digest can look like a phone or card number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from curator.errors import CuratorError

# the columns of a split part file (train/val/test.parquet), in file order
SPLIT_COLUMNS = (
    "sample_id",
    "text",
    "label",
    "source",
    "source_key",
    "language",
    "created_at",
    "text_hash",
    "dup_cluster",
    "n_chars",
)
# the `data` of a Label Studio task
TASK_FIELDS = ("text", "sample_id")
# the `data` of an audit task (`curator audit decisions`): the scrubbed text, the rule and its reason in words, the
# question, and for a duplicate the kept sample's scrubbed text (curator.audit.plain.task_data)
AUDIT_TASK_FIELDS = ("text", "sample_id", "rule", "reason", "question", "other_text")
# `curator samples`: the sample's own columns that may leave, plus what the catalog derives (status, labels)
SAMPLE_COLUMNS = frozenset(SPLIT_COLUMNS) | {"status", "pii_scrubbed"}
GENERATED = frozenset({"sample_id", "text_hash", "dup_cluster"})
# SQL (over samples alias s) for the text that may leave: the current text once scrubbed, else nothing
SCRUBBED_TEXT_SQL = "CASE WHEN s.pii_scrubbed THEN s.text END"


def may_leave(column: str) -> bool:
    """Whether a samples column may be written out of the raw zone as it is."""
    return column in SAMPLE_COLUMNS


def check_columns(names: Iterable[str], where: str) -> None:
    """Raise if a writer is about to send a field outside the allow-list (a bug, not bad input)."""
    extra = sorted(set(names) - SAMPLE_COLUMNS - {"part"})
    if extra:
        raise CuratorError(f"{where}: fields {extra} may not leave the raw zone (allowed: {sorted(SAMPLE_COLUMNS)})")


def opaque(field: str, value: str | None) -> str | None:
    """A value read from the raw zone (a metadata field) as it may appear in a report: a short digest, never the
    value. The same value always gives the same digest, so strata stay comparable across builds."""
    if value is None or may_leave(field):
        return value
    return f"{field}#{hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"
