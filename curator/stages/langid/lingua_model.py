"""lingua (lingua-language-detector 2.1.1, models inside the wheel, offline): the second language model, for short
or low-confidence texts. One detector per process, loaded by the step's warm_up (the launcher warms stages before
forking, so workers share it)."""

from __future__ import annotations

from typing import Any

_DETECTOR: list[Any] = []


def detector() -> Any:  # noqa: ANN401 - lingua's detector (Rust extension, untyped)
    """lingua over all its 75 languages (so a text in a language the recipe does not keep is still seen as other),
    models preloaded: ~9 s and ~1 GB once per process."""
    if not _DETECTOR:
        from lingua import LanguageDetectorBuilder

        _DETECTOR.append(LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build())
    return _DETECTOR[0]


def confidences(texts: list[str], top: int = 10) -> list[dict[str, float]]:
    """For each text, its `top` languages (ISO 639-1, lower case) and lingua's confidence (summing to ≤ 1)."""
    if not texts:
        return []
    # one text at a time: lingua's *_in_parallel thread pool deadlocks in workers forked after the warm-up
    values = [detector().compute_language_confidence_values(t) for t in texts]
    return [{v.language.iso_code_639_1.name.lower(): float(v.value) for v in vs[:top]} for vs in values]
