"""What an audit task shows: the rule and its reason in plain words, the question, the PII replacements marked.

Everything here goes to Label Studio, so it is built only from the rule's own name, its reason (rule-made text:
numbers, thresholds, sample ids) and the scrubbed texts; a reason that does not start with its rule's name (so not
rule-made) is not shown.
"""

from __future__ import annotations

import re
from typing import Any

from curator.stages.base import PLACEHOLDER

QUESTIONS = {
    "drop": "Is this decision right? Should this text have been dropped for the reason given?",
    "near": "This text was KEPT, just inside the rule's threshold. Is keeping it right?",
    "modify": "Is the scrubbing right? Anything missed (personal data still visible)? Anything over-scrubbed?",
    "dedup": "Same content? Is the first text a duplicate of the kept one below (right) or different (wrong)?",
}
STAGE_WORDS = {
    "langid": "language identification",
    "quality": "quality filter",
    "dedup": "deduplication",
    "pii": "personal data scrubbing",
}
NO_OTHER = "(no second text for this rule)"
_MARK = re.compile(PLACEHOLDER)


def marked(text: str) -> str:
    """The scrubbed text with each replacement made visible: <PHONE_NUMBER> → ⟦PHONE_NUMBER⟧."""
    return _MARK.sub(lambda m: "⟦" + m.group(0)[1:-1] + "⟧", text)


def question(item: dict[str, Any]) -> str:
    if item["stage"] == "dedup" and item["kind"] == "drop":
        return QUESTIONS["dedup"]
    return QUESTIONS[item["kind"]]


def rule_line(item: dict[str, Any]) -> str:
    return f"Rule: {item['step']} ({STAGE_WORDS.get(item['stage'], item['stage'])} stage)"


def reason_line(item: dict[str, Any]) -> str:
    """The reason in plain words."""
    reason, step = item.get("reason") or "", item["step"]
    said = reason[len(step) + 1 :].strip() if reason.startswith(step + ":") else None
    if item["kind"] == "near":
        score, limit = item["score"], item["threshold"]
        return f"Kept: {reason or 'passed'}; its score {score:.2f} is just above the threshold {limit}."
    if said is None:
        return "Dropped by this rule." if item["kind"] == "drop" else "Changed by this rule."
    if item["stage"] == "dedup":
        near = "near " if "near duplicate" in said else ""
        return f"Dropped as a {near}duplicate of the kept text shown below ({said})."
    if item["kind"] == "modify":
        return f"Scrubbed: {said}. Replacements are marked ⟦LIKE_THIS⟧."
    return f"Dropped because: {said.replace('_', ' ')}."


def task_data(item: dict[str, Any], text: str, other_text: str | None) -> dict[str, str]:
    """The task's data: exactly curator.catalog.outbound.AUDIT_TASK_FIELDS."""
    return {
        "text": marked(text) if item["kind"] == "modify" else text,
        "sample_id": item["sample_id"],
        "rule": rule_line(item),
        "reason": reason_line(item),
        "question": question(item),
        "other_text": other_text if other_text is not None else NO_OTHER,
    }
