"""A labeled file of quality judgments: JSONL, one object per line, either

    {"text": "…", "label": "keep"}        label keep | drop (optional "id", "kind")
    {"id": "q-1", "text": "…", "class": "junk", "kind": "technical"}   the eval set's quality truth
                                          (schemas/eval/quality.schema.json): clean → keep, junk → drop

A bad line stops training with one line naming the file, the line and the reason. Texts are normalized as ingest
stores them (curator.ingest.normalize), so the filter learns from the text the quality stage will judge.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from curator.errors import BadInput
from curator.filters.examples import LABELS, Examples
from curator.ingest.normalize import normalize_text
from curator.names import shown

CLASSES = {"clean": "keep", "junk": "drop"}


def _label(record: dict[str, Any]) -> str:
    """keep | drop of one record, or ValueError with the reason."""
    if "label" in record:
        label = record["label"]
        if label not in LABELS:
            raise ValueError(f"label {shown(label)}: use keep or drop")
        return label
    if "class" in record:
        cls = record["class"]
        if cls not in CLASSES:
            raise ValueError(f"class {shown(cls)}: use clean or junk")
        return CLASSES[cls]
    raise ValueError("no label: give `label` (keep | drop) or `class` (clean | junk)")


def _example(record: Any) -> tuple[str, str, str | None, str | None]:
    """(text, label, id, kind) of one parsed line, or ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no text: `text` must be a non-empty string")
    ident, kind = record.get("id"), record.get("kind")
    return normalize_text(text)[0], _label(record), None if ident is None else str(ident), kind


def read_labeled(path: Path) -> Examples:
    """The examples of a labeled file, or BadInput naming file:line: reason."""
    try:
        data = path.read_bytes()
        lines = data.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read labeled file ({type(exc).__name__})") from None
    out = Examples("file", source_ref=f"{path} sha256:{hashlib.sha256(data).hexdigest()[:16]}")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            text, label, ident, kind = _example(json.loads(line))
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{n}: not JSON ({exc.msg})") from None
        except ValueError as exc:
            raise BadInput(f"{path}:{n}: {exc}") from None
        out.add(ident or f"line {n}", text, label, kind if isinstance(kind, str) else None)
    if not out.texts:
        raise BadInput(f"{path}: no labeled lines")
    return out
