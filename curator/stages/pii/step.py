"""presidio_pii_v1 as a datatrove step: scrubs doc.text in batches with curator.stages.pii's PiiScrubber.

The engine exports the RAW text (raw_texts) for this stage only; the step replaces doc.text by the scrubbed
text and stores the findings (entity type, offsets in the raw text, score, recognizer; never the value) in
doc.metadata["pii_findings"]. Nothing is dropped.
"""

from __future__ import annotations

import json
from typing import Any

from datatrove.data import Document

from curator.errors import CuratorError
from curator.stages.base import CuratorStep

_SCRUBBERS: dict[str, Any] = {}


class PiiScrubStep(CuratorStep):
    name = "presidio_pii_v1"

    def __init__(self, **scrubber_params: Any) -> None:
        super().__init__(languages=None, batch_size=64)
        self.scrubber_params = scrubber_params
        self._scrubber = None

    @staticmethod
    def params_class() -> type:
        """The recipe's params are PiiScrubber's keyword arguments."""
        try:
            from curator.stages.pii.scrubber import PiiScrubber
        except ImportError as exc:
            raise CuratorError(f"step presidio_pii_v1 is unavailable: {exc} (curator.stages.pii.scrubber)") from None
        return PiiScrubber

    @property
    def scrubber(self) -> Any:
        if self._scrubber is None:
            key = json.dumps(self.scrubber_params, sort_keys=True, default=str)
            if key not in _SCRUBBERS:
                _SCRUBBERS[key] = self.params_class()(**self.scrubber_params)
            self._scrubber = _SCRUBBERS[key]
        return self._scrubber

    def warm_up(self) -> None:
        """Load Presidio + spaCy now (the launcher does this once; forked workers share it)."""
        self.scrubber.scrub_many(["warm up"], ["en"])

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        langs = [d.metadata.get("language") or "en" for d in batch]
        results = self.scrubber.scrub_many([d.text for d in batch], langs)
        for doc, res in zip(batch, results, strict=True):
            doc.metadata["pii_findings"] = [dict(f) for f in res.findings]
            doc.metadata["pii_modified"] = res.text != doc.text
            doc.text = res.text
        return [True] * len(batch)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]
