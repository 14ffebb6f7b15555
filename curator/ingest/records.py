"""Turn one raw record into catalog columns, or a reject reason. Pure functions, no I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from curator.catalog.ids import content_key, make_sample_id
from curator.ingest.normalize import normalize_text, text_hash
from curator.names import LABEL_CHARS, is_label, shown
from curator.plain import visible

MAX_METADATA_CHARS = 16 << 20  # a record's other fields, as JSON: 16 MiB
WARNING_PREFIX = "unparseable_"  # changes that are warnings: a value kept in metadata instead of its column


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
    legacy_id: str | None = None  # a non-string id's sample_id before ids kept their type (matched on re-ingest)


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


def fields_seen(record: dict[str, Any], limit: int = 12) -> str:
    """The record's field names, for a reject's detail: "id, text, label" (names only, never values)."""
    names = [visible(k)[:40] for k in list(record)[:limit]]  # keys of a JSON object or a CSV header: strings
    more = len(record) - limit
    return ", ".join(names) + (f" … ({more:,} more)" if more > 0 else "") if names else "no fields"


def _text_of(record: dict[str, Any], field: str, max_chars: int) -> tuple[str, list[str]]:
    if field not in record:
        raise Rejected("missing_text", f"no field {field!r}; the record has: {fields_seen(record)}")
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


_ID_TYPES = {bool: "bool", int: "int", float: "float", list: "array", dict: "object"}


def own_key(value: Any) -> str | None:
    """The source_key of a record's own id. A string is kept as it is (so the ids of existing catalogs do not
    change); any other JSON value keeps its type: 1 -> 'int:1', 1.5 -> 'float:1.5', true -> 'bool:true', so the
    number 1 and the string "1" (or true and "True") are two samples, not one. Raises ValueError when the value
    cannot be written as JSON."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    kind = _ID_TYPES.get(type(value), type(value).__name__)
    if type(value) is int:
        return f"int:{value}"  # any size (orjson stops at 64 bits)
    try:
        return f"{kind}:{json.dumps(value, sort_keys=True, separators=(',', ':'), default=str)}"
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _metadata(meta: dict[str, Any]) -> str:
    try:
        out = orjson.dumps(meta, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError as exc:  # nested deeper than 254 levels, an integer over 64 bits, ...
        raise Rejected("unserializable", f"metadata cannot be stored as JSON: {exc}") from None
    if len(out) > MAX_METADATA_CHARS:
        raise Rejected("too_large", f"metadata is {len(out):,} characters of JSON > {MAX_METADATA_CHARS:,}")
    return out


def _label(record: dict[str, Any], field: str | None) -> str | None:
    if not field:
        return None
    try:
        label = _scalar(record.get(field))
    except (ValueError, RecursionError):
        raise Rejected("invalid_label", f"{field!r} cannot be read as a label") from None
    if label is not None and not is_label(label):
        raise Rejected("invalid_label", f"{field!r} is {shown(label)}: a label uses {LABEL_CHARS}")
    return label


def _free_key(meta: dict[str, Any], key: str) -> str:
    """key, or key_2, key_3, … when the record already has a field of that name."""
    n, out = 1, key
    while out in meta:
        n, out = n + 1, f"{key}_{n + 1}"
    return out


def to_row(record: dict[str, Any], source: str, fields: FieldMap, max_chars: int) -> Row:
    """The catalog row for a record, or raise Rejected with the reason."""
    text, changes = _text_of(record, fields.text, max_chars)
    thash = text_hash(text)
    try:
        own_id = own_key(record.get(fields.id))
        legacy = _scalar(record.get(fields.id)) if own_id is not None and own_id != record.get(fields.id) else None
    except (ValueError, TypeError, RecursionError) as exc:
        raise Rejected("bad_id", f"{fields.id!r} cannot be read as an id: {exc}") from None
    source_key = own_id if own_id is not None else content_key(thash)
    label = _label(record, fields.label)
    used = {fields.text, fields.id, fields.label, fields.time}
    meta = {k: v for k, v in record.items() if k not in used}
    created_at = None
    if fields.time and fields.time in record:
        try:
            created_at = parse_time(record[fields.time])
        except (ValueError, OverflowError, OSError):
            changes = [*changes, f"unparseable_{fields.time}"]
            meta[_free_key(meta, f"{fields.time}_raw")] = record[fields.time]  # kept, not dropped
    return Row(
        sample_id=make_sample_id(source, source_key),
        source_key=source_key,
        text=text,
        text_hash=thash,
        label=label,
        created_at=created_at,
        changes=changes,
        metadata=_metadata(meta),
        legacy_id=make_sample_id(source, legacy) if legacy is not None else None,
    )
