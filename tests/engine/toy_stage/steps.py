"""toy_length_v1: drops texts shorter than `min_chars` characters."""

from __future__ import annotations

from datatrove.data import Document

from curator.stages.base import CuratorStep


class ToyLength(CuratorStep):
    name = "toy_length_v1"

    def __init__(self, min_chars: int = 40) -> None:
        super().__init__(languages=None, batch_size=1)
        self.min_chars = min_chars

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return True if len(doc.text) >= self.min_chars else self.drop(f"{len(doc.text)} < {self.min_chars} chars")
