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


def to_findings(results: list[RecognizerResult]) -> list[dict[str, Any]]:
    return [
        {
            "entity_type": r.entity_type,
            "start": r.start,
            "end": r.end,
            "score": round(r.score, 4),
            "recognizer": _recognizer(r),
        }
        for r in results
    ]


def tidy(text: str, finding: dict[str, Any]) -> dict[str, Any] | None:
    """A finding shrunk to its entity: no separator at either end, no unbalanced or enclosing parenthesis
    ("(+48 698 063 179)" → "+48 698 063 179"), a PERSON span cut at its first line break ("Ada Byron\nDocBook")."""
    start, end = finding["start"], finding["end"]
    while start < end and text[start] in " \t\n\r,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n\r,;:":
        end -= 1
    seg = text[start:end]
    enclosed = seg.startswith("(") and seg.endswith(")") and seg.count("(") == 1 and seg.count(")") == 1
    if enclosed or (seg.startswith("(") and ")" not in seg):
        start += 1
    if enclosed or (seg.endswith(")") and seg.count(")") > seg.count("(")):
        end -= 1
    if finding["entity_type"] == "PERSON" and "\n" in text[start:end]:
        end = start + len(text[start:end].split("\n", 1)[0].rstrip())
    return {**finding, "start": start, "end": end} if end > start else None


def merge(findings: list[dict[str, Any]], text: str | None = None) -> list[dict[str, Any]]:
    """Findings with overlaps merged (union of the spans, typed by the strongest), in text order. With `text`,
    two findings of one type separated only by spaces merge too ("Maria" "Garcia" → one <PERSON>)."""
    out: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    # a total order: which recognizer is credited for one span never depends on the order Presidio returned them
    order = sorted(findings, key=lambda f: (f["start"], -f["end"], -f["score"], f["entity_type"], f["recognizer"]))
    for f in order:
        if out and text is not None and _space_between(text, out[-1], f):
            out[-1]["end"] = f["end"]
            continue
        if out and f["start"] < out[-1]["end"]:
            last = out[-1]
            last["end"] = max(last["end"], f["end"])
            if best is None or (f["score"], f["end"] - f["start"]) > (best["score"], best["end"] - best["start"]):
                best = f
                last.update(entity_type=f["entity_type"], score=f["score"], recognizer=f["recognizer"])
            continue
        best = f
        out.append(dict(f))
    return out


def _space_between(text: str, a: dict[str, Any], b: dict[str, Any]) -> bool:
    gap = text[a["end"] : b["start"]]
    return a["entity_type"] == b["entity_type"] and b["start"] >= a["end"] and gap != "" and gap.strip(" ") == ""


def map_back(found: list[dict[str, Any]], placed: list[tuple[int, int, int, int]]) -> list[dict[str, Any]]:
    """Findings on a scrubbed text → offsets in the original. `placed`: (new_start, new_end, start, end) of each
    replacement; a finding never overlaps one (placeholders are not PII), so it shifts by those before it."""
    out = []
    for f in found:
        delta = sum((e - s) - (ne - ns) for ns, ne, s, e in placed if ne <= f["start"])
        out.append({**f, "start": f["start"] + delta, "end": f["end"] + delta})
    return out


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


def replace(text: str, findings: list[dict[str, Any]], mode: str = "placeholder") -> tuple[str, list[tuple[int, ...]]]:
    """`text` with every finding replaced by Presidio's anonymizer (findings must not overlap), and where each
    replacement landed: (new_start, new_end, start, end) per finding, in text order."""
    if not findings:
        return text, []
    findings = sorted(findings, key=lambda f: f["start"])
    results = [RecognizerResult(f["entity_type"], f["start"], f["end"], f["score"]) for f in findings]
    if mode == "pseudonym":
        names = pseudonyms(text, findings)
        values = [names[_key(f["entity_type"], text[f["start"] : f["end"]])] for f in findings]
        operators = {
            t: OperatorConfig("custom", {"lambda": _lookup(t, names)}) for t in {f["entity_type"] for f in findings}
        }
    else:
        values = [f"<{f['entity_type']}>" for f in findings]
        operators = {"DEFAULT": OperatorConfig("replace")}
    new = _ANONYMIZER.anonymize(
        text=text, analyzer_results=results, operators=operators, merge_entities_with_spaces=False
    ).text  # (merge() did it)
    placed, shift = [], 0
    for f, value in zip(findings, values, strict=True):
        placed.append((f["start"] + shift, f["start"] + shift + len(value), f["start"], f["end"]))
        shift += len(value) - (f["end"] - f["start"])
    if new != _splice(text, placed, values):  # the anonymizer resolved something differently: trust the findings
        new = _splice(text, placed, values)
    return new, placed


def _splice(text: str, placed: list[tuple[int, int, int, int]], values: list[str]) -> str:
    parts, pos = [], 0
    for (_, _, start, end), value in zip(placed, values, strict=True):
        parts += [text[pos:start], value]
        pos = end
    return "".join(parts) + text[pos:]
