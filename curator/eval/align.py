"""Which original characters a rewrite changed: a character alignment of the original and the current text.

`changed(original, current)[i]` is True when original character i was removed or replaced. Inserted characters
(a placeholder such as <PERSON>) belong to no original character and are not counted.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def changed(original: str, current: str) -> list[bool]:
    mask = [False] * len(original)
    if original == current:
        return mask
    for op, i1, i2, _, _ in SequenceMatcher(None, original, current, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            mask[i1:i2] = [True] * (i2 - i1)
    return mask


def in_spans(n: int, spans: list[tuple[int, int]]) -> list[bool]:
    mask = [False] * n
    for start, end in spans:
        mask[start:end] = [True] * (end - start)
    return mask


def bleed(mask: list[bool], inside: list[bool], spans: list[tuple[int, int]]) -> int:
    """Changed characters outside every span that touch a span through a run of changed characters."""
    seen: set[int] = set()
    for start, end in spans:
        i = start - 1
        while i >= 0 and mask[i] and not inside[i]:
            seen.add(i)
            i -= 1
        i = end
        while i < len(mask) and mask[i] and not inside[i]:
            seen.add(i)
            i += 1
    return len(seen)
