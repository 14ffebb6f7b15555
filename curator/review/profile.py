"""The Profile page: the newest stored `curator profile` — corpus figures, the recipe's drops, and each rule's drop
share at every measured threshold with the recipe's own marked (figures only: a profile stores no text)."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
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
        "histograms": {r["rule"]: histogram_rows(r) for s in p["steps"] for r in s["rules"]},
    }


def curve_rows(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """One bar per measured threshold (strictest first): the share the rule alone drops there; the recipe's marked."""
    return [
        {
            "threshold": json.dumps(value),
            "drop share": share,
            "recipe": "dropped" if value == rule["threshold"] else "kept",
        }
        for value, share in rule["curve"]
    ]


def histogram_rows(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """The rule's statistic as a histogram over its grid, lowest values first: the share of texts between two
    neighbouring thresholds, below the lowest and above the highest; the bins the recipe's threshold drops are
    marked `dropped`. From the curve: D(k), the share dropped at the k-th strictest threshold, falls with k; the texts
    dropped at threshold k but kept at k+1 are D(k) - D(k+1). Flag rules: one bar, what the rule catches."""
    curve = rule["curve"]
    if rule["direction"] == "flag" or not curve:
        return [{"bin": "caught", "texts": curve[0][1], "recipe": "dropped"}] if curve else []
    g, d = [json.dumps(v) for v, _ in curve], [s for _, s in curve]
    at = json.dumps(rule["threshold"])
    c = g.index(at) if at in g else len(g)  # the recipe's threshold: bins k >= c are dropped
    low, high = ("<", ">=") if rule["direction"] == "min" else (">", "<=")
    rows = [{"bin": f"{high} {g[0]}", "texts": 1 - d[0], "recipe": "kept"}]
    for k in range(len(g) - 1):
        edges = (g[k + 1], g[k]) if rule["direction"] == "min" else (g[k], g[k + 1])
        rows.append({"bin": "..".join(edges), "texts": d[k] - d[k + 1], "recipe": "dropped" if k >= c else "kept"})
    rows.append({"bin": f"{low} {g[-1]}", "texts": d[-1], "recipe": "dropped" if c < len(g) else "kept"})
    return rows[::-1] if rule["direction"] == "min" else rows


def _shown(row: dict[str, Any]) -> dict[str, str]:
    """A rule row as text (its thresholds are numbers, flags or language lists: one type per column for the table)."""
    return {k: report.pct(v) if k == "drops" else (v if isinstance(v, str) else json.dumps(v)) for k, v in row.items()}


def chart(rows: list[dict[str, Any]], x: str, y: str, title: str) -> alt.Chart:
    """Bars of `y` (a share) per `x` in the given order; `recipe` = dropped in red, kept in blue."""
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", sort=None, title=title),
            y=alt.Y(f"{y}:Q", axis=alt.Axis(format="%"), title=y),
            color=alt.Color("recipe:N", scale=alt.Scale(domain=["dropped", "kept"], range=["#d62728", "#1f77b4"])),
            tooltip=[f"{x}:N", alt.Tooltip(f"{y}:Q", format=".1%")],
        )
    )
