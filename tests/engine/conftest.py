"""A small realistic corpus (clean tickets, other languages, junk, duplicates, PII) and catalog snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from curator.catalog import connect
from curator.engine.recipe import DEFAULT_RECIPE
from curator.workspace import Workspace

PROBLEMS = [
    "my order {n} arrived with a cracked screen",
    "I was charged twice for the yearly plan",
    "the app crashes when I open the settings page",
    "the tracking page has not changed for nine days",
    "the promo code was accepted but no discount was applied",
    "my password reset email never arrives",
    "the blender I bought makes a loud grinding noise",
    "the invoice shows the wrong company address",
    "the courier left my parcel at the wrong house",
    "my account was locked after I changed my phone",
    "the sizes on the product page do not match the jacket",
    "the refund for my return has not shown up",
]
ASKS = [
    "Could you send a replacement as soon as possible?",
    "Please refund the extra payment to my card.",
    "Is there a fix or should I reinstall everything?",
    "Can you tell me where the package is right now?",
    "Please apply the discount and confirm by email.",
    "Could you check what is wrong with my account?",
    "What are my options for an exchange or a repair?",
    "Please send a corrected invoice for our accountant.",
    "Can you ask the courier to pick it up again?",
    "How do I get back into my account safely?",
    "Would a larger size fit better, or should I return it?",
    "When will the money be back on my card?",
]


def corpus() -> list[dict[str, Any]]:
    rows = []
    for i, problem in enumerate(PROBLEMS):
        text = f"Hello, {problem.format(n=4400 + i)}. {ASKS[i]} Thanks for your help."
        rows.append({"id": f"clean{i:02d}", "text": text, "created_at": f"2024-01-{10 + i:02d}T09:00:00"})
    rows += [
        {"id": "dup-late", "text": rows[0]["text"], "created_at": "2024-03-01T09:00:00"},
        {"id": "dup-early", "text": rows[1]["text"], "created_at": "2023-12-01T09:00:00"},
        {"id": "near", "text": rows[2]["text"].replace("Hello,", "Hi,"), "created_at": "2024-03-02T09:00:00"},
        {
            "id": "de",
            "text": "Hallo, meine Bestellung ist seit zwei Wochen nicht angekommen. Können Sie mir helfen?",
            "created_at": "2024-02-01T09:00:00",
        },
        {
            "id": "zh",
            "text": "你好，我的订单还没有到。请帮我查一下物流信息，谢谢。",
            "created_at": "2024-02-02T09:00:00",
        },
        {"id": "short", "text": "ok thanks", "created_at": "2024-02-03T09:00:00"},
        {
            "id": "symbols",
            "text": "buy #now $$$ @deal %off ^^^ {promo} [click] <here> now!",
            "created_at": "2024-02-04T09:00:00",
        },
        {
            "id": "pii",
            "text": "Hi, this is John Smith. Please call me at 555-123-4567 or write to "
            "john.smith@example.com about the refund for my broken kettle.",
            "created_at": "2024-02-05T09:00:00",
        },
    ]
    return rows


def write_corpus(path: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows or corpus()), encoding="utf-8")
    return path


def test_recipe(folder: Path, rows_per_shard: int = 6, drop_stages: tuple[str, ...] = ()) -> Path:
    """The default recipe with small shards (several datatrove tasks per stage)."""
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    doc["engine"]["rows_per_shard"] = rows_per_shard
    doc["stages"] = [s for s in doc["stages"] if s["stage"] not in drop_stages]
    path = folder / "recipe.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def ingest_corpus(ws: Workspace, folder: Path, rows: list[dict[str, Any]] | None = None) -> None:
    from curator.ingest import IngestOptions, ingest

    opts = IngestOptions("tickets", label_field=None)
    ingest(ws, [write_corpus(folder / "corpus.jsonl", rows)], opts)


def snapshot(ws: Workspace) -> dict[str, list[tuple]]:
    """Everything a curation run writes, without run ids and timestamps (for exact comparisons)."""
    queries = {
        "samples": "SELECT sample_id, status, status_stage, status_reason, language, round(language_score, 3), "
        "dup_cluster, pii_scrubbed, text FROM samples ORDER BY 1",
        "decisions": "SELECT sample_id, stage, step, decision, reason, score, details::VARCHAR FROM decisions "
        "WHERE stage <> 'ingest' ORDER BY 1, 2",
        "dup_clusters": "SELECT cluster_id, sample_id, kind, is_keeper FROM dup_clusters ORDER BY 1, 2",
        "pii_findings": 'SELECT sample_id, entity_type, start, "end", score, recognizer FROM pii_findings '
        "ORDER BY 1, 3",
        "runs": "SELECT stage, status, n_in, n_kept, n_dropped, n_modified FROM runs WHERE command = 'run' ORDER BY 1",
    }
    with connect(ws, read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    """The default recipe run once, uninterrupted, with the local executor: (workspace, recipe, snapshot)."""
    from curator.catalog.init import init_workspace
    from curator.engine import load_recipe, run_recipe

    folder = tmp_path_factory.mktemp("reference")
    ws, _ = init_workspace(folder / "ws")
    ingest_corpus(ws, folder)
    recipe_path = test_recipe(folder)
    recipe = load_recipe(recipe_path)
    reports = run_recipe(ws, recipe, recipe.stages, "local", 2)
    return ws, recipe_path, snapshot(ws), reports
