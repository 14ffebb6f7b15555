"""Second opinion, machine-shaped values: digit runs in phone, card and SSN layouts, `@` tokens, IPs, IBANs.

Built to over-reach, not to validate: any run of 7-15 digits held together by phone separators is a phone unless it
is a card (12-19 digits with a valid Luhn digit), an SSN layout or a date; any token with an `@` between word
characters is an e-mail address. Only the IBAN keeps its checksum (letters + digits make many false shapes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int, str]  # entity type, start, end, rule

# A digit run: digits joined by single separators (space, dot, dash, slash, parentheses), an optional + or
# 00 prefix and an optional extension. Line breaks never join (a list of numbers is not one number).
SEP = r"(?:[ \t]?[-./][ \t]?|[ \t]|\)[ \t]?[-./]?[ \t]?|[ \t]?\()"
DIGIT_RUN = re.compile(
    rf"(?<![\w@.+/#-])(?:\+[ \t]?)?\(?\d+(?:{SEP}\d+)*\)?(?:[ \t]*(?:x|ext\.?|extension|\#)[ \t]*\d{{1,6}})?(?![\w@])",
    re.IGNORECASE,
)
DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2}")
SSN = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")
EXTENSION = re.compile(r"(?i)x|ext|#")
YYYYMMDD = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")  # 20210717: a date
EMAIL = re.compile(r"[^\s@<>()\[\]\"',;:]*\w@\w[^\s@<>()\[\]\"',;:]*")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.]*\d)")
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?![\w:])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(value: str) -> bool:
    s = value.replace(" ", "")
    s = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in s)) % 97 == 1
    except ValueError:
        return False


def digit_runs(text: str) -> Iterator[Span]:
    """Phones, cards and SSNs: each digit run typed by its layout."""
    for m in DIGIT_RUN.finditer(text):
        value, start = m.group(), m.start()
        if value.endswith(")") and "(" not in value:
            value = value[:-1]
        if value.startswith("(") and ")" not in value:
            value, start = value[1:], start + 1
        digits = re.sub(r"\D", "", EXTENSION.split(value)[0])
        end = start + len(value)
        if DATE.fullmatch(value) or YYYYMMDD.fullmatch(value) or len(digits) < 7:
            continue
        if SSN.fullmatch(value) or (len(digits) == 9 and re.fullmatch(r"\d{3} \d{2} \d{4}", value)):
            yield "US_SSN", start, end, "ssn_layout"
        elif 12 <= len(digits) <= 19 and luhn_ok(digits):
            yield "CREDIT_CARD", start, end, "luhn_run"
        elif len(digits) <= 15:
            yield "PHONE_NUMBER", start, end, "phone_layout"


def machine_values(text: str) -> Iterator[Span]:
    """Every machine-shaped value of `text` (e-mail, IP, IBAN, digit runs)."""
    if "@" in text:
        for m in EMAIL.finditer(text):
            yield "EMAIL_ADDRESS", m.start(), m.end(), "at_token"
    if "." in text:
        for m in IPV4.finditer(text):
            if all(int(p) <= 255 for p in m.group().split("/")[0].split(".")):
                yield "IP_ADDRESS", m.start(), m.end(), "dotted_quad"
    if ":" in text:
        for m in IPV6.finditer(text):
            if re.search(r"[A-Fa-f]|::", m.group()) or m.group().count(":") >= 4:
                yield "IP_ADDRESS", m.start(), m.end(), "ipv6_groups"
    for m in IBAN.finditer(text):
        if _iban_ok(m.group()):
            yield "IBAN_CODE", m.start(), m.end(), "iban_mod97"
    if sum(ch.isdigit() for ch in text) >= 7:
        yield from digit_runs(text)
