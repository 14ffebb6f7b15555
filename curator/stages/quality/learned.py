"""learned_quality_v1: a learned quality filter (`curator train-filter`) applied with a threshold.

Drops a text when the filter's p(drop) ≥ `threshold`, with the reason
"learned_quality_v1: p(drop)=0.91 ≥ 0.80 (filter NAME)". `model` is a filter NAME (its newest filter), a filter_id
(pinned: a recipe that must judge the same way tomorrow names the id) or the path of a filter folder; it is resolved
from the files (curator.filters.store.resolve), in $CURATOR_HOME or ./.curator. Recipes add it explicitly, after the
rule steps: it is in no preset (docs/curation.md, A learned quality filter).
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document

from curator.errors import CuratorError
from curator.stages.base import CuratorStep

_MODELS: dict[str, Any] = {}


class LearnedQuality(CuratorStep):
    name = "learned_quality_v1"

    def __init__(self, model: str | None = None, threshold: float = 0.8, languages: list[str] | None = None) -> None:
        super().__init__(languages=languages, batch_size=256)
        if not model:
            raise CuratorError("learned_quality_v1: params.model is required (a filter name, filter id or folder)")
        if not 0.0 < float(threshold) <= 1.0:
            raise CuratorError(f"learned_quality_v1: threshold {threshold}: use a probability above 0, at most 1")
        self.model_ref, self.threshold = str(model), float(threshold)
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from curator.filters.store import resolve
            from curator.train.fasttext_model import load_fasttext

            folder = resolve(self.model_ref).resolve()
            if str(folder) not in _MODELS:  # one load per process and folder (a recipe may name a filter twice)
                _MODELS[str(folder)] = load_fasttext(folder)
            self._model = _MODELS[str(folder)]
        return self._model

    def warm_up(self) -> None:
        """Load the filter now (the launcher does this once, before its workers fork)."""
        _ = self.model

    def filter_batch(self, docs: list[Document]) -> list[bool | tuple[bool, str]]:
        from curator.filters.model import p_drop

        probs = p_drop(self.model, [d.text for d in docs]) if docs else []
        return [self._verdict(float(p)) for p in probs]

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def _verdict(self, p: float) -> bool | tuple[bool, str]:
        if p < self.threshold:
            return True
        return self.drop(f"p(drop)={p:.2f} ≥ {self.threshold:.2f} (filter {self.model_ref})")
