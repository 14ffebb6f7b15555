"""Rendering helpers for the CLI: rich tables and JSON. No logic, no SQL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def print_json(obj: Any) -> None:
    """JSON on stdout (dates and other objects as strings), for scripts."""
    print(json.dumps(obj, indent=2, default=str, ensure_ascii=False))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    tbl = Table(title=title, title_justify="left", header_style="bold")
    for col in columns:
        tbl.add_column(col, overflow="fold")
    for row in rows:
        tbl.add_row(*("" if v is None else str(v) for v in row))
    console.print(tbl)


def dict_table(title: str | None, records: list[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    cols = list(columns or (records[0].keys() if records else []))
    table(title, cols, ([rec.get(c) for c in cols] for rec in records))
