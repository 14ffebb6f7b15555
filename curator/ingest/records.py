"""Turn one raw record into catalog columns, or a reject reason. Pure functions, no I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from curator.ingest.normalize import content_key, make_sample_id, normalize_text, text_hash


@dataclass(frozen=True, slots=True)
class FieldMap:
    text: str = "text"
    id: str = "id"
    label: str | None = "label"
    time: str | None = "created_at"


@dataclass(slots=True)
class Row:
    sample_id: str
    source_key: str
    text: str
    text_hash: str
    label: str | None
    created_at: datetime | None
    metadata: str
    changes: list[str]


class Rejected(Exception):
    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def parse_time(value: Any) -> datetime | None:
    """ISO 8601 strings or epoch seconds; returns naive UTC. Raises ValueError when it cannot tell."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().replace(".", "", 1).isdigit():
        value = float(value)  # epoch seconds written as text (CSV)
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        dt = datetime.fromtimestamp(float(value), tz=UTC)
    elif isinstance(value, str):
        dt = datetime.fromisoformat(value.strip())
    else:
        raise ValueError(f"not a time: {type(value).__name__}")
    if dt.tzinfo is UTC:  # "…Z": already UTC, astimezone would return it unchanged
        return dt.replace(tzinfo=None)
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def _text_of(record: dict[str, Any], field: str, max_chars: int) -> tuple[str, list[str]]:
    if field not in record:
        raise Rejected("missing_text", f"no field {field!r}")
    value = record[field]
    if value is None:
        raise Rejected("null_text", f"{field!r} is null")
    if not isinstance(value, str):
        raise Rejected("text_not_string", f"{field!r} is {type(value).__name__}")
    text, changes = normalize_text(value)
    if not text:
        raise Rejected("empty_text", f"{field!r} is empty after normalization")
    if len(text) > max_chars:
        raise Rejected("too_long", f"{len(text)} chars > --max-chars {max_chars}")
    return text, changes


def _scalar(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | bool):
        return str(value)
    return json.dumps(value, sort_keys=True, default=str)


def to_row(record: dict[str, Any], source: str, fields: FieldMap, max_chars: int) -> Row:
    """The catalog row for a record, or raise Rejected with the reason."""
    text, changes = _text_of(record, fields.text, max_chars)
    thash = text_hash(text)
    own_id = _scalar(record.get(fields.id))
    source_key = own_id if own_id is not None else content_key(thash)
    label = _scalar(record.get(fields.label)) if fields.label else None
    created_at = None
    if fields.time and fields.time in record:
        try:
            created_at = parse_time(record[fields.time])
        except (ValueError, OverflowError, OSError):
            changes = [*changes, f"unparseable_{fields.time}"]
    used = {fields.text, fields.id, fields.label, fields.time}
    meta = {k: v for k, v in record.items() if k not in used}
    return Row(
        sample_id=make_sample_id(source, source_key),
        source_key=source_key,
        text=text,
        text_hash=thash,
        label=label,
        created_at=created_at,
        changes=changes,
        metadata=orjson.dumps(meta, default=str, option=orjson.OPT_NON_STR_KEYS).decode(),
    )
