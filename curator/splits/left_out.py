"""What a split left out, by reason, and which option (if any) would take it in: build-split says it, not only
the counts that went in. Pure: built from the candidate funnel and the plan's exclusions."""

from __future__ import annotations

from typing import Any

import duckdb

from curator.catalog.queries import table_exists

OTHER_SOURCE = {
    "resolved": ("s.label IS NOT NULL AND l.label IS NULL", "--label-source resolved_or_source"),
    "source": ("s.label IS NULL AND l.label IS NOT NULL", "--label-source resolved_or_source"),
}


def other_source_count(con: duckdb.DuckDBPyConnection, label_source: str, base: str) -> int:
    """Eligible samples (active, scrubbed) without a label of this --label-source that have one of the other kind:
    a source label when splitting on resolved labels, a resolved one when splitting on source labels."""
    if label_source not in OTHER_SOURCE or not table_exists(con, "labels"):
        return 0
    cond = OTHER_SOURCE[label_source][0]
    rows = con.execute(
        f"SELECT count(*) FROM samples s LEFT JOIN labels l ON l.sample_id = s.sample_id WHERE {base} AND {cond}"
    ).fetchall()  # fetchall: a fetchone leaves the result open, and the build goes on with this connection
    return int(rows[0][0])


def _entry(reason: str, samples: int, include: str) -> dict[str, Any]:
    return {"reason": reason, "samples": int(samples), "include": include}


def left_out(funnel: dict[str, int], label_source: str, other_source: int) -> list[dict[str, Any]]:
    """The samples the candidate query left out, by reason, each with the option that includes it."""
    f, out = funnel, []
    if f["samples"] > f["active"]:
        out.append(
            _entry(
                "not active (dropped by curation or review)",
                f["samples"] - f["active"],
                "no option: see why with `curator status` / `curator explain ID`",
            )
        )
    if f["active"] > f["active_scrubbed"]:
        out.append(
            _entry(
                "not PII-scrubbed yet", f["active"] - f["active_scrubbed"], "run the recipe's pii stage (`curator run`)"
            )
        )
    unlabeled = f["active_scrubbed"] - f["labeled"]
    if other_source:
        other = "source" if label_source == "resolved" else "resolved"
        out.append(_entry(f"no {label_source} label, but a {other} label", other_source, OTHER_SOURCE[label_source][1]))
    if unlabeled > other_source:
        out.append(
            _entry(
                f"no {label_source} label",
                unlabeled - other_source,
                "label them (`curator annotate push`, `pull`, `resolve`)",
            )
        )
    if f["labeled"] > f["matching_where"]:
        out.append(_entry("not matching --where", f["labeled"] - f["matching_where"], "change or drop --where"))
    return out


def excluded_entries(excluded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan's exclusions (candidates that did not become members) in the same form."""
    out = []
    for e in excluded:
        if e["reason"].startswith("class_too_small"):
            out.append(_entry(f"class {e['label']!r} too small", e["samples"], f"--min-per-class {e['samples']}"))
        else:
            out.append(_entry(e["reason"], e["samples"], "give them a timestamp, or split without --by-time"))
    return out


def describe(entries: list[dict[str, Any]]) -> str:
    """One line: "1,800 no resolved label, but a source label (include: --label-source resolved_or_source); …"."""
    return "; ".join(f"{e['samples']:,} {e['reason']} (include: {e['include']})" for e in entries) or "nothing"
