"""Second opinion: run every rule on a text, merge overlapping spans, and mask what is shown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from curator.stages.pii.second_opinion.patterns import machine_values
from curator.stages.pii.second_opinion.people import names
from curator.stages.pii.second_opinion.places import addresses

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*(?:_\d+)?>")
# When spans of two types overlap, the merged span takes the type that comes first here.
PRIORITY = (
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "US_SSN",
    "IBAN_CODE",
    "IP_ADDRESS",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "PERSON",
)


@dataclass(frozen=True)
class Flag:
    """One span the second opinion thinks may be personal data: its type, where it is, the rules that fired and a
    masked preview (`mask`): never the value itself."""

    entity_type: str
    start: int
    end: int
    rules: tuple[str, ...]
    preview: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rules": list(self.rules)}


def mask(value: str) -> str:
    """A shape of `value` that does not give it away: the first letter of each word stays, other letters become
    `*`, digits `#`, separators stay ("Ada Byron" → "A** B****", "555-201-7788" → "###-###-####"). Capped at
    40 characters, line breaks shown as `⏎`."""
    out: list[str] = []
    prev_alpha = False
    for ch in value[:40]:
        if ch.isdigit():
            out.append("#")
        elif ch.isalpha():
            out.append("*" if prev_alpha else ch)
        elif ch in "\r\n":
            out.append("⏎")
        else:
            out.append(ch if ch.isprintable() else "?")
        prev_alpha = ch.isalpha()
    return "".join(out) + ("…" if len(value) > 40 else "")


def _spans(text: str) -> list[tuple[str, int, int, str]]:
    spans = [*machine_values(text), *addresses(text), *names(text)]
    holes = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    kept = []
    for kind, start, end, rule in spans:
        for h0, h1 in holes:  # never flag a placeholder; trim a span that runs into one
            if h0 <= start < h1:
                start = h1
            if h0 < end <= h1:
                end = h0
        while start < end and text[start] in " \t\n,;:":
            start += 1
        while end > start and text[end - 1] in " \t\n,;:":
            end -= 1
        if end - start >= 2 and any(ch.isalnum() for ch in text[start:end]):
            kept.append((kind, start, end, rule))
    return kept


def detect(text: str) -> list[Flag]:
    """The second opinion's flags for `text`, overlapping spans merged into one (typed by PRIORITY)."""
    spans = sorted(_spans(text), key=lambda s: (s[1], -s[2]))
    merged: list[list[Any]] = []
    for kind, start, end, rule in spans:
        if merged and start < merged[-1][2]:
            last = merged[-1]
            last[2] = max(last[2], end)
            last[0] = min(last[0], kind, key=PRIORITY.index)
            last[3].add(rule)
        else:
            merged.append([kind, start, end, {rule}])
    return [Flag(k, s, e, tuple(sorted(r)), mask(text[s:e])) for k, s, e, r in merged]


def detect_many(texts: Iterable[str]) -> list[list[Flag]]:
    """`detect` for each text."""
    return [detect(t) for t in texts]
