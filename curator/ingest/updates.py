"""Re-ingest of a known record (same id, same text) whose label, time or other fields changed: an update.

The sample takes the new label, created_at and metadata, and the change is a decision ('modify' at stage
'ingest', reason e.g. "label changed: billing -> shipping; metadata changed: channel"), never a silent
"already present". Metadata values are raw-zone data: the reason and details name the changed keys, not values.
Metadata is compared as JSON (key order does not matter). Metadata that `purge-raw` removed stays removed: a
re-ingest of the raw file never brings it back (only a label or time change is applied to such a sample).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from curator.catalog import decisions
from curator.names import is_identifier, is_label, shown

# purge-raw (curator/stages/pii/purge.py) records each sample whose metadata it removed with this step and reason
PURGED = "SELECT DISTINCT sample_id FROM decisions WHERE step = 'purge_raw' AND reason = 'raw metadata purged'"
CANDIDATES = f"""
SELECT f.ord, f.target, p.file, p.line, e.label, p.label, e.created_at, p.created_at,
       e.metadata::VARCHAR, CASE WHEN g.sample_id IS NULL THEN p.metadata ELSE e.metadata::VARCHAR END
FROM ingest_fates f JOIN read_parquet($glob) p USING (ord) JOIN samples e ON e.sample_id = f.target
     LEFT JOIN ({PURGED}) g ON g.sample_id = f.target
WHERE f.fate = 'present' AND f.rn = 1 AND (e.label IS DISTINCT FROM p.label
   OR e.created_at IS DISTINCT FROM p.created_at
   OR (g.sample_id IS NULL AND e.metadata::VARCHAR IS DISTINCT FROM p.metadata))
QUALIFY row_number() OVER (PARTITION BY f.target ORDER BY f.ord) = 1
"""
APPLY = """
UPDATE samples SET label = u.label, created_at = u.created_at, metadata = u.metadata::JSON
FROM ingest_updates u WHERE samples.sample_id = u.sample_id
"""
DECISION_ROWS = """
SELECT sample_id, 'ingest_v1' AS step, 'modify' AS decision, reason, NULL AS score, details, ord AS seq
FROM ingest_updates
"""
MARK = "UPDATE ingest_fates SET fate = 'updated' WHERE ord IN (SELECT ord FROM ingest_updates)"
SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("sample_id", pa.string()),
        ("label", pa.string()),
        ("created_at", pa.timestamp("us")),
        ("metadata", pa.string()),
        ("reason", pa.string()),
        ("details", pa.string()),
    ]
)
MAX_KEYS_SHOWN = 10


def _label(value: str | None) -> str:
    if value is None:
        return "(none)"
    return value if is_label(value) else shown(value)


def _key(key: str) -> str:
    return key if is_identifier(key) else shown(key)


def _changed_keys(old: str | None, new: str) -> list[str]:
    before: dict[str, Any] = orjson.loads(old) if old else {}
    after: dict[str, Any] = orjson.loads(new)
    if not isinstance(before, dict):
        before = {}
    return sorted(k for k in before.keys() | after.keys() if before.get(k, ...) != after.get(k, ...))


def describe(
    old_label: str | None,
    new_label: str | None,
    old_time: datetime | None,
    new_time: datetime | None,
    old_meta: str | None,
    new_meta: str,
) -> tuple[str, dict[str, Any]] | None:
    """The reason and details of an update, or None when nothing really changed (metadata keys reordered)."""
    parts: list[str] = []
    details: dict[str, Any] = {}
    if old_label != new_label:
        parts.append(f"label changed: {_label(old_label)} -> {_label(new_label)}")
        details["label"] = [old_label, new_label]
    if old_time != new_time:
        parts.append(f"created_at changed: {old_time or '(none)'} -> {new_time or '(none)'}")
        details["created_at"] = [str(old_time) if old_time else None, str(new_time) if new_time else None]
    keys = _changed_keys(old_meta, new_meta) if old_meta != new_meta else []
    if keys:
        more = f" and {len(keys) - MAX_KEYS_SHOWN} more" if len(keys) > MAX_KEYS_SHOWN else ""
        parts.append(f"metadata changed: {', '.join(_key(k) for k in keys[:MAX_KEYS_SHOWN])}{more}")
        details["metadata_keys"] = keys
    return ("; ".join(parts), details) if parts else None


def apply_updates(con: duckdb.DuckDBPyConnection, glob: str, params: dict[str, Any]) -> int:
    """Turn 'present' rows whose label, time or metadata changed into updates; returns how many."""
    rows: list[tuple[Any, ...]] = []
    for ord_, sid, file, line, old_l, new_l, old_t, new_t, old_m, new_m in con.execute(
        CANDIDATES, {"glob": glob}
    ).fetchall():
        change = describe(old_l, new_l, old_t, new_t, old_m, new_m)
        if change:
            reason, details = change
            details = {"file": file, "line": line, **details}
            rows.append((ord_, sid, new_l, new_t, new_m, reason, orjson.dumps(details).decode()))
    if not rows:
        return 0
    table = pa.Table.from_arrays([list(c) for c in zip(*rows, strict=True)], schema=SCHEMA)
    con.register("ingest_updates_arrow", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE ingest_updates AS SELECT * FROM ingest_updates_arrow")
    finally:
        con.unregister("ingest_updates_arrow")
    con.execute(APPLY)
    decisions.write(con, DECISION_ROWS, run_id=params["run_id"], stage="ingest", now=params["now"])
    con.execute(MARK)
    return len(rows)
