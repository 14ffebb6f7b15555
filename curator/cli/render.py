"""Rendering helpers for the CLI: rich tables and JSON. No logic, no SQL.

Every value that comes from data (ids, labels, sources, reasons, texts, column names) is shown as plain text: rich
markup in it is escaped (`esc`) or it goes into a Text object (`table`), and control characters are made visible
(curator.plain.visible), so no value can style, link or move the terminal's cursor.

Without a terminal (a log, a pipe, a CI job: stdout is not a TTY, whatever $COLUMNS says) the consoles are as wide
as their content: a table keeps every id and header on one line and a message is never wrapped (`LogConsole`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from curator.plain import visible

# no terminal: lines as long as their content (rich lays out to the console's width, then trims tables to theirs)
LOG_WIDTH = 100_000


class LogConsole(Console):
    """A rich Console that wraps nothing when its output is not a terminal (see the module's docstring)."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size  # ($COLUMNS, read at construction, sets the width of a terminal only)
        return size if self.is_terminal else ConsoleDimensions(LOG_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size


console = LogConsole()
err_console = LogConsole(stderr=True)
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
    """A table; its title on its own line above it (a title inside rich's table wraps at the table's width)."""
    tbl = Table(header_style="bold")
    for col in columns:
        tbl.add_column(plain(col), overflow="fold")
    for row in rows:
        tbl.add_row(*(plain(v) for v in row))
    if title is not None:
        console.print(plain(title), style="italic", highlight=False)
    console.print(tbl)


def dict_table(title: str | None, records: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    cols = list(columns or (records[0].keys() if records else []))
    table(title, cols, ([rec.get(c) for c in cols] for rec in records))


# `curator explain` shows this many characters of a text unless --full
TEXT_CUT = 500


def cut_text(text: str, limit: int | None = TEXT_CUT) -> Text:
    """An untrusted text (newlines kept), cut at `limit` characters with a visible marker saying how much is left."""
    if limit is None or len(text) <= limit:
        return plain(text, newlines=True)
    out = plain(text[:limit], newlines=True)
    return out.append(f"… ({len(text) - limit:,} more characters; --full shows all)", style="bold")


def duplicate_line(dup: dict[str, Any], sample_id: str, status: str | None = None) -> Text:
    """One duplicate cluster of `curator explain`: the kept sample, the cluster and the similarity if stored. A
    sample dropped as a duplicate and active again (revert, audit apply, review) reads "was …": that is history."""
    kind = "exact duplicate" if dup["kind"] == "exact" else "near duplicate"
    if dup["kind"] == "exact":
        similarity = "identical normalized text"
    else:
        similarity = "similarity not stored" if dup["similarity"] is None else f"similarity {dup['similarity']:.3f}"
        if dup.get("measure"):
            similarity += f", Jaccard of {_measure(dup['measure'])}"
    cluster = f"cluster {visible(dup['cluster_id'])} ({dup['size']} members, {similarity})"
    if dup["is_keeper"] or dup["keeper"] == sample_id:
        return Text(f"{kind}s: this sample is the one kept of {cluster}")
    keeper = f"{visible(dup['keeper'])} (status {visible(dup['keeper_status'])})" if dup["keeper"] else "none recorded"
    was = "was a " if status == "active" else ""
    line = Text(f"{was}{kind} of: {keeper} — the kept sample of {cluster}")
    if was:
        line.append("\nactive again since (the history above says which decision restored it)")
    if dup["keeper"]:
        first = dup.get("keeper_first_line")
        shown = "(hidden: not PII-scrubbed yet)" if first is None else cut_line(first, KEPT_LINE_CUT)
        line.append("\nkept sample's first line: ").append(shown)
    return line


KEPT_LINE_CUT = 120


def cut_line(text: str, limit: int) -> str:
    """One untrusted line, control characters made visible, cut at `limit` characters with a marker."""
    return visible(text[:limit]) + (f"… ({len(text) - limit:,} more characters)" if len(text) > limit else "")


def _measure(name: str) -> str:
    """A stored similarity measure in words: "char_5gram" → "character 5-gram sets", "word_5gram_minhash" →
    "word 5-gram sets, MinHash estimate"."""
    words = visible(name).replace("char_", "character ").replace("gram", "-gram")
    estimate = words.endswith("_minhash")
    return words.removesuffix("_minhash").replace("_", " ") + " sets" + (", MinHash estimate" if estimate else "")
