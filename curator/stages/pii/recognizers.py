"""The recognizers the PII stage runs: Presidio's own, an offline e-mail validator, US street addresses, and ours
for short/European/military addresses (addresses.py), phone layouts and Luhn cards of any brand (numbers.py).

Presidio has no street-address recognizer, and its spaCy GPE/LOC mapping flags every city or country named in
passing. LOCATION here is a street address ("1234 Maple Avenue, Apt 4B, Springfield, IL 62704", "ul. Zamkowa 33"),
found by pattern recognizers, which is also what the project's labeled fixture calls LOCATION.
"""

from __future__ import annotations

from functools import lru_cache

import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UsSsnRecognizer,
)

from curator.stages.pii.addresses import address_recognizer
from curator.stages.pii.entities import NER_ENTITIES, NER_SCORE
from curator.stages.pii.numbers import card_recognizer, ipv6_port_recognizer, phone_recognizer
from curator.stages.pii.prefilter import PHONE_RUN

STREET_SUFFIXES = (
    "Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Terrace|Ter|Parkway|Pkwy|"
    "Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Alley|Plaza"
)
# Case-sensitive parts are wrapped in (?-i:…) because Presidio compiles patterns with IGNORECASE.
_NAME_WORD = r"(?-i:[A-Z0-9][\w'’.-]*)"
_CITY = r"(?-i:[A-Z][\w'’.-]*(?:[ \t][A-Z][\w'’.-]*){0,2})"
STREET_ADDRESS_REGEX = (
    rf"\b\d{{1,6}}[ \t]+(?:{_NAME_WORD}[ \t]+){{0,3}}(?-i:{STREET_SUFFIXES})\b\.?"
    r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?[ \t]*#?[\w-]{1,6})?"
    rf"(?:,[ \t]*{_CITY})?"
    r"(?:,?[ \t]*(?-i:[A-Z]{2})[ \t]+\d{5}(?:-\d{4})?\b)?"
)


# Any case (chat messages are often all lower-case), but then city, state and ZIP must all be there.
_ANY_WORD = r"[^\W_][\w'’.-]*"
FULL_ADDRESS_ANY_CASE_REGEX = (
    rf"\b\d{{1,6}}[ \t]+(?:{_ANY_WORD}[ \t]+){{0,3}}(?:{STREET_SUFFIXES})\b\.?"
    r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|#)\.?[ \t]*#?[\w-]{1,6})?"
    rf",[ \t]*{_ANY_WORD}(?:[ \t]{_ANY_WORD}){{0,2}},?[ \t]*[a-z]{{2}}[ \t]+\d{{5}}(?:-\d{{4}})?\b"
)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's EmailRecognizer validating domains with tldextract's bundled suffix list (never the network)."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tldextract()(pattern_text).fqdn != ""


class WindowedPhoneRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer (python-phonenumbers, same regions and leniency) run only on the windows around
    runs of 6+ digits, instead of scanning the whole text once per region. Offsets are in the whole text."""

    MARGIN = 24

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for start, end in digit_windows(text, self.MARGIN):
            for r in super().analyze(text[start:end], entities, nlp_artifacts):
                r.start, r.end = r.start + start, r.end + start
                results.append(r)
        return EntityRecognizer.remove_duplicates(results)


class IntlPhoneRecognizer(PatternRecognizer):
    """A number in international format (+CC …, 8-15 digits) that python-phonenumbers rejects, e.g. the UK's
    reserved 07700 900xxx range. A leading "+" and 8+ digits is rarely anything but a phone number."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="IntlPhonePatternRecognizer",
            patterns=[Pattern("international phone", r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,5}(?!\d)", 0.4)],
            context=list(PhoneRecognizer.CONTEXT),
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """None keeps the pattern's score (0.4, below python-phonenumbers' findings in a merge); False drops it."""
        return None if 8 <= sum(c.isdigit() for c in pattern_text) <= 15 else False


def digit_windows(text: str, margin: int) -> list[tuple[int, int]]:
    """Merged windows of `margin` characters (snapped outwards to whitespace) around each phone-like digit run."""
    windows: list[tuple[int, int]] = []
    for m in PHONE_RUN.finditer(text):
        start = text.rfind(" ", 0, max(0, m.start() - margin)) + 1
        end = text.find(" ", min(len(text), m.end() + margin))
        end = len(text) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


@lru_cache(maxsize=1)
def offline_tldextract() -> tldextract.TLDExtract:
    """tldextract on its bundled public-suffix snapshot: no download, no cache folder, no socket wait."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def street_address_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity="LOCATION",
        name="UsStreetAddressRecognizer",
        patterns=[
            Pattern("US street address", STREET_ADDRESS_REGEX, 0.6),
            Pattern("US full address, any case", FULL_ADDRESS_ANY_CASE_REGEX, 0.6),
        ],
        context=["address", "ship", "deliver", "send", "live", "street", "apt"],
    )


def build_recognizers(entities: list[str]) -> list[EntityRecognizer]:
    """One recognizer per requested entity (English registry; non-English texts use its pattern subset)."""
    makers = {
        "EMAIL_ADDRESS": lambda: OfflineEmailRecognizer(),
        "PHONE_NUMBER": lambda: WindowedPhoneRecognizer(name="PhoneRecognizer"),
        "US_SSN": lambda: UsSsnRecognizer(),
        "CREDIT_CARD": lambda: CreditCardRecognizer(),
        "IBAN_CODE": lambda: IbanRecognizer(),
        "IP_ADDRESS": lambda: IpRecognizer(),
        "LOCATION": street_address_recognizer,
        "DATE_TIME": lambda: DateRecognizer(),
    }
    recognizers = [makers[e]() for e in entities if e in makers]
    extra = {
        "PHONE_NUMBER": (IntlPhoneRecognizer, phone_recognizer),
        "CREDIT_CARD": (card_recognizer,),
        "LOCATION": (address_recognizer,),
        "IP_ADDRESS": (ipv6_port_recognizer,),
    }
    recognizers += [make() for e in entities for make in extra.get(e, ())]
    ner = sorted(set(entities) & NER_ENTITIES)
    if ner:
        recognizers.append(SpacyRecognizer(supported_entities=ner, ner_strength=NER_SCORE))
    return recognizers
