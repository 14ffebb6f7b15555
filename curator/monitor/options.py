"""`curator monitor` options: the window, the range and each check's threshold (defaults documented in
docs/monitor.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from curator.errors import CuratorError
from curator.names import shown

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SPAN = re.compile(r"^(\d{1,6})([smhdw])$")


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """A check is flagged when its statistic is above its threshold (and, for KS, its p-value under ks_alpha)."""

    language_psi: float = 0.2
    length_ks: float = 0.15
    label_psi: float = 0.2
    confidence_ks: float = 0.2
    low_confidence_increase: float = 0.15  # production share of low-confidence minus the reference's
    embedding_auc: float = 0.75
    f1_drop: float = 0.1  # the model's test macro-F1 minus live macro-F1
    ks_alpha: float = 0.01

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


@dataclass(frozen=True, kw_only=True)
class MonitorOptions:
    name: str
    source: str = "production"
    model: str | None = None  # MODEL_ID | latest; None: the model promoted for `name`
    since: datetime | None = None
    window_s: int = 86400
    low_confidence: float = 0.5  # a prediction whose top probability is under this is low-confidence
    min_samples: int = 30  # a window with fewer production samples is recorded, not judged
    min_labeled: int = 20  # live macro-F1 needs this many production samples with a resolved label
    embedding: str = "minilm"  # minilm | tfidf | none
    embed_sample: int = 300  # per side and window: embeddings are costly (MiniLM ~100 texts/s here)
    reference_sample: int = 20000  # reference rows predicted for the confidence baseline
    seed: int = 0
    thresholds: Thresholds = field(default_factory=Thresholds)


def parse_window(text: str) -> int:
    """`1d`, `6h`, `30m`, `1w`, `90s` → seconds."""
    m = _SPAN.match(text.strip())
    if not m or int(m.group(1)) == 0:
        raise CuratorError(f"--window {shown(text)}: use a positive number and a unit s|m|h|d|w, e.g. 1d or 6h")
    return int(m.group(1)) * UNITS[m.group(2)]


def parse_since(text: str | None, now: datetime) -> datetime | None:
    """An ISO time (`2026-12-01`, `2026-12-01T08:00`) or a span back from now (`7d`)."""
    if text is None:
        return None
    if _SPAN.match(text.strip()):
        return now - timedelta(seconds=parse_window(text))
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CuratorError(f"--since {shown(text)}: use an ISO time (2026-12-01T08:00) or a span back (7d)") from None
    return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)
