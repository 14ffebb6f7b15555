"""Phone-shaped numbers and card numbers that python-phonenumbers and Presidio's card regex miss.

Phones: after a phone cue ("Mobile: 737 219 628", "Phone:\\n9469 9966", "Tel 21 284 698 2548") any phone-shaped
run of 6-15 digits; without a cue, the layouts of ITU-T E.123 and the NANP whether or not the number is valid
("(275) 123-4567", "001-555-201-7788", "555.201.7788x12", "(72) 754-186"), an extension ("x4412", "ext. 12")
inside the span. Cards: ISO/IEC 7812 numbers of any brand, 12-19 digits with a valid Luhn check digit.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer

from curator.stages.pii.regex_recognizer import RegexRecognizer

_EXT = r"(?:[ \t]*(?:,[ \t]*)?(?:x|ext\.?|extn\.?|extension|#)[ \t]*\d{1,6})?"
_SHAPE = r"\+?\(?\d{1,5}\)?(?:[ \t.\-/]{1,2}\(?\d{1,5}\)?|\d){1,7}"
_CUE = (
    r"(?:phone|telephone|tel|ph|mobile|mob|cell|cellphone|fax|whatsapp|sms|text(?: me)?|call(?: me)?(?: at| on)?|"
    r"ring(?: me)?(?: on)?|dial|reach(?: me)?(?: at| on)|contact(?: me)?(?: at| on)|number|landline|hotline|"
    r"telefon|téléphone|telefono|teléfono|móvil|movil|celular|handy|tél|tlf|gsm|portable|callback|call[ \t]+back|"
    r"on-call|hotline)"
)
CUED_PHONE = re.compile(
    rf"(?i:\b{_CUE})\b[ \t]*(?:\((?:home|work|cell|mobile|office)\))?[ \t]*[.:#=-]*[ \t]*\n?[ \t]*"
    rf"(?P<v>{_SHAPE}{_EXT})(?![\w.-]?\d)"
)
NANP_LAYOUT = re.compile(
    rf"(?<![\w+.-])(?:(?:\+|00)\d{{1,3}}[ \t.-]?|1[ \t.-])?(?:\(\d{{3}}\)[ \t.-]?|\d{{3}}[ \t.-])\d{{3}}[ \t.-]\d{{4}}"
    rf"{_EXT}(?![\w.-]?\d)"
)
NATIONAL_LAYOUT = re.compile(
    rf"(?<![\w+.-])\(\d{{2,5}}\)[ \t.-]?\d{{2,4}}(?:[ \t.-]\d{{2,4}}){{1,2}}{_EXT}(?![\w.-]?\d)"
)
# Groups of 2-4 digits joined by one kind of separator, 9-13 digits in all: "21 284 698 2548", "06-12-34-56-78".
GROUPED = re.compile(r"(?<![\w+.,/:-])\d{2,4}([ .-])\d{2,4}(?:\1\d{2,4}){1,3}(?![\w.,/:-]?\d)")
# Nordic national layouts: an area code and a dash before spaced groups ("070-123 45 67", "08-123 456 78", Sweden),
# and four pairs of digits ("32 12 34 56", "21 23 45 67": Denmark and Norway write 8-digit numbers so; those
# never start with 0 or 1).
NORDIC = re.compile(
    r"(?<![\w+.,/:-])(?<![0-9A-Fa-f]{2} )(?:0\d{1,3}-\d{2,3}(?: \d{2,3}){1,3}|[2-9]\d \d\d \d\d \d\d)"
    r"(?![\w.,/:-]?\d| [0-9A-Fa-f]{2}\b)"
)  # not inside a run of more groups or a hex dump ("… 91 93 06 79 a3 …")
# A phone-shaped run in parentheses on a contact line: "Contact: Rodrigo Matos (9548 5398)", "((00439) 44498)".
PAREN_ON_CONTACT_LINE = re.compile(
    rf"(?i:\b(?:contact|{_CUE})\b)[^\n]{{0,60}}?\((?P<v>\(?\d[\d \t().-]{{5,20}}\d)\)(?![\w.-]?\d)"
)
# A run of digits paired with an e-mail address by "or"/"and"/"/" ("…@aho.fi or 37839440259", "0612345678 or …@…"):
# the pair is how a contact line gives a phone without a cue or a layout.
_MAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_RUN = r"\+?\(?\d[\d \t().-]{4,18}\d"
MAIL_THEN_RUN = re.compile(rf"{_MAIL}[ \t]*(?:,[ \t]*)?(?i:or|and|/)[ \t]*(?P<v>{_RUN})(?![\w.,/-]?\d)")
RUN_THEN_MAIL = re.compile(rf"(?<![\w.,/+-])(?P<v>{_RUN})[ \t]*(?:,[ \t]*)?(?i:or|and|/)[ \t]*(?={_MAIL})")
# An IPv6 address with a port after it ("…:891b:5432"), which Presidio's IP pattern does not take.
IPV6_WITH_PORT = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?=:\d{1,5}\b)")
EXTENSION = re.compile(r"(?i:\b(?:ext|extn|extension)\b\.?[ \t:]*(?P<v>(?:x[ \t]?)?\d{2,6})\b)")


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def phone_digits_ok(value: str) -> bool:
    return 6 <= _digits(value.split("x")[0].split("ext")[0]) <= 15


def grouped_ok(value: str) -> bool:
    return 9 <= _digits(value) <= 13 and not re.fullmatch(r"(?:19|20)\d\d[ .-]\d\d[ .-]\d\d", value)


PHONE_RULES = (
    ("phone after a cue", CUED_PHONE, 0.6, phone_digits_ok),
    ("NANP layout", NANP_LAYOUT, 0.5),
    ("national layout", NATIONAL_LAYOUT, 0.5, phone_digits_ok),
    ("digit groups", GROUPED, 0.4, grouped_ok),
    ("nordic layout", NORDIC, 0.4, phone_digits_ok),
    ("extension", EXTENSION, 0.4),
    ("in parentheses on a contact line", PAREN_ON_CONTACT_LINE, 0.5, phone_digits_ok),
    ("before an e-mail", RUN_THEN_MAIL, 0.5, phone_digits_ok),
    ("after an e-mail", MAIL_THEN_RUN, 0.5, phone_digits_ok),
)

CARD_RUN = re.compile(r"(?<![\w.,/-])\d(?:[ -]?\d){11,18}(?![\w.,/-]?\d)")


def luhn_ok(value: str) -> bool:
    """12-19 digits (not all the same) whose last one is the Luhn check digit."""
    digits = [int(c) for c in value if c.isdigit()]
    if not 12 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        total += d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2)
    return total % 10 == 0


def phone_recognizer() -> EntityRecognizer:
    return RegexRecognizer("PHONE_NUMBER", "PhoneLayoutRecognizer", PHONE_RULES)


def ipv6_port_recognizer() -> EntityRecognizer:
    return RegexRecognizer("IP_ADDRESS", "Ipv6PortRecognizer", [("IPv6 before a port", IPV6_WITH_PORT, 0.6)])


def card_recognizer() -> EntityRecognizer:
    return RegexRecognizer("CREDIT_CARD", "LuhnCardRecognizer", [("Luhn 12-19 digits", CARD_RUN, 0.5, luhn_ok)])
