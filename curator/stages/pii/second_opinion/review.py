"""The second opinion over what left the raw zone: flags by type and location, with masked previews only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from curator.stages.pii.second_opinion.detect import detect

NAME = "second_opinion_v1"
MAX_FLAGS = 50  # flags listed in a report (all are counted)


class Review:
    """Collects the second opinion's flags over many (id, text) items; `report()` gives the summary."""

    def __init__(self, limit: int = MAX_FLAGS) -> None:
        self.limit = limit
        self.scanned = 0
        self.items_flagged = 0
        self.by_type: Counter[str] = Counter()
        self.flags: list[dict[str, Any]] = []

    def add(self, item_id: str, text: str, **where: Any) -> int:
        """Scan one text; returns its number of flags. `where` (task id, field, …) is copied into each flag."""
        self.scanned += 1
        found = detect(text)
        if found:
            self.items_flagged += 1
        for flag in found:
            self.by_type[flag.entity_type] += 1
            if len(self.flags) < self.limit:
                self.flags.append(
                    {
                        "id": item_id,
                        **where,
                        "entity_type": flag.entity_type,
                        "start": flag.start,
                        "end": flag.end,
                        "preview": flag.preview,
                        "rules": list(flag.rules),
                    }
                )
        return len(found)

    def report(self) -> dict[str, Any]:
        """{"detector", "scanned", "with_flags", "flags", "by_type", "items" (the first `limit` flags), "ok"}."""
        return {
            "detector": NAME,
            "scanned": self.scanned,
            "with_flags": self.items_flagged,
            "flags": sum(self.by_type.values()),
            "by_type": dict(self.by_type.most_common()),
            "items": self.flags,
            "ok": not self.by_type,
        }
