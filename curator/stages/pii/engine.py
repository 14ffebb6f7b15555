"""One Presidio AnalyzerEngine per process, built offline around the NER-only spaCy pipeline."""

from __future__ import annotations

import logging
from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from curator.stages.pii.entities import SPACY_LABELS
from curator.stages.pii.ner import SPACY_PACKAGE, load_ner
from curator.stages.pii.recognizers import build_recognizers


class PreloadedSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine around an already-loaded pipeline: `load()` never downloads a model."""

    def __init__(self, nlp: Any, language: str = "en") -> None:
        config = NerModelConfiguration(model_to_presidio_entity_mapping=dict(SPACY_LABELS), labels_to_ignore=[])
        super().__init__(models=[{"lang_code": language, "model_name": SPACY_PACKAGE}], ner_model_configuration=config)
        self.nlp = {language: nlp}

    def load(self) -> None:  # the pipeline is already there
        return None


def build_analyzer(entities: list[str], score_threshold: float) -> AnalyzerEngine:
    """An AnalyzerEngine with exactly the recognizers for `entities` and the NER-only pipeline."""
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in build_recognizers(entities):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=PreloadedSpacyEngine(load_ner()),
        supported_languages=["en"],
        default_score_threshold=score_threshold,
    )
