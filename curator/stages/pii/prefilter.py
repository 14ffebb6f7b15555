"""Cheap gates that decide, per text, which recognizers could possibly match and which sentences need NER.

A gate may say "maybe" when the recognizer then finds nothing (that only costs time); it must never say "no"
when the recognizer would have found something. So each gate is a strict superset of its recognizer's patterns.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

# Placeholders written by the scrubber: never PII again, never a reason to run anything.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*?(?:_\d+)?>")

# A run of digits joined by up to 3 separators: "(212) 555-0143", "4111 1111 1111 1111", "536-22-8741".
PHONE_RUN = re.compile(r"\d(?:[\s().\-/+]{0,3}\d){5,}")
# Fewest digits in one run for each recognizer to possibly match (phonenumbers ≥ 6, SSN 9, cards ≥ 13).
MIN_DIGITS = {"PHONE_NUMBER": 6, "US_SSN": 9, "CREDIT_CARD": 12}
GATES: dict[str, re.Pattern[str]] = {
    "EMAIL_ADDRESS": re.compile(r"@"),
    "IBAN_CODE": re.compile(r"[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2}"),  # Presidio's IBAN regex is case-sensitive
    "IP_ADDRESS": re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|:[0-9A-Fa-f]{0,4}:"),  # IPv4, or two colons
}
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Capitalized words that never start a name on their own (lower-cased): stop words ("The", "My"), months and
# days, product words and the brands on the NER allow list. "May Chen" still triggers on "Chen".
_NOT_NAME_WORDS = (
    "i'm i’m i've i’ve i'll i’ll i'd i’d ok january february march april may june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday wi-fi plus pro max mini ultra "
    "premium something apple google paypal safari chrome firefox edge android iphone ipad pixel galaxy kindle"
)
_NOT_NAMES = frozenset(STOP_WORDS) | frozenset(_NOT_NAME_WORDS.split())
# Ordinary first words of a sentence (besides stop words); -ing and -ly words count as ordinary too.
_EXTRA_STARTERS = (
    "hi hello hey dear thanks thank please regards best cheers sorry yes no ok okay also unfortunately honestly "
    "let good great kind appreciate quick overall text call send ship check tell reply contact note update click "
    "search push customer delivery customs order tracking return refund payment package item box just still "
    "today yesterday tomorrow sadly luckily apparently actually any maybe sure fine really"
)
_STARTERS = frozenset(STOP_WORDS) | frozenset(_EXTRA_STARTERS.split())


def _address_gate() -> re.Pattern[str]:
    """Every word an address pattern needs next to its number (curator.stages.pii.addresses), lower-cased: a
    street suffix, a unit designator, a European street word or compound ending, an address cue, "box", or the
    number-postcode-town shape."""
    from curator.stages.pii.addresses import ADDRESS_CUE, STREET_SUFFIXES

    words = (
        STREET_SUFFIXES.lower() + "|apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg|building|dept|lot|spc|space|"
        "trlr|ul\\.|ulica|al\\.|aleja|os\\.|pl\\.|rue|av\\.|bd|bld|chemin|impasse|allée|place|quai|cours|via|viale|piazza|"
        "corso|largo|calle|c/|avenida|avda|paseo|plaza|camino|carrer|carretera|ronda|travesía|rua|travessa|praça|"
        "estrada|strada|platz|straße|strasse|weg|laan|straat|plein|gracht|kade|box|apo|fpo|dpo|flat|plac|osiedle|"
        "rondo|skwer|route|rambla|pasaje|glorieta|alameda|callejón|vicolo|piazzale|borgo|contrada|c\\.|cl\\.|pza|rúa|"
        "avenue|boulevard|square|passage|rond-point|utca|út|útja|tér|körút|sor|köz|fasor|sokak|sokağı|caddesi|cad\\.|"
        "bulvarı|sok\\.|sk\\.|cd\\.|blv\\.|studio|level"
    )
    compounds = (
        "straße|strasse|str\\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|straat|laan|gracht|plein|kade|"
        "singel|dijk|pad|steeg|dreef|hof|markt|baan|wal|vej|gade|gatan|vägen|veien|gata|katu|tie|utca|ulice|cesta"
    )
    postcode = (  # street number, optional unit, postcode, town (addresses.STREET_NUMBER_POSTCODE)
        r"\d,?[ \t\n]+(?:[a-z]+\.?[ \t]+\d{1,4},?[ \t]+)?(?:\d\d-\d{3}|\d{4}[ \t]?[a-z]{2}|\d{5}),?[ \t]+[^\W\d_]"
    )
    pin = r",[ \t\n]*(?:[^\W\d_][\w.-]*,?[ \t]+-?[ \t]*){0,3}[1-9]\d\d[ \t]?\d{3}\b"  # addresses.INDIAN_PIN
    return re.compile(
        rf"(?<![^\W\d_])(?:{words})s?(?![^\W\d_])|(?:{compounds})[ \t]+\d|\b{ADDRESS_CUE}\b|{postcode}|{pin}"
    )


_ADDRESS_WORD: re.Pattern[str] | None = None
_DIGITS = re.compile(r"\d+")
_REACH = 100  # 80 characters between word and digit, plus the word itself


def may_hold_street_address(text: str) -> bool:
    """A word an address pattern needs with a digit within 80 characters of it: the word pattern runs only in the
    windows around digits (most texts have few)."""
    global _ADDRESS_WORD
    if _ADDRESS_WORD is None:
        _ADDRESS_WORD = _address_gate()
    windows: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        if windows and m.start() - _REACH <= windows[-1][1]:
            windows[-1][1] = m.end() + _REACH
        else:
            windows.append([max(0, m.start() - _REACH), m.end() + _REACH])
    low = text.lower() if windows else ""
    return any(_ADDRESS_WORD.search(low, lo, hi) for lo, hi in windows)


_EXT = re.compile(r"(?i)\bext")


def longest_digit_run(text: str) -> int:
    return max((sum(c.isdigit() for c in m.group()) for m in PHONE_RUN.finditer(text)), default=0)


def candidate_entities(text: str, entities: list[str]) -> list[str]:
    """The pattern entities among `entities` whose gate fires on `text` (entities without a gate always run)."""
    digits = longest_digit_run(text) if any(e in MIN_DIGITS for e in entities) else 0
    return [e for e in entities if _gate_fires(e, text, digits)]


def _gate_fires(entity: str, text: str, digits: int) -> bool:
    if entity == "PHONE_NUMBER" and digits < MIN_DIGITS[entity]:
        return _EXT.search(text) is not None  # an extension alone ("Ext x4412")
    if entity in MIN_DIGITS:
        return digits >= MIN_DIGITS[entity]
    if entity == "LOCATION":
        return may_hold_street_address(text)
    gate = GATES.get(entity)
    return gate is None or gate.search(text) is not None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence-like piece: split after . ! ? ; : and at newlines."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def may_name_someone(sentence: str) -> bool:
    """True when a capitalized word could start a name: any one after the first word, or a first word that is
    not an ordinary sentence starter. Lower-case names are not looked for (spaCy's small model misses them)."""
    words = _WORD.findall(PLACEHOLDER.sub(" ", sentence))
    for i, word in enumerate(words):
        if not word[0].isupper() or word.lower() in _NOT_NAMES or not any(c.islower() for c in word):
            continue
        if i > 0 or not _ordinary_starter(word):
            return True
    return False


def _ordinary_starter(word: str) -> bool:
    low = re.split(r"['’]", word.lower(), maxsplit=1)[0]
    return low in _STARTERS or low.endswith(("ing", "ly"))


def ner_windows(text: str) -> list[tuple[int, int]]:
    """Runs of adjacent sentences that may name someone, merged: the only parts of `text` NER needs to see."""
    windows: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        if not may_name_someone(text[start:end]):
            continue
        if windows and text[windows[-1][1] : start].isspace():
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows
