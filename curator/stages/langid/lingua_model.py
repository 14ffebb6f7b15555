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


_KEPT: dict[tuple[str, ...], Any] = {}


def kept_detector(keep: tuple[str, ...]) -> Any:  # noqa: ANN401 - lingua's detector (Rust extension, untyped)
    """lingua over the recipe's kept languages only (ISO 639-1 codes lingua knows): ~1.7 s to load, ~2,700 texts/s
    here, against ~14 s and ~370 texts/s for all 75 languages; codes lingua lacks are left out."""
    if keep not in _KEPT:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, c.upper()) for c in keep if hasattr(IsoCode639_1, c.upper())]
        if len(codes) < 2:  # lingua needs two languages to choose between; one kept language needs no choice
            _KEPT[keep] = None
        else:
            _KEPT[keep] = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()
    return _KEPT[keep]


def kept_confidences(keep: tuple[str, ...], texts: list[str]) -> list[dict[str, float]]:
    """For each text, lingua's confidence for each kept language (summing to 1); {} when lingua has no choice."""
    if not texts:  # never load lingua for nothing (a forked worker would load its models itself)
        return []
    det = kept_detector(keep)
    if det is None:
        return [{} for _ in texts]
    values = [det.compute_language_confidence_values(t) for t in texts]  # one at a time (see `confidences`)
    return [{v.language.iso_code_639_1.name.lower(): float(v.value) for v in vs} for vs in values]
