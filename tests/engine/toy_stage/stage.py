"""The toy stage: every pending sample judged by its steps; a kept one's reason and score are its length."""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from curator.stages.base import DocumentStage


class ToyStage(DocumentStage):
    name = "toy"

    def keep_row(self, row: dict[str, Any], doc: Document, step_names: list[str]) -> dict[str, Any]:
        return {**row, "reason": f"toy: long enough ({len(doc.text)} chars)", "score": float(len(doc.text))}
