"""PII the way technical notes carry it: a maintainer's trailer, credits, a bug reporter, hosts, a leaked value.

Values come from Faker (inject.VALUES: names of many locales, e-mails, IPs, phones, addresses, cards); the
templates are written here after the shapes of Debian changelogs and tickets (a `-- Name <email>  date` trailer,
`[ Name ]` headers, "Thanks to …", "reported by …", "Reported-by:", a host's address in a log line).
"""

from __future__ import annotations

import random

import inject

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2026)
    clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    return f"{rng.choice(DAYS)}, {day:02d} {month} {year} {clock} {rng.choice(['+0000', '+0100', '+0200', '-0500'])}"


TEMPLATES = [
    "{text}\n\n -- {PERSON} <{EMAIL_ADDRESS}>  {DATE}",
    "{text}\n -- {PERSON} <{EMAIL_ADDRESS}>  {DATE}",
    "[ {PERSON} ]\n{text}",
    "{text} Thanks to {PERSON}.",
    "{text}\nThanks to {PERSON} for the patch.",
    "{text} (reported by {PERSON})",
    "{text}\nReported-by: {PERSON} <{EMAIL_ADDRESS}>",
    "{text}\nSigned-off-by: {PERSON} <{EMAIL_ADDRESS}>",
    "{text} Patch by {PERSON} <{EMAIL_ADDRESS}>.",
    "{text}\nCc: {EMAIL_ADDRESS}",
    "{text} Tested by {PERSON}.",
    "{text}\nReproduced on {IP_ADDRESS} (staging).",
    "{text}\nconnect to {IP_ADDRESS}:5432 failed: timeout",
    "Host {IP_ADDRESS} still on the old version. {text}",
    "{text}\nOn-call: {PERSON}, {PHONE_NUMBER}",
    "{text}\nThe debug log printed card {CREDIT_CARD} in clear; mask it.",
    "{text}\nShip the test unit to {STREET_ADDRESS}, attn. {PERSON}.",
    "{PERSON} wrote:\n> {text}",
    "{text}\nassigned to {PERSON}",
    "{text} (thanks {PERSON} <{EMAIL_ADDRESS}>)",
    "{text}\nCustomer callback: {PHONE_NUMBER}",
    "{text}\nContact: {PERSON} ({PHONE_NUMBER})",
    "{text}\nField report from the site at {STREET_ADDRESS}: same error.",
    "{text}\nThe crash dump included a billing address ({STREET_ADDRESS}) and card {CREDIT_CARD}.",
    "{text}\nSSN {US_SSN} appeared in the request log.",
]


def inject_note(text: str, rng: random.Random) -> tuple[str, list[dict], str]:
    """A changelog item with values put in by a technical template; the trailer's date is not a value."""
    values = dict(inject.VALUES)
    filled = [t.replace("{DATE}", date(rng)) for t in TEMPLATES]
    return inject.inject(text, rng, templates=filled, values=values)
