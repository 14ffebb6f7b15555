"""Untrusted values (ids, labels, sources, reasons, texts, error messages) shown as plain text, never interpreted.

- `visible`: control, C1 and bidirectional-override characters written as ``\\uXXXX`` (an ANSI/OSC escape sequence
  becomes inert text); newlines and tabs are kept only when asked.
- `markdown`: for Markdown renderers (Streamlit's st.markdown/caption/error…, the dataset card): every ASCII
  punctuation character backslash-escaped (CommonMark allows it for all of them), so no link, image, emphasis,
  HTML tag, table cell break, autolink, ``$`` maths or ``:`` directive can form; newlines made visible.
- `FORMULA_LEADS`: how a cell a spreadsheet runs as a formula starts (curator.catalog.export prefixes it with ``'``).
"""

from __future__ import annotations

import string

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = frozenset(string.punctuation)


def _hidden(code: int) -> bool:
    """Characters a terminal or renderer may act on instead of showing: C0/C1 controls, DEL, bidi, zero-width."""
    return (
        code < 0x20
        or 0x7F <= code < 0xA0
        or 0x200B <= code <= 0x200F
        or 0x2028 <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or code == 0xFEFF
    )


def visible(value: object, newlines: bool = False) -> str:
    """value as text with every control/bidi character written as ``\\uXXXX`` (``\\n``/``\\t`` kept if newlines)."""
    text = "" if value is None else (value if isinstance(value, str) else str(value))
    keep = "\n\t" if newlines else ""
    return "".join(f"\\u{ord(ch):04x}" if _hidden(ord(ch)) and ch not in keep else ch for ch in text)


def markdown(value: object) -> str:
    """value as Markdown source that renders as exactly its (visible) text: no markup, link or HTML can form."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in visible(value))
