"""Small helpers shared by the scorers."""

from __future__ import annotations

import re


def ratio(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places; None when there is nothing to divide (shown as '-')."""
    return round(part / whole, 4) if whole else None


def rule_of(step: str, reason: str) -> str:
    """A drop's rule: its step and the kind of its reason, without the numbers (`outliers_v1: too_short`)."""
    kind = reason.split(": ", 1)[1] if reason.startswith(f"{step}: ") else reason
    kind = re.split(r"[\d(]", kind.replace("p(drop)", "p_drop"), maxsplit=1)[0].strip(" <>=:")
    kind = re.sub(r"^language \S+ not kept", "language not kept", kind)
    return f"{step}: {kind}" if kind else step
