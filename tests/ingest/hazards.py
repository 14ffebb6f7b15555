"""A bad-input fixture covering every ingest hazard, with the reason each line must get."""

from __future__ import annotations

import json
from pathlib import Path

# (raw line bytes, expected outcome): "accepted", "present", or a reject reason
HAZARDS: list[tuple[bytes, str]] = [
    (b'{"id": "ok-1", "text": "A perfectly fine record.", "label": "billing"}', "accepted"),
    (b'{"id": "broken", "text": "missing brace"', "invalid_json"),
    (b'{"id": "utf", "text": "caf\xe9 au lait"}', "invalid_utf8"),
    (b"[1, 2, 3]", "not_an_object"),
    (b"42", "not_an_object"),
    (b'{"id": "no-text", "body": "text under another name"}', "missing_text"),
    (b'{"id": "null-text", "text": null}', "null_text"),
    (b'{"id": "empty-text", "text": "   \\n\\t  "}', "empty_text"),
    (b'{"id": "num-text", "text": 12345}', "text_not_string"),
    (b'{"id": "long", "text": "' + b"x" * 300 + b'"}', "too_long"),
    (b'{"id": "nul", "text": "has a NUL\\u0000 byte inside"}', "accepted"),
    (b'{"id": "crlf", "text": "line one\\r\\nline two   \\r\\n"}', "accepted"),
    (b'{"id": "nfd", "text": "Cafe\\u0301 cre\\u0300me"}', "accepted"),
    (b'{"text": "a record without any id"}', "accepted"),
    (b'{"id": "ok-1", "text": "A perfectly fine record.", "label": "billing"}', "present"),
    (b'{"id": "ok-1", "text": "Same id, different text!"}', "id_conflict"),
    (b'{"id": "bad-time", "text": "fine text", "created_at": "not a date"}', "accepted"),
]
MAX_CHARS = 200


def write_hazards(path: Path) -> Path:
    """Write the fixture with a blank line in the middle (blank lines are not records)."""
    lines = [raw for raw, _ in HAZARDS]
    lines.insert(3, b"")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def expected_line(index: int) -> int:
    """1-based line number of HAZARDS[index] in the written file (after the inserted blank line)."""
    return index + 1 if index < 3 else index + 2


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
