"""Training examples of a learned quality filter: (text, keep|drop) from the curator's own judgments.

- `reviews`: the newest review keep or drop of each sample (`reviews` rows written by curator.review.actions; an
  `audit apply` restore is a review keep too). Relabels and label changes say nothing about quality: not used.
- `audits`: audit verdicts of quality rules (curator.audit.verdicts, majority of the answers; unsure is skipped).
  A drop judged `right` → drop, `wrong` → keep; a near-threshold keep judged `right` → keep, `wrong` → drop. Audits
  of other stages (a language or a duplicate drop says nothing about the text's quality) and of PII scrubs are not
  used.
- a labeled file: curator.filters.labeled.

The text is the one the quality stage judges (curator.stages.base.DocumentStage.text_sql with judges_raw: the raw
original where one is kept): a filter learns from what it will see. Such a model is raw zone (docs/curation.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from curator.errors import CuratorError

LABELS = ("keep", "drop")  # class id = index; p(drop) is column 1
# (audited decision's kind, verdict) → label
AUDIT_LABEL = {
    ("drop", "right"): "drop",
    ("drop", "wrong"): "keep",
    ("near", "right"): "keep",
    ("near", "wrong"): "drop",
}


@dataclass
class Examples:
    """Parallel lists of texts and labels, where they came from, and what was left out (and why)."""

    source: str  # reviews | audits | file
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # sample ids (reviews, audits) or record ids / line numbers (file)
    skipped: dict[str, int] = field(default_factory=dict)
    source_ref: str | None = None
    kinds: list[str | None] = field(default_factory=list)  # the labeled file's `kind` per example, if any

    def add(self, ident: str, text: str, label: str, kind: str | None = None) -> None:
        self.ids.append(ident)
        self.texts.append(text)
        self.labels.append(label)
        self.kinds.append(kind)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def counts(self) -> dict[str, int]:
        c = Counter(self.labels)
        return {label: c[label] for label in LABELS}

    def check(self, min_per_class: int = 2) -> None:
        """At least `min_per_class` examples of keep and of drop, else a one-line error saying what was found."""
        c = self.counts()
        if min(c.values()) < min_per_class:
            found = ", ".join(f"{n} {lab}" for lab, n in c.items())
            raise CuratorError(
                f"train-filter --from {self.source}: {found}; need at least {min_per_class} keep and "
                f"{min_per_class} drop examples"
            )


def quality_text_sql() -> str:
    """SQL on `s` (samples) LEFT JOIN raw_texts `r`: the text the quality stage judges."""
    from curator.stages.registry import get_stage

    return get_stage("quality").text_sql()


REVIEWS = """
SELECT s.sample_id, {text} AS text, v.action
FROM (SELECT sample_id, action FROM reviews WHERE action IN ('keep', 'drop')
      QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY created_at DESC, review_id DESC) = 1) v
JOIN samples s USING (sample_id) LEFT JOIN raw_texts r USING (sample_id)
ORDER BY s.sample_id
"""


def from_reviews(con: duckdb.DuckDBPyConnection) -> Examples:
    """The newest review keep/drop of each reviewed sample."""
    out = Examples("reviews")
    for sample_id, text, action in con.execute(REVIEWS.format(text=quality_text_sql())).fetchall():
        if not (text or "").strip():
            out.skip("empty text")
            continue
        out.add(sample_id, text, action)
    return out


def from_audits(con: duckdb.DuckDBPyConnection) -> Examples:
    """Audit verdicts on quality rules' drops and near-threshold keeps; a sample audited twice counts once (its
    latest task)."""
    from curator.audit.verdicts import verdicts

    out = Examples("audits")
    latest: dict[str, str] = {}
    for v in sorted(verdicts(con), key=lambda v: (v.project, v.task_id)):
        label = AUDIT_LABEL.get((v.kind, v.verdict))
        if v.stage != "quality":
            out.skip(f"{v.stage} audit")
        elif label is None:
            out.skip(f"{v.kind} {v.verdict}")
        else:
            latest[v.sample_id] = label
    if not latest:
        return out
    rows = con.execute(
        f"SELECT s.sample_id, {quality_text_sql()} FROM samples s LEFT JOIN raw_texts r USING (sample_id) "
        "WHERE s.sample_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY s.sample_id",
        [sorted(latest)],
    ).fetchall()
    for sample_id, text in rows:
        if (text or "").strip():
            out.add(sample_id, text, latest[sample_id])
        else:
            out.skip("empty text")
    return out
