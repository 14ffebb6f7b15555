"""`curator splits diff A B`: every change between two split versions, each with the decision or run that caused it.

A change is a sample added, removed, relabelled (old → new) or moved between parts. Its cause is read from what the
catalog recorded between the two builds (`decisions` with created_at after the older version's build started and
before the newer one's; `runs`; `annotations` for the annotators of a resolution) and from the two versions' own
parameters:

- added: `ingest` (the sample came in), `restore`/`revert`/`review` (a re-judge that now passes, `curator revert`, a
  curator's keep made it active again), `label` (it got its first resolved label), `pii_scrub` (the PII stage
  scrubbed it: splits take scrubbed samples only), `params` (the split's own parameters changed);
- removed: `rule` (a curation step's drop, e.g. gopher_quality_v1), `review` (a curator's drop), `label`, `params`;
- relabelled: `label` (a resolution: method, votes, annotators), `review` (a curator's set-label), `ingest_update`
  (the source's label changed on re-ingest), `params` (e.g. --label-source);
- moved: `params` (a new seed, ratios, stratification…), `label` (its class changed, so its stratum did),
  `dedup_cluster` (a dedup run regrouped it), `reallocation` (nothing about the sample changed: members joined or
  left its class, so the per-class quotas shifted it).

Anything else is `unexplained` (e.g. a change made outside curator). The older version is always read first: when A
is newer than B the two are swapped and the result says so.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

import duckdb

from curator.catalog.queries import rows_as_dicts
from curator.errors import CuratorError
from curator.names import shown
from curator.splits.inspect import diff_splits, resolve

CHANGES = ("added", "removed", "relabeled", "moved")
DIFF = """
CREATE OR REPLACE TEMP TABLE _split_diff AS
WITH a AS (SELECT * FROM split_members WHERE name = $na AND version = $va),
     b AS (SELECT * FROM split_members WHERE name = $nb AND version = $vb)
SELECT sample_id, a.part AS part_a, b.part AS part_b, a.label AS label_a, b.label AS label_b
FROM a FULL JOIN b USING (sample_id)
WHERE a.part IS DISTINCT FROM b.part OR a.label IS DISTINCT FROM b.label
"""
EVENTS = """
SELECT d.sample_id, d.run_id, r.command, d.stage, d.step, d.decision, d.reason, d.details::VARCHAR AS details,
       d.created_at AS at
FROM decisions d LEFT JOIN runs r USING (run_id)
WHERE d.sample_id IN (SELECT sample_id FROM {ids}) AND d.created_at > $lo AND d.created_at <= $hi
ORDER BY d.created_at, d.seq
"""
ANNOTATORS = """
SELECT sample_id, list(DISTINCT annotator ORDER BY annotator) FROM annotations
WHERE sample_id IN (SELECT sample_id FROM _split_diff WHERE label_a IS NOT NULL AND label_b IS NOT NULL
                    AND label_a <> label_b)
  AND NOT deleted AND NOT was_cancelled AND label IS NOT NULL AND pulled_at <= $hi
GROUP BY 1
"""


def explain_diff(
    con: duckdb.DuckDBPyConnection, ref_a: str, ref_b: str, sample: str | None = None, examples: int = 10
) -> dict[str, Any]:
    """diff_splits' counts, plus every change with its cause, counts by cause and (sample) one sample's story."""
    a, b = resolve(con, ref_a), resolve(con, ref_b)
    swapped = a["created_at"] > b["created_at"]
    if swapped:
        a, b = b, a
    base = diff_splits(con, f"{a['name']}@{a['version']}", f"{b['name']}@{b['version']}", examples)
    window = {"lo": a["created_at"], "hi": b["created_at"]}
    params = param_changes(a, b)
    con.execute(DIFF, {"na": a["name"], "va": a["version"], "nb": b["name"], "vb": b["version"]})
    events = _events(con, "_split_diff", window)
    annotators = dict(con.execute(ANNOTATORS, {"hi": window["hi"]}).fetchall())
    ctx = {"params": params, "annotators": annotators, "strata": _strata(con)}
    rows = rows_as_dicts(con.execute("SELECT * FROM _split_diff ORDER BY sample_id"))
    changes = [ch for row in rows for ch in explain_sample(row, events.get(row["sample_id"], []), ctx)]
    out = {
        **base,
        "swapped": swapped,
        "window": {k: str(v) for k, v in window.items()},
        "params_changed": params,
        "by_cause": by_cause(changes),
        "changes": changes,
    }
    if sample is not None:
        out["sample"] = story(con, sample, (a, b), window, changes)
    return out


def _events(con: duckdb.DuckDBPyConnection, ids: str, window: dict[str, datetime]) -> dict[str, list[dict]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for e in rows_as_dicts(con.execute(EVENTS.format(ids=ids), window)):
        e["details"] = json.loads(e["details"]) if e["details"] else {}
        out.setdefault(e.pop("sample_id"), []).append(e)
    return out


def _strata(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per class (the new label, or the old one of a removed sample): members added and removed."""
    rows = con.execute(
        "SELECT coalesce(label_b, label_a), count(*) FILTER (part_a IS NULL), count(*) FILTER (part_b IS NULL) "
        "FROM _split_diff WHERE part_a IS NULL OR part_b IS NULL GROUP BY 1"
    ).fetchall()
    return {label: {"added": int(n_add), "removed": int(n_rem)} for label, n_add, n_rem in rows}


