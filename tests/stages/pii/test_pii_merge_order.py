"""Which recognizer a finding is credited to must not depend on the order Presidio returned the results in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from curator.stages.pii.replace import merge

RECOGNIZERS = ("PhoneRecognizer", "IntlPhonePatternRecognizer", "StreetAddressRecognizer", "SpacyRecognizer")
TYPES = ("PHONE_NUMBER", "STREET_ADDRESS", "PERSON")


@st.composite
def findings(draw: st.DrawFn) -> list[dict]:
    out = []
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, 30))
        out.append(
            {
                "entity_type": draw(st.sampled_from(TYPES)),
                "start": start,
                "end": start + draw(st.integers(1, 12)),
                "score": draw(st.sampled_from((0.4, 0.7, 0.85))),
                "recognizer": draw(st.sampled_from(RECOGNIZERS)),
            }
        )
    return out


@given(findings(), st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_input_order(found: list[dict], rnd) -> None:
    shuffled = [dict(f) for f in found]
    rnd.shuffle(shuffled)
    assert merge([dict(f) for f in found]) == merge(shuffled)


def test_equal_spans_credit_one_recognizer_whatever_the_order() -> None:
    a = {"entity_type": "PHONE_NUMBER", "start": 3, "end": 15, "score": 0.7, "recognizer": "PhoneRecognizer"}
    b = {**a, "recognizer": "IntlPhonePatternRecognizer"}
    assert merge([dict(a), dict(b)]) == merge([dict(b), dict(a)])
    assert merge([dict(a), dict(b)])[0]["recognizer"] == "IntlPhonePatternRecognizer"
