"""The Profile page: the newest stored `curator profile` — corpus figures, the recipe's drops, and each rule's drop
share at every measured threshold with the recipe's own marked (figures only: a profile stores no text)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from curator.profile import report
from curator.review.db import dicts

NEEDS = "No profile yet: run `curator profile` (optionally `--recipe short_text`, `--source S`)."


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The newest profile run shaped for the page; None before any `curator profile`."""
    rows = dicts(
        con,
        "SELECT run_id, started_at, config, counts FROM runs WHERE command = 'profile' "
        "ORDER BY started_at DESC LIMIT 1",
    )
    if not rows:
        return None
    row = rows[0]
    p, config = json.loads(row["counts"]), json.loads(row["config"])
    return {
        "run_id": row["run_id"],
        "started_at": str(row["started_at"]),
        "recipe": config["recipe"].get("name") or config["recipe"]["path"],
        "source": config.get("source"),
        "auto": p.get("auto"),
        "corpus": [{"figure": k, "value": v} for k, v in report.corpus_rows(p)],
        "drops": [{"rule": k, "share": v} for k, v in p["recipe_drops"].items()],
        "rules": [_shown(r) for r in report.rule_rows(p)],
        "curves": {r["rule"]: curve_rows(r) for s in p["steps"] for r in s["rules"]},
    }


def curve_rows(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """One bar per measured threshold (strictest first): the share the rule alone drops there; the recipe's marked."""
    return [
        {
            "threshold": json.dumps(value),
            "drop share": share,
            "recipe": "the recipe's threshold" if value == rule["threshold"] else "other thresholds",
        }
        for value, share in rule["curve"]
    ]


def _shown(row: dict[str, Any]) -> dict[str, str]:
    """A rule row as text (its thresholds are numbers, flags or language lists: one type per column for the table)."""
    return {k: report.pct(v) if k == "drops" else (v if isinstance(v, str) else json.dumps(v)) for k, v in row.items()}
