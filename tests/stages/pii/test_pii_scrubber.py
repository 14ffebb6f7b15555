"""PiiScrubber on small real texts: entity types, placeholder strings, offsets, pseudonyms, languages, options."""

from __future__ import annotations

import pytest

from curator.errors import CuratorError
from curator.stages.pii.scrubber import PiiScrubber, ScrubResult

TICKET = (
    "Hi, my name is Maria Garcia and my email is maria.garcia@gmail.com. Call me at (212) 555-0143. "
    "Ship to 4521 Maple Avenue, Apt 12B, Springfield, IL 62704 please. My SSN is 536-22-8741 and the card "
    "was 4111 1111 1111 1111. Refund to IBAN DE89 3704 0044 0532 0130 00. The login came from 203.0.113.54."
)
EXPECTED = {
    "PERSON": "Maria Garcia",
    "EMAIL_ADDRESS": "maria.garcia@gmail.com",
    "PHONE_NUMBER": "(212) 555-0143",
    "LOCATION": "4521 Maple Avenue, Apt 12B, Springfield, IL 62704",
    "US_SSN": "536-22-8741",
    "CREDIT_CARD": "4111 1111 1111 1111",
    "IBAN_CODE": "DE89 3704 0044 0532 0130 00",
    "IP_ADDRESS": "203.0.113.54",
}


def test_every_default_entity_type_is_found_with_offsets_in_the_original_text(scrubber: PiiScrubber) -> None:
    res = scrubber.scrub(TICKET)
    found = {f["entity_type"]: TICKET[f["start"] : f["end"]] for f in res.findings}
    assert found == EXPECTED
    for f in res.findings:
        assert set(f) == {"entity_type", "start", "end", "score", "recognizer"}  # never the value
        assert f["recognizer"] and 0 < f["score"] <= 1
    assert {f["recognizer"] for f in res.findings} >= {"SpacyRecognizer", "UsStreetAddressRecognizer"}


def test_placeholders_are_typed_and_no_value_survives(scrubber: PiiScrubber) -> None:
    text = scrubber.scrub(TICKET).text
    for etype, value in EXPECTED.items():
        assert f"<{etype}>" in text
        assert value not in text
    assert text.startswith("Hi, my name is <PERSON> and my email is <EMAIL_ADDRESS>. Call me at <PHONE_NUMBER>.")


def test_pseudonyms_are_consistent_within_a_document(pseudonymizer: PiiScrubber) -> None:
    text = (
        "Please address the package to James Walker. My email is j.walker@proton.me, and my colleague "
        "Priya Patel (priya.patel@outlook.com) was cc'd. Again: j.walker@proton.me is the right one."
    )
    out = pseudonymizer.scrub(text).text
    assert out.count("<EMAIL_ADDRESS_1>") == 2  # same value, same pseudonym
    assert "<EMAIL_ADDRESS_2>" in out
    assert "<PERSON_1>" in out and "<PERSON_2>" in out
    assert out.index("<PERSON_1>") < out.index("<PERSON_2>")  # numbered in order of appearance


def test_clean_text_is_left_alone(scrubber: PiiScrubber) -> None:
    clean = (
        "Order #C-48206 was placed on October 4 and cost $45.99. Version 5.2.1 of the iOS app still shows "
        "error E-377. Apple Pay was declined. Chrome 124 and Safari 17.4 both fail at step 2 of 3."
    )
    assert scrubber.scrub(clean) == ScrubResult(clean, [])


def test_non_english_text_gets_pattern_recognizers_and_name_cues_but_no_english_ner(scrubber: PiiScrubber) -> None:
    text = "Ich heiße Hans Müller, meine Nummer ist +49 30 12345678 und meine E-Mail hans.mueller@web.de."
    res = scrubber.scrub_many([text], ["de"])[0]
    assert sorted(f["entity_type"] for f in res.findings) == ["EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER"]
    assert "<EMAIL_ADDRESS>" in res.text and "hans.mueller@web.de" not in res.text
    person = next(f for f in res.findings if f["entity_type"] == "PERSON")
    assert person["recognizer"] == "NameCue:introduction"  # "ich heiße" is a cue; spaCy's English NER never ran
    assert res.text.startswith("Ich heiße <PERSON>, meine Nummer")


def test_scrub_many_keeps_order_and_handles_empty_texts(scrubber: PiiScrubber) -> None:
    texts = ["", "   ", "mail me: a.b@example.com", "nothing here"]
    out = scrubber.scrub_many(texts, ["en", None, "en", "fr"])
    assert [r.text for r in out] == ["", "   ", "mail me: <EMAIL_ADDRESS>", "nothing here"]


def test_optional_entities_are_off_by_default_and_configurable(scrubber: PiiScrubber) -> None:
    text = "I bought it on March 3, 2024 at the Amazon store in Berlin."
    assert scrubber.scrub(text).findings == []
    dated = PiiScrubber(entities=["DATE_TIME"]).scrub(text)
    assert [f["entity_type"] for f in dated.findings] == ["DATE_TIME"]
    assert "<DATE_TIME>" in dated.text


def test_bad_options_name_the_problem() -> None:
    with pytest.raises(CuratorError, match="unknown entities \\['ADDRESS'\\]"):
        PiiScrubber(entities=["ADDRESS"])
    with pytest.raises(CuratorError, match="replacement 'mask'"):
        PiiScrubber(replacement="mask")
    with pytest.raises(CuratorError, match="2 texts but 1 languages"):
        PiiScrubber().scrub_many(["a", "b"], ["en"])


def test_two_processes_give_the_same_results_as_one(scrubber: PiiScrubber) -> None:
    texts = [TICKET, "nothing", "call (415) 555-0199 now"] * 24
    with PiiScrubber(n_process=2) as parallel:
        assert parallel.scrub_many(texts) == scrubber.scrub_many(texts)


def test_street_addresses_in_lower_case_need_city_state_and_zip(scrubber: PiiScrubber) -> None:
    full = "hey, ship to 4521 maple avenue, apt 12b, springfield, il 62704 please"
    assert scrubber.scrub(full).text == "hey, ship to <LOCATION> please"
    vague = "i waited 2 hours in the court and 3 days on oak street"
    assert scrubber.scrub(vague).findings == []
