"""A stored profile as rows: for the CLI's tables and the review app's Profile page (one shaping, two renderers)."""

from __future__ import annotations

from typing import Any

BOUND = 0.02  # the share shown as "within 2% at": the threshold where the rule alone drops at most this


def pct(x: float) -> str:
    return f"{x:.1%}"


def corpus_rows(p: dict[str, Any]) -> list[tuple[str, str]]:
    """(figure, value) rows of the corpus profile."""
    c = p["corpus"]
    dist = [
        (f"{name} p5/p25/p50/p75/p95 (max)", " / ".join(f"{c[name][f'p{q}']:g}" for q in (5, 25, 50, 75, 95)))
        for name in ("chars", "words", "lines")
    ]
    dist = [(k, f"{v} ({c[k.split()[0]]['max']})") for k, v in dist]
    sampled = f"{p['profiled']} of {p['active']} (seeded sample)" if p.get("sampled") else str(p.get("profiled"))
    langs = ", ".join(f"{k} {pct(v)}" for k, v in list(p["languages"].items())[:8])
    return [
        ("texts profiled", sampled),
        *dist,
        ("tokens: code / reference / url / number / symbol", " / ".join(pct(v) for v in c["token_share"].values())),
        ("texts with code / reference / url / number / symbol", " / ".join(pct(v) for v in c["docs_with"].values())),
        ("technical texts (code, identifier, reference or URL)", pct(c["technical_docs"])),
        ("multi-line texts", pct(c["multi_line_docs"])),
        ("chat-turn lines / conversation texts", f"{pct(c['chat_turn_lines'])} / {pct(c['chat_docs'])}"),
        ("exact duplicates", pct(c["exact_duplicates"])),
        ("languages (recipe's langid)", langs),
        ("the recipe's langid + quality would drop", pct(p["recipe_drop_share"])),
        ("seconds", str(p.get("seconds"))),
    ]


def within(rule: dict[str, Any], bound: float = BOUND) -> Any:
    """The strictest measured threshold at which the rule alone drops at most `bound` (None: none does)."""
    return next((value for value, share in rule["curve"] if share <= bound), None)


def rule_rows(p: dict[str, Any], bound: float = BOUND) -> list[dict[str, Any]]:
    """One row per measured rule (and per junk-only step): what it alone drops at the recipe's threshold."""
    rows = []
    for step in p["steps"]:
        for r in step["rules"]:
            rows.append(
                {
                    "rule": r["rule"],
                    "threshold": r["threshold"],
                    "drops": r["share"],
                    "within_bound_at": within(r, bound),
                    "calibrate": r["fixed"] or "may loosen",
                }
            )
        if step.get("junk_step") or step.get("other_share"):
            share = step["share"] if step.get("junk_step") else step["other_share"]
            kind = "(all rules)" if step.get("junk_step") else "(other rules)"
            rows.append(
                {
                    "rule": f"{step['step']} {kind}",
                    "threshold": "-",
                    "drops": share,
                    "within_bound_at": "-",
                    "calibrate": "junk" if step.get("junk_step") else "not measured alone",
                }
            )
    return rows


def top_drops(p: dict[str, Any], n: int = 10) -> list[tuple[str, str]]:
    """The recipe's drops by first rule that fires (langid, then quality in recipe order)."""
    return [(k, pct(v)) for k, v in list(p["recipe_drops"].items())[:n]]
