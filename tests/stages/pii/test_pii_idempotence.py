"""Hypothesis: scrubbing is idempotent and placeholders are never detected as PII."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.stages.pii.scrubber import PiiScrubber

PIECES = (
    "My name is Maria Garcia.",
    "Best regards, James O'Brien.",
    "Please address the package to Amara Walker.",
    "Email me at priya.patel@outlook.com.",
    "Call (212) 555-0143 after 5pm.",
    "My SSN is 536-22-8741.",
    "Card 4111 1111 1111 1111 was charged twice.",
    "IBAN DE89 3704 0044 0532 0130 00.",
    "IP 203.0.113.54 blocked.",
    "Ship to 4521 Maple Avenue, Springfield, IL 62704 please.",
    "The order #C-48206 never arrived.",
    "Version 5.2.1 still crashes.",
    "Apple Pay was declined.",
    "Thanks!",
    "Hallo, meine Nummer ist +49 30 12345678.",
    "<PERSON> wrote to <EMAIL_ADDRESS>.",
    "<PERSON_1> and <PERSON_2> <LOCATION>",
)
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=5).map(" ".join),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(texts)
def test_scrub_is_idempotent(scrubber: PiiScrubber, text: str) -> None:
    once = scrubber.scrub(text)
    twice = scrubber.scrub(once.text)
    assert twice.text == once.text
    assert twice.findings == []


@SETTINGS
@given(texts)
def test_pseudonymized_text_is_a_fixed_point(pseudonymizer: PiiScrubber, text: str) -> None:
    once = pseudonymizer.scrub(text)
    assert pseudonymizer.scrub(once.text).text == once.text


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map(" ".join))
def test_findings_never_overlap_and_point_into_the_original(scrubber: PiiScrubber, text: str) -> None:
    findings = scrubber.scrub(text).findings
    for a, b in zip(findings, findings[1:], strict=False):
        assert a["end"] <= b["start"]
    assert all(0 <= f["start"] < f["end"] <= len(text) for f in findings)


def test_placeholders_alone_are_not_pii(scrubber: PiiScrubber) -> None:
    text = "<PERSON> <EMAIL_ADDRESS> <PHONE_NUMBER_2> <LOCATION> <US_SSN> <CREDIT_CARD> <IBAN_CODE> <IP_ADDRESS_1>"
    assert scrubber.scrub(text).findings == []
