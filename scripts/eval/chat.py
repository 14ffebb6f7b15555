"""Real conversational lines: chatterbot-corpus's dialog files (YAML), read from its pinned wheel, never installed.

Each file holds `conversations`, lists of turns; every turn is one text. Turns are taken per language folder,
normalized (NFC, no surrounding whitespace), deduplicated and sorted, so the order never depends on the archive's.
A turn in a non-English folder whose words are all English words of the corpus (an untranslated turn) is left out,
so a record's language is its folder's.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import yaml

# the folders of the recipe's seven languages, then a few others (langid's "other language" cases)
KEPT = {
    "english": "en",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
}
OTHERS = {"swedish": "sv", "turkish": "tr", "indonesian": "id", "russian": "ru", "ukrainian": "uk", "persian": "fa"}
MAX_CHARS = 500
WORD = re.compile(r"\w+")


def _turns(document: object) -> list[str]:
    out = []
    for conversation in (document or {}).get("conversations") or [] if isinstance(document, dict) else []:
        for turn in conversation if isinstance(conversation, list) else []:
            if isinstance(turn, str):
                out.append(unicodedata.normalize("NFC", turn).strip())
    return out


def read(wheel: Path) -> dict[str, list[str]]:
    """{ISO 639-1 code: sorted unique turns} for the folders of KEPT and OTHERS."""
    folders = {**KEPT, **OTHERS}
    found: dict[str, set[str]] = {code: set() for code in folders.values()}
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            parts = name.split("/")
            if len(parts) != 4 or parts[1] != "data" or parts[2] not in folders or not name.endswith(".yml"):
                continue
            document = yaml.safe_load(archive.read(name).decode("utf-8"))
            found[folders[parts[2]]].update(t for t in _turns(document) if 2 <= len(t) <= MAX_CHARS)
    english = {w for t in found["en"] for w in WORD.findall(t.lower())}
    out = {}
    for code, turns in found.items():
        if code != "en":
            turns = {t for t in turns if not _all_english(t, english)}
        out[code] = sorted(turns)
    return out


def _all_english(text: str, english: set[str]) -> bool:
    words = WORD.findall(text.lower())
    return len(words) >= 2 and all(w in english for w in words)
