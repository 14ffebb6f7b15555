"""Which entities the PII stage looks for by default, which are optional, and how spaCy labels map to them."""

from __future__ import annotations

# Identifying in a labeling dataset: on by default.
DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "US_SSN",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "LOCATION",
)
# Rarely identifying and over-flagged by NER: off by default, allowed on request.
OPTIONAL_ENTITIES: tuple[str, ...] = ("DATE_TIME", "NRP", "ORGANIZATION")
SUPPORTED_ENTITIES: tuple[str, ...] = DEFAULT_ENTITIES + OPTIONAL_ENTITIES

# Entities that only spaCy's NER finds (DATE_TIME also has a pattern recognizer).
NER_ENTITIES: frozenset[str] = frozenset({"PERSON", "NRP", "ORGANIZATION", "DATE_TIME"})
# spaCy label → Presidio entity. GPE/LOC/FAC are deliberately absent: LOCATION means a street address here
# (UsStreetAddressRecognizer); spaCy's place names flag every city and country mentioned in passing.
SPACY_LABELS: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NRP",
    "ORG": "ORGANIZATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
}
# Score Presidio's own spaCy engine gives every NER entity (spaCy has no per-entity confidence).
NER_SCORE = 0.85

REPLACEMENTS: tuple[str, ...] = ("placeholder", "pseudonym")