def param_changes(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[Any]]:
    """The build parameters that differ between two versions: {param: [old, new]}."""
    pa_, pb = json.loads(a["params"] or "{}"), json.loads(b["params"] or "{}")
    return {k: [pa_.get(k), pb.get(k)] for k in sorted(set(pa_) | set(pb)) if pa_.get(k) != pb.get(k)}


def by_cause(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts per (change, cause, by), most frequent first."""
    counts = Counter((c["change"], c["cause"], c["by"]) for c in changes)
    rows = [{"change": ch, "cause": cause, "by": by, "samples": n} for (ch, cause, by), n in counts.items()]
    return sorted(rows, key=lambda r: (CHANGES.index(r["change"]), -r["samples"], r["cause"], r["by"] or ""))


def explain_sample(row: dict[str, Any], events: list[dict[str, Any]], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One explained change per way the sample differs (a sample can be both relabelled and moved)."""
    out = []
    if row["part_a"] is None:
        out.append(_change(row, "added", None, row["part_b"], _added(events, ctx)))
    elif row["part_b"] is None:
        out.append(_change(row, "removed", row["part_a"], None, _removed(events, ctx)))
    else:
        if row["label_a"] != row["label_b"]:
            cause = _relabeled(row, events, ctx)
            out.append(_change(row, "relabeled", row["label_a"], row["label_b"], cause))
        if row["part_a"] != row["part_b"]:
            out.append(_change(row, "moved", row["part_a"], row["part_b"], _moved(row, events, ctx)))
    return out


def _change(row: dict[str, Any], change: str, old: Any, new: Any, cause: dict[str, Any]) -> dict[str, Any]:
    return {"sample_id": row["sample_id"], "change": change, "from": old, "to": new, **cause}


def _cause(cause: str, by: str | None, event: dict[str, Any] | None, detail: str) -> dict[str, Any]:
    run = event["run_id"] if event else None
    return {"cause": cause, "by": by, "run_id": run, "at": str(event["at"]) if event else None, "detail": detail}


def _last(events: list[dict[str, Any]], test: Any) -> dict[str, Any] | None:
    found = [e for e in events if test(e)]
    return found[-1] if found else None


def _sets_active(e: dict[str, Any]) -> bool:
    return (e["decision"] == "keep" and e["stage"] == "review") or (
        e["decision"] != "drop" and e["details"].get("restores") is True
    )


def _drops(e: dict[str, Any]) -> bool:
    return e["decision"] == "drop" and e["details"].get("review_held") is not True


def _params_cause(ctx: dict[str, Any]) -> dict[str, Any]:
    changed = ", ".join(f"{k} {json.dumps(v[0])} → {json.dumps(v[1])}" for k, v in ctx["params"].items())
    return _cause("params", ",".join(ctx["params"]), None, f"split parameters changed: {changed}")


def _unexplained() -> dict[str, Any]:
    return _cause("unexplained", None, None, "no decision or run between the two builds explains it")


def _added(events: list[dict[str, Any]], ctx: dict[str, Any]) -> dict[str, Any]:
    ingest = _last(events, lambda e: e["stage"] == "ingest" and e["decision"] == "keep")
    if ingest:
        return _cause("ingest", ingest["step"], ingest, f"ingested by run {ingest['run_id']}")
    restore = _last(events, _sets_active)
    if restore:
        return _restore_cause(restore)
    label = _last(events, lambda e: e["decision"] == "label")
    if label:
        return _label_cause(label, ctx, None)
    scrub = _last(events, lambda e: e["stage"] == "pii")
    if scrub:
        return _cause("pii_scrub", scrub["step"], scrub, "scrubbed by the PII stage (splits take scrubbed samples)")
    return _params_cause(ctx) if ctx["params"] else _unexplained()


def _restore_cause(e: dict[str, Any]) -> dict[str, Any]:
    if e["stage"] == "review":
        return _cause("review", e["step"], e, f"kept by a curator: {e['reason']}")
    if "reverts" in e["details"]:
        return _cause("revert", e["step"], e, f"`curator revert {e['details']['reverts']}` undid its drop")
    return _cause("restore", e["step"], e, f"re-judged by {e['stage']} with new params: {e['reason']}")


def _removed(events: list[dict[str, Any]], ctx: dict[str, Any]) -> dict[str, Any]:
    drop = _last(events, lambda e: _drops(e) or _sets_active(e))
    if drop and _drops(drop):
        if drop["stage"] == "review":
            return _cause("review", drop["step"], drop, f"dropped by a curator: {drop['reason']}")
        return _cause("rule", drop["step"], drop, f"dropped by {drop['stage']}: {drop['reason']}")
    label = _last(events, lambda e: e["decision"] == "label")
    if label:
        return _label_cause(label, ctx, None)
    return _params_cause(ctx) if ctx["params"] else _unexplained()


def _relabeled(row: dict[str, Any], events: list[dict[str, Any]], ctx: dict[str, Any]) -> dict[str, Any]:
    label = _last(events, lambda e: e["decision"] == "label" or (e["stage"] == "ingest" and e["decision"] == "modify"))
    if label and label["stage"] == "ingest":
        return _cause(
            "ingest_update", label["step"], label, f"the source's label changed on re-ingest: {label['reason']}"
        )
    if label:
        return _label_cause(label, ctx, row)
    return _params_cause(ctx) if ctx["params"] else _unexplained()


def _label_cause(e: dict[str, Any], ctx: dict[str, Any], row: dict[str, Any] | None) -> dict[str, Any]:
    """A label decision: a resolution (method, votes, annotators) or a curator's set-label. Old → new are the
    split's labels where the sample is in both versions, else the decision's own."""
    d = e["details"]
    old, new = (row["label_a"], row["label_b"]) if row else (d.get("previous_label", d.get("previous")), d.get("label"))
    if e["stage"] == "review":
        return _cause(
            "review", e["step"], e, f"label set by {d.get('reviewer') or 'a curator'} in review: {old} → {new}"
        )
    who = ctx["annotators"].get(row["sample_id"]) if row else None
    votes = sorted((d.get("votes") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
    detail = (
        f"{d.get('method') or e['step']} resolution: {old} → {new} (votes {', '.join(f'{k} {v}' for k, v in votes)}"
    )
    detail += f"; annotators {', '.join(who)})" if who else ")"
    return {**_cause("label", d.get("method") or e["step"], e, detail), "annotators": who or []}


def _moved(row: dict[str, Any], events: list[dict[str, Any]], ctx: dict[str, Any]) -> dict[str, Any]:
    if ctx["params"]:
        return _params_cause(ctx)
    if row["label_a"] != row["label_b"]:
        return _relabeled(row, events, ctx)
    dedup = _last(events, lambda e: e["stage"] == "dedup")
    if dedup:
        return _cause("dedup_cluster", dedup["step"], dedup, f"regrouped by dedup run {dedup['run_id']}")
    s = ctx["strata"].get(row["label_b"], {"added": 0, "removed": 0})
    detail = f"class {row['label_b']}: {s['added']} member(s) joined and {s['removed']} left, so its quotas shifted"
    return _cause("reallocation", None, None, detail)


def story(
    con: duckdb.DuckDBPyConnection,
    sample: str,
    versions: tuple[dict[str, Any], dict[str, Any]],
    window: dict[str, datetime],
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    """One sample across the two versions: where it was, what happened to it between the builds, and why."""
    if not con.execute("SELECT 1 FROM samples WHERE sample_id = ?", [sample]).fetchall():
        raise CuratorError(f"--sample {shown(sample)}: no such sample in the catalog")
    where = {}
    for key, v in zip(("a", "b"), versions, strict=True):
        row = con.execute(
            "SELECT part, label FROM split_members WHERE name = ? AND version = ? AND sample_id = ?",
            [v["name"], v["version"], sample],
        ).fetchall()
        where[key] = {
            "split": f"{v['name']}@{v['version']}",
            "part": row[0][0] if row else None,
            "label": row[0][1] if row else None,
        }
    con.execute("CREATE OR REPLACE TEMP TABLE _split_story AS SELECT ? AS sample_id", [sample])
    return {
        "sample_id": sample,
        **where,
        "changes": [c for c in changes if c["sample_id"] == sample],
        "events": _events(con, "_split_story", window).get(sample, []),
    }
