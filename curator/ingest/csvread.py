"""Strict CSV: each bad record is a reject with its line and reason, and never swallows the records after it.

Python's csv module, left lenient, lets a stray opening quote run on over the following lines until some other
quote closes it: several records become one text. Here the reader is strict (a closing quote must be followed by
the delimiter or the end of the line, a quote left open at the end of the file is an error), and when a record
that spans several lines fails (a parse error or a wrong field count), only its first line is rejected: the lines
after it are read again as records of their own. A quoted field may still span lines when the record it ends is
well-formed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from curator.ingest.item import EXCERPT, Item, UnreadableFile

DEFAULT_FIELD_LIMIT = 131_072  # Python's csv default


def field_limit(max_chars: int) -> int:
    """The csv field size limit for an ingest: a field of --max-chars characters (before normalizing) parses."""
    return max(DEFAULT_FIELD_LIMIT, 4 * max_chars + 1024)


class _Lines:
    """Physical lines with their numbers; the lines a failed record took can be put back and read again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._it = iter(lines)
        self._back: list[tuple[int, str]] = []
        self._next_no = 1
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            no, line = self._back.pop()
        else:
            line = next(self._it)
            no, self._next_no = self._next_no, self._next_no + 1
        self.taken.append((no, line))
        return line

    def put_back_all_but_first(self) -> None:
        self._back.extend(reversed(self.taken[1:]))


def _excerpt(line: str) -> str:
    return line.rstrip("\r\n")[:EXCERPT].encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _has_surrogates(values: list[str]) -> bool:
    return any(v and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


def _failure(
    error: csv.Error | None, row: list[str] | None, width: int, lines: list[tuple[int, str]]
) -> tuple[str, str]:
    """(reason, detail) for a record that failed to parse or has the wrong number of fields."""
    first, last = lines[0][0], lines[-1][0]
    if error is not None and "field larger than field limit" in str(error):
        return "too_long", f"a field is longer than {csv.field_size_limit():,} characters"
    if error is not None and "unexpected end of data" in str(error):
        return "bad_csv_row", f"unclosed quote: the quoted field opened on line {first} is open at the end of the file"
    if error is not None and len(lines) > 1:
        return "bad_csv_row", f"unclosed quote: the quoted field opened on line {first} runs to line {last} ({error})"
    if error is not None:
        return "bad_csv_row", f"bad quoting: {error}"
    n = len(row or [])
    if len(lines) > 1:
        detail = f"unclosed quote? the record runs over lines {first}-{last}: {n} fields, header has {width}"
        return "bad_csv_row", detail
    return "bad_csv_row", f"{n} fields, header has {width}"


def csv_items(name: str, text: Iterable[str], limit: int = DEFAULT_FIELD_LIMIT) -> Iterator[Item]:
    """Items of a CSV file given as lines (newline=''): a header row, then one record or reject per row."""
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    while True:
        lines.taken = []
        row: list[str] | None = None
        error: csv.Error | None = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            error = exc
        if not lines.taken:
            return
        if row is not None and all(not cell.strip() for cell in row):
            continue  # a blank line is not a record
        if header is None:
            if error is not None:
                raise UnreadableFile(f"its CSV header (line {lines.taken[0][0]}) cannot be read: {error}")
            header = row
            continue
        yield _one(name, row, error, header, lines)


def _one(name: str, row: list[str] | None, error: csv.Error | None, header: list[str], lines: _Lines) -> Item:
    first_no, first_line = lines.taken[0]
    width = len(header)
    if error is not None or row is None or len(row) != width:
        reason, detail = _failure(error, row, width, lines.taken)
        lines.put_back_all_but_first()
        return Item(name, first_no, reject=reason, detail=detail, excerpt=_excerpt(first_line))
    if _has_surrogates(row):
        return Item(name, first_no, reject="invalid_utf8", excerpt=_excerpt(first_line))
    return Item(name, first_no, record=dict(zip(header, row, strict=True)))
