"""Truth files of `curator eval`: JSONL, one record per line, checked against schemas/eval/<task>.schema.json.

A bad file stops the evaluation with one line naming the file, the line and the reason. Beyond the schema:
ids are unique, a PII value sits at its span (text[start:end] == value), a duplicate's `dup_of` names another
record of the file, and every text is already what ingest would store (normalized), so offsets stay true.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from curator.errors import BadInput
from curator.ingest.normalize import normalize_text
from curator.names import shown

TASKS = ("pii", "langid", "quality", "dedup")
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "eval"


@cache
def validator(task: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{task}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_error(task: str, record: Any) -> str | None:
    error = jsonschema.exceptions.best_match(validator(task).iter_errors(record))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) <= 160 else error.message[:160] + "…"
    return f"{where or 'record'}: {message}"


def _record_error(task: str, record: dict[str, Any], ids: dict[str, int]) -> str | None:
    text = record["text"]
    if record["id"] in ids:
        return f"id {shown(record['id'])} repeats line {ids[record['id']]}"
    normal, changes = normalize_text(text)
    if changes:
        return f"text is not stored as written ({', '.join(changes)}): write it normalized"
    for i, span in enumerate(record.get("pii", []) if task == "pii" else []):
        if not 0 <= span["start"] < span["end"] <= len(text) or text[span["start"] : span["end"]] != span["value"]:
            return f"pii/{i}: text[{span['start']}:{span['end']}] is not the value {shown(span['value'])}"
    return None


def load(path: Path, task: str) -> list[dict[str, Any]]:
    """The records of a truth file for `task`, or BadInput naming file, line and reason."""
    if task not in TASKS:
        raise BadInput(f"unknown evaluation {shown(task)}: use {', '.join(TASKS)}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read truth file ({type(exc).__name__})") from None
    records: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{n}: not JSON ({exc.msg})") from None
        why = _schema_error(task, record) or _record_error(task, record, ids)
        if why:
            raise BadInput(f"{path}:{n}: {why}")
        ids[record["id"]] = n
        records.append(record)
    if not records:
        raise BadInput(f"{path}: no truth records")
    if task == "dedup":
        _check_pairs(path, records, ids)
    return records


def _check_pairs(path: Path, records: list[dict[str, Any]], ids: dict[str, int]) -> None:
    for record in records:
        other = record.get("dup_of")
        if other is not None and (other not in ids or other == record["id"]):
            why = "names itself" if other == record["id"] else "names no record of this file"
            raise BadInput(f"{path}:{ids[record['id']]}: dup_of {shown(other)} {why}")
