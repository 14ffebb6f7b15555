"""Accuracy on the project's labeled fixture against Presidio's default configuration (same fixture, same run)."""

from __future__ import annotations

import pytest

from curator.stages.pii.evaluate import evaluate, score
from curator.stages.pii.scrubber import PiiScrubber


@pytest.fixture(scope="module")
def results(scrubber: PiiScrubber) -> dict:
    return evaluate(scrubber)


def test_recall_at_least_presidio_default_overall_and_per_type(results: dict) -> None:
    ours, default = results["scrubber"], results["default"]
    assert ours["recall"] >= default["recall"]
    for etype, m in default["per_type"].items():
        assert ours["per_type"][etype]["recall"] >= m["recall"] - 0.03, etype  # at most one miss more per type
    assert set(ours["per_type"]) == {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "US_SSN",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
        "LOCATION",
    }


def test_over_redaction_of_clean_text_at_most_two_percent(results: dict) -> None:
    assert results["scrubber"]["over_redaction"] <= 0.02
    assert results["scrubber"]["over_redaction_clean_docs"] <= 0.02
    assert results["scrubber"]["over_redaction"] < results["default"]["over_redaction"]


def test_street_addresses_are_found_where_the_default_only_flags_city_names(results: dict) -> None:
    assert results["scrubber"]["per_type"]["LOCATION"]["recall"] >= 0.9
    assert results["default"]["per_type"]["LOCATION"]["recall"] < 0.5


def test_score_counts_coverage_and_over_redaction() -> None:
    fixture = [
        {"text": "call Bob now", "entities": [{"type": "PERSON", "start": 5, "end": 8}]},
        {"text": "all clean here", "entities": []},
    ]
    m = score(fixture, [[(5, 8, "PERSON")], [(0, 3, "PERSON")]])
    assert m["recall"] == 1.0 and m["per_type"]["PERSON"]["n"] == 1
    assert m["over_redaction"] == round(3 / (9 + 14), 4)
    assert score(fixture, [[(5, 6, "PERSON")], []])["recall"] == 0.0  # one char of three is not "masked"
