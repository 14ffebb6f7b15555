"""PII the way chat and support conversations carry it: multinational names, street addresses and phone numbers.

Values come from Faker's locales of many countries (its own lists: a detector must never use them, docs/eval.md);
the templates are short conversational turns written here, in the turn's language more often than not, around
the real turn ("my name is …", "I live at …", "call me on …", "Name: …", a chat log's speaker prefix).
"""

from __future__ import annotations

import random

import inject
from inject import faker

LOCALES = [
    "en_US",
    "en_GB",
    "en_IN",
    "en_IE",
    "de_DE",
    "de_AT",
    "fr_FR",
    "fr_CH",
    "es_ES",
    "es_MX",
    "it_IT",
    "nl_NL",
    "nl_BE",
    "pt_PT",
    "pt_BR",
    "pl_PL",
    "sv_SE",
    "tr_TR",
    "cs_CZ",
    "hu_HU",
]
# a turn's own language gives the value's locale this often; otherwise any locale (people write from anywhere)
LOCAL = {
    "en": ["en_US", "en_GB", "en_IN", "en_IE"],
    "de": ["de_DE", "de_AT"],
    "fr": ["fr_FR", "fr_CH"],
    "es": ["es_ES", "es_MX"],
    "it": ["it_IT"],
    "nl": ["nl_NL", "nl_BE"],
    "pt": ["pt_PT", "pt_BR"],
}


def _locale(lang: str, rng: random.Random) -> str:
    return rng.choice(LOCAL[lang]) if lang in LOCAL and rng.random() < 0.6 else rng.choice(LOCALES)


def values_for(lang: str) -> dict:
    """Value makers for a turn in `lang` (each draws its locale from the rng it is given)."""

    def person(rng: random.Random) -> str:
        f = faker(_locale(lang, rng), rng)
        kind = rng.random()
        if kind < 0.5:
            return f"{f.first_name()} {f.last_name()}"
        if kind < 0.7:
            return f.name()
        if kind < 0.85:
            return f.first_name()
        return f"{f.first_name()} {f.last_name()}".lower()

    def address(rng: random.Random) -> str:
        f = faker(_locale(lang, rng), rng)
        kind = rng.random()
        if kind < 0.6:
            return f.street_address()
        return f"{f.street_address()}, {f.postcode()} {f.city()}"

    def phone(rng: random.Random) -> str:
        return faker(_locale(lang, rng), rng).phone_number()

    def email(rng: random.Random) -> str:
        f = faker(_locale(lang, rng), rng)
        return rng.choice([f.free_email, f.email])()

    return {
        "PERSON": person,
        "STREET_ADDRESS": address,
        "PHONE_NUMBER": phone,
        "EMAIL_ADDRESS": email,
        "CREDIT_CARD": inject.card,
    }


COMMON = [
    "my name is {PERSON}. {text}",
    "{text} my name is {PERSON} btw",
    "I'm {PERSON}. {text}",
    "Name: {PERSON}\n{text}",
    "{PERSON}: {text}",
    "[{PERSON}] {text}",
    "{text}\nI live at {STREET_ADDRESS}",
    "{text} send it to {STREET_ADDRESS} pls",
    "Address: {STREET_ADDRESS}\n{text}",
    "{text} call me on {PHONE_NUMBER}",
    "{text}\nmy number is {PHONE_NUMBER}",
    "text me at {PHONE_NUMBER}, {text}",
    "{text} you can reach me at {EMAIL_ADDRESS}",
    "Hi {PERSON}! {text}",
    "{text}\n- {PERSON}",
    "{text} ask for {PERSON} at reception, {STREET_ADDRESS}",
    "{text}\nName: {PERSON}\nPhone: {PHONE_NUMBER}",
    "{text}\nName: {PERSON}\nAddress: {STREET_ADDRESS}\nPhone: {PHONE_NUMBER}",
    "{text} this is {PERSON}, {PHONE_NUMBER}",
    "{text} my card is {CREDIT_CARD}",
    "{PERSON} here. {text} Email: {EMAIL_ADDRESS}",
]
LOCAL_TEMPLATES = {
    "de": [
        "Ich heiße {PERSON}. {text}",
        "{text} Meine Adresse ist {STREET_ADDRESS}.",
        "{text} Ruf mich an unter {PHONE_NUMBER}",
        "Hallo {PERSON}, {text}",
    ],
    "fr": [
        "Je m'appelle {PERSON}. {text}",
        "{text} J'habite au {STREET_ADDRESS}.",
        "{text} Appelle-moi au {PHONE_NUMBER}",
        "Salut {PERSON} ! {text}",
    ],
    "es": [
        "Me llamo {PERSON}. {text}",
        "{text} Vivo en {STREET_ADDRESS}.",
        "{text} Llámame al {PHONE_NUMBER}",
        "Hola {PERSON}, {text}",
    ],
    "it": [
        "Mi chiamo {PERSON}. {text}",
        "{text} Abito in {STREET_ADDRESS}.",
        "{text} Chiamami al {PHONE_NUMBER}",
        "Ciao {PERSON}, {text}",
    ],
    "nl": [
        "Ik heet {PERSON}. {text}",
        "{text} Ik woon op {STREET_ADDRESS}.",
        "{text} Bel me op {PHONE_NUMBER}",
        "Hoi {PERSON}, {text}",
    ],
    "pt": [
        "O meu nome é {PERSON}. {text}",
        "{text} Moro na {STREET_ADDRESS}.",
        "{text} Liga-me para o {PHONE_NUMBER}",
        "Olá {PERSON}, {text}",
    ],
}


def inject_turn(text: str, lang: str, rng: random.Random) -> tuple[str, list[dict], str]:
    """A turn with values put in by a conversational template (half the time in the turn's language)."""
    local = LOCAL_TEMPLATES.get(lang, [])
    templates = local if local and rng.random() < 0.5 else COMMON
    result, spans, name = inject.inject(text, rng, templates=templates, values=values_for(lang))
    return result, spans, ("l" if templates is local else "c") + name[1:]
