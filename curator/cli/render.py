"""Rendering helpers for the CLI: rich tables and JSON. No logic, no SQL.

Every value that comes from data (ids, labels, sources, reasons, texts, column names) is shown as plain text: rich
markup in it is escaped (`esc`) or it goes into a Text object (`table`), and control characters are made visible
(curator.plain.visible), so no value can style, link or move the terminal's cursor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from curator.plain import visible

console = Console()
err_console = Console(stderr=True)
# json.dumps escapes C0 controls itself; these it leaves raw with ensure_ascii=False (C1 controls such as the
# 8-bit CSI, bidi overrides, zero-width and line/paragraph separators).
_JSON_RAW = re.compile("[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def esc(value: Any) -> str:
    """An untrusted value for a rich markup string: markup escaped, control characters visible."""
    return escape(visible(value))


def plain(value: Any, newlines: bool = False) -> Text:
    """An untrusted value as a rich Text (never parsed as markup), control characters visible."""
    return Text("" if value is None else visible(value, newlines=newlines))


def print_json(obj: Any) -> None:
    """JSON on stdout (dates and other objects as strings), for scripts; no raw control character is printed."""
    out = json.dumps(obj, indent=2, default=str, ensure_ascii=False)
    print(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    tbl = Table(title=None if title is None else plain(title), title_justify="left", header_style="bold")
    for col in columns:
        tbl.add_column(plain(col), overflow="fold")
    for row in rows:
        tbl.add_row(*(plain(v) for v in row))
    console.print(tbl)


def dict_table(title: str | None, records: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    cols = list(columns or (records[0].keys() if records else []))
    table(title, cols, ([rec.get(c) for c in cols] for rec in records))
