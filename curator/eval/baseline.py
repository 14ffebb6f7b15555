"""Presidio's default AnalyzerEngine + AnonymizerEngine as a PII baseline, scored on the same texts as curator.

The recipe runs without its PII stage (so the same samples stay active), then each active text is scrubbed by
`AnonymizerEngine().anonymize(text, AnalyzerEngine().analyze(text, language="en"))` as Presidio's README does
(default recognizers and operators: each entity becomes <ENTITY_TYPE>), with the two substitutions this machine
forces (curator.stages.pii.evaluate.default_analyzer: en_core_web_sm, offline tldextract).
"""

from __future__ import annotations

from typing import Any

from curator.eval.outcome import Outcome

BASELINES = ("presidio",)


def presidio_scrub(texts: list[str]) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Each text scrubbed by Presidio's defaults, with the analyzer's results (entity type, start, end)."""
    from presidio_anonymizer import AnonymizerEngine

    from curator.stages.pii.evaluate import default_analyzer

    analyzer, anonymizer = default_analyzer(), AnonymizerEngine()
    out = []
    for text in texts:
        results = analyzer.analyze(text, language="en")
        scrubbed = anonymizer.anonymize(text=text, analyzer_results=results).text
        out.append((scrubbed, sorted((r.entity_type, r.start, r.end) for r in results)))
    return out


def apply(records: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Outcome]:
    """The outcomes with every active record's text replaced by Presidio's scrub of its original text."""
    active = [r for r in records if (o := outcomes.get(r["id"])) is not None and o.active]
    scrubbed = presidio_scrub([r["text"] for r in active])
    out = dict(outcomes)
    for record, (text, findings) in zip(active, scrubbed, strict=True):
        old = outcomes[record["id"]]
        out[record["id"]] = Outcome(old.status, old.stage, old.language, text, old.drops, findings)
    return out
