"""Audit test fixtures: a small real catalog curated by the default recipe (langid, quality, dedup, PII)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from curator.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
# raw values planted in texts that rules drop BEFORE the PII stage (so never scrubbed by it): none may reach a task
PLANTED = {
    "plant-ru": ("Здравствуйте, мой заказ до сих пор не пришёл. Пишите мне на planted.raw.value@example.org", None),
    "plant-dup-a": (
        "Hi, my parcel is late again. Call me on 212-555-0147 or mail dup.planted@example.net.",
        "shipping",
    ),
    "plant-dup-b": (
        "Hi, my parcel is late again. Call me on 212-555-0147 or mail dup.planted@example.net.",
        "shipping",
    ),
}
PLANTED_VALUES = ("planted.raw.value@example.org", "212-555-0147", "dup.planted@example.net")


def sql(ws: Workspace, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def write_corpus(folder: Path, n_tickets: int = 40) -> tuple[Path, Path]:
    """The first tickets of the demo corpus plus its messy file (duplicates, junk, other languages) and plants."""
    tickets = DEMO.joinpath("support_tickets.jsonl").read_text(encoding="utf-8").splitlines()[:n_tickets]
    planted = [json.dumps({"id": k, "text": t, "label": lb}) for k, (t, lb) in PLANTED.items()]
    a, b = folder / "tickets.jsonl", folder / "messy.jsonl"
    a.write_text("\n".join(tickets + planted) + "\n", encoding="utf-8")
    b.write_bytes(DEMO.joinpath("messy.jsonl").read_bytes())  # it holds invalid UTF-8 on purpose
    return a, b


@pytest.fixture
def curated(ws: Workspace) -> Workspace:
    """ws after ingest and the default recipe."""
    from curator.engine import load_recipe, run_recipe
    from curator.ingest import IngestOptions, ingest

    a, b = write_corpus(ws.tmp_dir)
    ingest(ws, [a], IngestOptions("tickets"))
    ingest(ws, [b], IngestOptions("messy"))
    recipe = load_recipe()
    run_recipe(ws, recipe, recipe.stages, "local", 1)
    return ws
