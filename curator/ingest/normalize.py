"""Text normalization (idempotent) and the stable id scheme."""

from __future__ import annotations

import hashlib
import unicodedata


def normalize_text(text: str) -> tuple[str, list[str]]:
    """NUL bytes removed, line endings to \\n, Unicode NFC, surrounding whitespace stripped.

    Returns the new text and the list of changes made (empty when the text was already normal).
    normalize_text(normalize_text(t)[0]) == (normalize_text(t)[0], []) for every t.
    """
    changes: list[str] = []
    if "\x00" in text:
        text = text.replace("\x00", "")
        changes.append("removed_nul")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        changes.append("line_endings")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        changes.append("nfc")
    stripped = text.strip()
    if len(stripped) != len(text):
        text = stripped
        changes.append("stripped")
    return text, changes


# ASCII whitespace (as str.split sees it: \t \n \v \f \r \x1c-\x1f and space) -> b" ", any other byte -> b"x"
_WORD_MARKS = bytes(32 if c < 128 and chr(c).isspace() else 120 for c in range(256))


def count_words(text: str) -> int:
    """len(text.split()), without building the list of words for an ASCII text (the common case).

    A word ends at each "x " (non-space then space) of the text's marks, or at the end of the text.
    """
    if not text.isascii():
        return len(text.split())
    marks = text.encode("ascii").translate(_WORD_MARKS)
    return marks.count(b"x ") + marks.endswith(b"x")


def text_hash(text: str) -> str:
    """Hash of the normalized text (32 hex chars)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
