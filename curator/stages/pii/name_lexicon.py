"""Words for person names: the name lexicon, titles, and the ordinary and thing words that end a name.

Lexicon: the 1990 US Census name files (5,494 first names, 88,799 surnames) shipped by the `names` package on PyPI
(MIT; only its data files are read, never its generator). Titles, edge words and thing words are our own lists.
Nothing here comes from the generator that injects evaluation values (Faker).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

TITLES = (
    "mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lord|lady|rev|sra|srta|herr|frau|mme|mlle|pan|pani|don|doña|"
    "dona|signor|signora|sig|dott|dhr|mevr|mevrouw|meneer"
)
TITLE = rf"(?:(?<![\w'’])(?i:{TITLES})\.?[ \t]+)"
INITIALS = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž]\.[ \t]*){1,3}"  # Latin capitals, e.g. "A. Ł. Gonsior"
WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)?"
CAP_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_'’-]*(?:['’-][^\W\d_]+)?"


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Ordinary words that end (or start) no name: stop words, verbs and words of greetings and forms.
EDGE_WORDS = frozenset(STOP_WORDS) | _words(
    "send call ship text email mail ask tell thank thanks contact reply write wrote writes met meet see saw visit "
    "please hi hello hey dear regards cheers sincerely best yes no ok okay signed from to attn name customer said "
    "says told all folks everyone team there support salut hoi olá hej moin servus buongiorno cześć witam salve "
    "hallo hola bonjour ciao"
)
# Words in or right after a capitalized phrase that make it a thing, not a person ("Turing machine", "Mars Rover").
THING_WORDS = _words(
    "machine machines test award prize rover mission probe telescope theorem law equation effect principle "
    "algorithm conjecture number numbers constant distribution transform function series paradox problem "
    "engine language compiler kernel project foundation institute university college school hall street "
    "avenue road bridge river lake mountain island county park museum library hospital station airport "
    "cattle breed disease syndrome scale index model method process cycle system protocol format package"
)


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower-cased, from the US Census files of the `names` package."""
    root = resources.files("names")

    def read(name: str) -> set[str]:
        return {line.split()[0].lower() for line in root.joinpath(name).read_text().splitlines() if line.strip()}

    return frozenset(read("dist.male.first") | read("dist.female.first")), frozenset(read("dist.all.last"))


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Lower case without accents ("María" → "maria"): the Census files are ASCII."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def is_first(word: str) -> bool:
    return _fold(word) in lexicon()[0]


def is_surname(word: str) -> bool:
    return _fold(word) in lexicon()[1]


def known(value: str) -> bool:
    """A lexicon name: its first word a first name or its last word a surname (a lone stop word is not)."""
    words = re.findall(CAP_WORD, value)
    if not words or (len(words) == 1 and words[0].lower() in STOP_WORDS):
        return False
    return is_first(words[0]) or is_surname(words[-1])


def plausible(text: str, start: int, end: int, cue: bool) -> bool:
    """Not a capitalized common phrase: no thing word in or right after it; a lone unknown word needs a cue."""
    words = re.findall(WORD, text[start:end])
    if not words or any(w.lower() in THING_WORDS for w in words):
        return False
    after = re.match(r"[ \t]+([^\W\d_]+)", text[end : end + 40])
    if after and after.group(1).lower() in THING_WORDS:
        return False
    if cue or len(words) > 1:
        return True
    return is_first(words[0]) or is_surname(words[0])
