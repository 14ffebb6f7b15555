"""Turn analyzer results into non-overlapping findings and replace them with Presidio's anonymizer.

Overlapping results merge into one span (the union: every character any recognizer flagged is replaced) typed
by the strongest result. Replacement is a typed placeholder (`<EMAIL_ADDRESS>`) or a per-document pseudonym
(`<PERSON_1>`: the same value gets the same pseudonym within one document).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

_ANONYMIZER = AnonymizerEngine()


def _recognizer(result: RecognizerResult) -> str:
    meta = result.recognition_metadata or {}
    return str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY) or "unknown")


def merge(results: list[RecognizerResult]) -> list[dict[str, Any]]:
    """Findings (entity_type, start, end, score, recognizer) with overlaps merged, in text order."""
    findings: list[dict[str, Any]] = []
    best: RecognizerResult | None = None
    for r in sorted(results, key=lambda r: (r.start, -r.end)):
        if findings and r.start < findings[-1]["end"]:
            last = findings[-1]
            last["end"] = max(last["end"], r.end)
            if best is None or (r.score, r.end - r.start) > (best.score, best.end - best.start):
                best = r
                last.update(entity_type=r.entity_type, score=round(r.score, 4), recognizer=_recognizer(r))
            continue
        best = r
        findings.append({"entity_type": r.entity_type, "start": r.start, "end": r.end, "score": round(r.score, 4),
                         "recognizer": _recognizer(r)})  # fmt: skip
    return findings


def _key(entity_type: str, value: str) -> tuple[str, str]:
    return entity_type, " ".join(value.split()).casefold()


def pseudonyms(text: str, findings: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(type, normalized value) → `<TYPE_n>`, numbered per type in order of first appearance."""
    names: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    for f in findings:
        key = _key(f["entity_type"], text[f["start"] : f["end"]])
        if key not in names:
            counts[key[0]] = counts.get(key[0], 0) + 1
            names[key] = f"<{key[0]}_{counts[key[0]]}>"
    return names


def _lookup(entity_type: str, names: dict[tuple[str, str], str]) -> Callable[[str], str]:
    return lambda value: names[_key(entity_type, value)]


def replace(text: str, findings: list[dict[str, Any]], mode: str = "placeholder") -> str:
    """`text` with every finding replaced (findings must not overlap)."""
    if not findings:
        return text
    results = [RecognizerResult(f["entity_type"], f["start"], f["end"], f["score"]) for f in findings]
    if mode == "pseudonym":
        names = pseudonyms(text, findings)
        operators = {t: OperatorConfig("custom", {"lambda": _lookup(t, names)})
                     for t in {f["entity_type"] for f in findings}}  # fmt: skip
    else:
        operators = {"DEFAULT": OperatorConfig("replace")}
    return _ANONYMIZER.anonymize(text=text, analyzer_results=results, operators=operators).text
