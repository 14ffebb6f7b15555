"""Second opinion, first names: Jörg Michael's nam_dict (shipped by `gender-guesser`), read as it is shipped.

~48,000 first names of 55 countries (GNU Free Documentation License; the file is read from the installed package,
never copied or changed). An independent source: neither the scrubber's US Census files (`names`) nor Faker's lists.
Names that are also ordinary words of the eight languages' stop-word lists ("Will", "Don", "Una") are left out.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

from curator.errors import CuratorError
from curator.stages.pii.second_opinion.cues import words

# Capitalized words of ordinary text that nam_dict lists as first names too: a flag on them would be noise.
COMMON = words(
    "will may june april august art bill bob can case china cherry chase dale dawn don faith fern ford grace "
    "hope ivy jack joy king lane mark max pat ray rich rose sky star sue summer van victor warren wayne "
    "world free open linux debian python java ruby perl rust go gnu kde gnome qt apache mozilla firefox"
    " page link library paris london sydney berlin florence georgia virginia carolina austin jordan india"
    " roman nova iris luna unity echo sage tiny lucky honey candy chance crystal amber angel"
)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents ("José" → "jose"), for lexicon look-ups."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Lower-cased stop words of the eight languages (spaCy's lists; accents kept: "sarà" is one, "Sara" is not)."""
    words: set[str] = set()
    for lang in ("en", "de", "fr", "es", "it", "nl", "pl", "pt"):
        module = __import__(f"spacy.lang.{lang}.stop_words", fromlist=["STOP_WORDS"])
        words |= {w.lower() for w in module.STOP_WORDS}
    return frozenset(words)


def _english_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded first names of nam_dict (a `+` joins parts: "Jean+Pierre" gives "jeanpierre", "jean pierre" and
    "jean-pierre")."""
    try:
        text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise CuratorError(f"pii second opinion: the gender-guesser package is not installed ({exc})") from None
    names: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        name = parts[1]
        for joined in (name.replace("+", j) for j in ("", " ", "-")) if "+" in name else (name,):
            names.add(fold(joined))
    return frozenset(n for n in names if len(n) > 1) - _english_stop_words() - COMMON
