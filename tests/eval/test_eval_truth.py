"""Truth files are checked on load: a bad one is a one-line error naming the file, the line and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.errors import BadInput
from curator.eval.truth import load

GOOD_PII = {
    "id": "p1",
    "text": "Mail ada@example.org",
    "pii": [{"type": "EMAIL_ADDRESS", "value": "ada@example.org", "start": 5, "end": 20}],
}


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "truth.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def error(path: Path, task: str) -> str:
    with pytest.raises(BadInput) as exc:
        load(path, task)
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_a_good_file_loads(tmp_path):
    assert load(write(tmp_path, GOOD_PII, {"id": "p2", "text": "clean", "pii": []}), "pii")[0]["id"] == "p1"


@pytest.mark.parametrize(
    ("task", "bad", "reason"),
    [
        ("pii", "{not json", "not JSON"),
        ("pii", {"id": "p2", "text": "no truth"}, "'pii' is a required property"),
        (
            "pii",
            {**GOOD_PII, "id": "p2", "pii": [{**GOOD_PII["pii"][0], "start": 4}]},
            "pii/0: text[4:20] is not the value",
        ),
        (
            "pii",
            {**GOOD_PII, "id": "p2", "pii": [{**GOOD_PII["pii"][0], "type": "email"}]},
            "pii/0/type: 'email' does not match",
        ),
        ("pii", {**GOOD_PII}, "id 'p1' repeats line 1"),
        ("pii", {"id": "p2", "text": " padded ", "pii": []}, "text is not stored as written (stripped)"),
        ("langid", {"id": "l2", "text": "hallo", "lang": "deu"}, "lang: 'deu' does not match"),
        ("quality", {"id": "q2", "text": "x", "class": "spam"}, "class: 'spam' is not one of ['clean', 'junk']"),
        ("dedup", {"id": "d2", "text": "x", "dup_of": "nowhere"}, "dup_of 'nowhere' names no record of this file"),
        ("dedup", {"id": "d2", "text": "x", "dup_of": "d2"}, "dup_of 'd2' names itself"),
    ],
)
def test_a_bad_record_names_file_line_and_reason(tmp_path, task, bad, reason):
    first = {
        "pii": GOOD_PII,
        "langid": {"id": "p1", "text": "hello", "lang": "en"},
        "quality": {"id": "p1", "text": "hello", "class": "clean"},
        "dedup": {"id": "p1", "text": "hello", "dup_of": None},
    }[task]
    path = write(tmp_path, first, bad)
    message = error(path, task)
    assert message.startswith(f"{path}:2: "), message
    assert reason in message, message


def test_an_empty_file_and_an_unknown_task_are_refused(tmp_path):
    assert error(write(tmp_path, ""), "pii") == f"{tmp_path / 'truth.jsonl'}: no truth records"
    assert "unknown evaluation 'ner': use pii, langid, quality, dedup" in error(write(tmp_path, GOOD_PII), "ner")
