"""PII values from Faker (many locales and layouts) put into real text through sentence templates, truth recorded.

The values come from Faker's own lists (names, streets, phone formats): a detector must never use them (see
docs/eval.md, "Independence"). Card numbers are Luhn-valid numbers of many brands and lengths, 12 to 19 digits.
"""

from __future__ import annotations

import random
import re
import unicodedata

from faker import Faker

NAME_LOCALES = [
    "en_US",
    "en_GB",
    "en_AU",
    "en_IN",
    "de_DE",
    "fr_FR",
    "es_ES",
    "es_MX",
    "it_IT",
    "nl_NL",
    "pt_BR",
    "pl_PL",
    "sv_SE",
    "da_DK",
    "cs_CZ",
    "fi_FI",
    "ro_RO",
    "tr_TR",
]
PHONE_LOCALES = ["en_US"] * 6 + [
    "en_GB",
    "en_AU",
    "en_CA",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "nl_NL",
    "pl_PL",
    "pt_BR",
    "sv_SE",
    "cs_CZ",
    "da_DK",
    "fi_FI",
]
ADDRESS_LOCALES = ["en_US"] * 5 + ["en_GB", "en_AU", "en_CA", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL"]
CARD_TYPES = ["visa13", "visa16", "visa19", "mastercard", "amex", "discover", "diners", "jcb15", "jcb16", "maestro"]
OTHER_CARD_PREFIXES = ["2131", "1800", "6011", "62", "5018", "6304", "36", "2720", "4026", "9792"]

_FAKERS: dict[str, Faker] = {}


def faker(locale: str, rng: random.Random) -> Faker:
    if locale not in _FAKERS:
        _FAKERS[locale] = Faker(locale)
    f = _FAKERS[locale]
    f.seed_instance(rng.getrandbits(32))
    return f


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    if rng.random() < 0.6:
        number = faker("en_US", rng).credit_card_number(card_type=rng.choice(CARD_TYPES))
    else:
        prefix, length = rng.choice(OTHER_CARD_PREFIXES), rng.randint(12, 19)
        body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
        number = _luhn_complete(body)
    layout = rng.random()
    if layout < 0.45:
        return number
    sep = " " if layout < 0.8 else "-"
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def person(rng: random.Random) -> str:
    f = faker(rng.choice(NAME_LOCALES), rng)
    kind = rng.random()
    if kind < 0.45:
        return f.name()
    if kind < 0.7:
        return f"{f.first_name()} {f.last_name()}"
    if kind < 0.8:
        return f"{f.first_name()[0]}. {f.first_name()[0]}. {f.last_name()}"
    if kind < 0.87:
        return f"{rng.choice(['Dr.', 'Mr.', 'Mrs.', 'Ms.', 'Prof.'])} {f.last_name()}"
    if kind < 0.93:
        return f"{f.first_name()} {f.last_name()}".lower()
    return f.last_name()


def phone(rng: random.Random) -> str:
    locale = rng.choice(PHONE_LOCALES)
    f = faker(locale, rng)
    if locale == "en_US" and rng.random() < 0.3:
        return f"+1 {f.numerify('(###) ###-####')}"
    return f.phone_number()


def address(rng: random.Random) -> str:
    f = faker(rng.choice(ADDRESS_LOCALES), rng)
    kind = rng.random()
    if kind < 0.55:
        return f.street_address()
    full = f.address()
    return full if kind < 0.75 else full.replace("\n", ", ")


def email(rng: random.Random) -> str:
    f = faker(rng.choice(NAME_LOCALES), rng)
    return rng.choice([f.email, f.free_email, f.company_email, f.ascii_safe_email])()


def ssn(rng: random.Random) -> str:
    value = faker("en_US", rng).ssn()
    return value.replace("-", " ") if rng.random() < 0.15 else value


def ip(rng: random.Random) -> str:
    f = faker("en_US", rng)
    return rng.choice([f.ipv4, f.ipv4_public, f.ipv4_private, f.ipv6])()


VALUES = {
    "PERSON": person,
    "EMAIL_ADDRESS": email,
    "PHONE_NUMBER": phone,
    "STREET_ADDRESS": address,
    "CREDIT_CARD": card,
    "US_SSN": ssn,
    "IP_ADDRESS": ip,
}

# {text} is the real text; {TYPE} a value. One template per line of how people write values into notes and tickets.
TEMPLATES = [
    "{text}\nCall me at {PHONE_NUMBER} tonight.",
    "{text} Call me at {PHONE_NUMBER} tonight.",
    "{text}\n\t-- {PERSON}",
    "{text}\n-- {PERSON}",
    "Name: {PERSON}\n{text}",
    "Name:    {PERSON}\n{text}",
    "{text}\nSend it to {STREET_ADDRESS} please.",
    "Ship to: {STREET_ADDRESS}\n{text}",
    "{text}\nThey had 3: {PERSON}, {PERSON} and {PERSON}.",
    "Hi {PERSON},\n{text}\nThanks, {PERSON}",
    "Dear {PERSON}, {text}",
    "{text}\nMy name is {PERSON} and my email is {EMAIL_ADDRESS}.",
    "{text}\nReach me: {EMAIL_ADDRESS}",
    "Contact {PERSON} at {EMAIL_ADDRESS} or {PHONE_NUMBER}.\n{text}",
    "{text}\nPhone:\n{PHONE_NUMBER}",
    "{text}\nMobile: {PHONE_NUMBER}",
    "{text} ({PHONE_NUMBER})",
    "{text}\nCard: {CREDIT_CARD} exp 04/29",
    "Paid with {CREDIT_CARD}. {text}",
    "{text}\nMy SSN is {US_SSN}.",
    "SSN {US_SSN} on file. {text}",
    "{text}\nserver {IP_ADDRESS} is down again",
    "Login from {IP_ADDRESS} failed. {text}",
    "{text}\nAddress: {STREET_ADDRESS}\nTel: {PHONE_NUMBER}",
    "{PERSON} wrote: {text}",
    "{text}\nAsk {PERSON} about it, she lives at {STREET_ADDRESS}.",
    "{text}\nmy neighbour {PERSON} says hi",
    "{text}\nBest regards,\n{PERSON}\n{PHONE_NUMBER}",
    "{text}\nReported by {PERSON} <{EMAIL_ADDRESS}>",
    "{text}\nRefund to card {CREDIT_CARD}, call {PHONE_NUMBER}.",
    "{text}\n{PERSON}\n{STREET_ADDRESS}",
    "Forwarded from {EMAIL_ADDRESS}: {text}",
    "{text}\nemployee {PERSON}, SSN {US_SSN}, host {IP_ADDRESS}",
]
SLOT = re.compile(r"\{(text|[A-Z_]+)\}")


def fill(template: str, text: str, rng: random.Random, values: dict | None = None) -> tuple[str, list[dict]]:
    """The template with the text and fresh values (from `values`, default VALUES); every value's exact span."""
    values = values or VALUES
    out, spans, pos = [], [], 0
    for m in SLOT.finditer(template):
        out.append(template[pos : m.start()])
        pos = m.end()
        if m.group(1) == "text":
            out.append(text)
            continue
        value = unicodedata.normalize("NFC", values[m.group(1)](rng).strip())
        start = sum(len(p) for p in out)
        spans.append({"type": m.group(1), "value": value, "start": start, "end": start + len(value)})
        out.append(value)
    out.append(template[pos:])
    return "".join(out), spans


def inject(
    text: str, rng: random.Random, tries: int = 20, templates: list[str] | None = None, values: dict | None = None
) -> tuple[str, list[dict], str]:
    """A templated text whose every value occurs exactly as often as it was injected (exact-substring truth)."""
    templates = templates or TEMPLATES
    for _ in range(tries):
        index = rng.randrange(len(templates))
        result, spans = fill(templates[index], text, rng, values)
        if all(result.count(s["value"]) == sum(t["value"] == s["value"] for t in spans) for s in spans):
            return result, spans, f"t{index:02d}"
    raise RuntimeError("no template gave an unambiguous value")
