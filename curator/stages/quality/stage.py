"""The quality stage: our outlier rules and datatrove's Gopher, C4 and FineWeb filters, first drop wins."""

from __future__ import annotations

from curator.stages.base import DocumentStage


class QualityStage(DocumentStage):
    name = "quality"
    judges_raw = True
