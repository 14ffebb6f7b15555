"""Untrusted values (ids, labels, sources, reasons, texts, error messages) shown as plain text, never interpreted.

- `visible`: control, C1 and bidirectional-override characters written as ``\\uXXXX`` (an ANSI/OSC escape sequence
  becomes inert text); newlines and tabs are kept only when asked.
- `markdown`: for Markdown renderers (Streamlit's st.markdown/caption/error…, the dataset card): every ASCII
  punctuation character backslash-escaped (CommonMark allows it for all of them), so no link, image, emphasis,
  HTML tag, table cell break, ``$`` maths or ``:`` directive can form; newlines made visible. GFM's bare-URL
  autolinks (``http://``, ``www.``, ``a@b.c``) form even from escaped text, so a WORD JOINER (U+2060, invisible)
  goes after ``http``/``https``/``www`` and ``@`` where they would start one.
- `FORMULA_LEADS`: how a cell a spreadsheet runs as a formula starts (curator.catalog.export prefixes it with ``'``).
"""

from __future__ import annotations

import re
import string

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = frozenset(string.punctuation)
_AUTOLINK = re.compile(r"(?i)(https?(?=:)|www(?=\.)|@)")
WORD_JOINER = "\u2060"


def _hidden(code: int) -> bool:
    """Characters a terminal or renderer may act on instead of showing: C0/C1 controls, DEL, bidi, zero-width."""
    return (
        code < 0x20
        or 0x7F <= code < 0xA0
        or 0x200B <= code <= 0x200F
        or 0x2028 <= code <= 0x202E
        or 0x2060 <= code <= 0x2069
        or code == 0xFEFF
    )


def visible(value: object, newlines: bool = False) -> str:
    """value as text with every control/bidi character written as ``\\uXXXX`` (``\\n``/``\\t`` kept if newlines)."""
    text = value if isinstance(value, str) else str(value)
    keep = "\n\t" if newlines else ""
    return "".join(f"\\u{ord(ch):04x}" if _hidden(ord(ch)) and ch not in keep else ch for ch in text)


def markdown(value: object) -> str:
    """value as Markdown source that renders as exactly its (visible) text: no markup, link or HTML can form."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in unlinked(visible(value)))


def unlinked(text: str) -> str:
    """text with a WORD JOINER after each `http`/`https`/`www`/`@` that could start a GFM bare-URL autolink."""
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)
