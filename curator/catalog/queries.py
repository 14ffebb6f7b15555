"""Read queries shared by the CLI and the review app: status funnel, explain, sources, runs, raw SQL."""

from __future__ import annotations

import json
import os
from typing import Any

import duckdb

from curator.catalog.ids import make_sample_id
from curator.catalog.readonly import check_read_statement, is_guarded
from curator.errors import CuratorError

# A drop reason reads "step: rule details" (e.g. "exact_dup_v1: duplicate of s1f…", "outliers_v1: too_short (2 < 20
# chars)"). Status groups by the rule: the reason up to its first detail word — one that starts with a digit or "(",
# holds a comparison, or holds a digit outside an identifier (so "duplicated_9_n_grams" stays, "s1f…" goes); every
# rejected language is one rule ("language not kept"), not a row per language.
REASON_RULE = (
    r"regexp_replace(regexp_replace(status_reason, 'language \S+ not kept', 'language not kept'), "
    r"'\s+(?:[0-9(]|[^\s_]*[0-9][^\s_]*(?:\s|$)|\S*[<>=(]).*$', '')"
)


def rows_as_dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def sql_path(path: str | os.PathLike) -> str:
    """A file path as a quoted SQL string literal (COPY … TO and ATTACH take no query parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def funnel(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Samples remaining after each stage, stages in the order they first ran."""
    total = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    stages = con.execute(
        "SELECT stage, min(started_at) AS t FROM runs WHERE stage IS NOT NULL AND stage <> 'ingest' "
        "AND status = 'succeeded' GROUP BY stage ORDER BY t"
    ).fetchall()
    drops = dict(
        con.execute("SELECT status_stage, count(*) FROM samples WHERE status = 'dropped' GROUP BY 1").fetchall()
    )
    out, remaining = [{"stage": "ingest", "dropped": 0, "remaining": total}], total
    for stage, _ in stages:
        remaining -= drops.get(stage, 0)
        out.append({"stage": stage, "dropped": drops.get(stage, 0), "remaining": remaining})
    for stage, n in drops.items():  # stages whose drops came without a stage run (e.g. review)
        if stage not in {row["stage"] for row in out}:
            remaining -= n
            out.append({"stage": stage, "dropped": n, "remaining": remaining})
    return out


def status(con: duckdb.DuckDBPyConnection, last_runs: int = 10) -> dict[str, Any]:
    """The funnel: samples per status, drops per stage and reason, per source, and the last runs."""
    by_status = dict(con.execute("SELECT status, count(*) FROM samples GROUP BY 1 ORDER BY 1").fetchall())
    drops = rows_as_dicts(
        con.execute(
            f"SELECT status_stage AS stage, {REASON_RULE} AS reason, count(*) AS samples FROM samples "
            "WHERE status = 'dropped' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
        )
    )
    sources = rows_as_dicts(
        con.execute(
            "SELECT source, count(*) AS samples, count(*) FILTER (status = 'active') AS active, "
            "count(*) FILTER (status = 'dropped') AS dropped FROM samples GROUP BY 1 ORDER BY 1"
        )
    )
    rejects = con.execute("SELECT coalesce(sum(rows_rejected), 0) FROM sources").fetchone()[0]
    return {
        "samples": sum(by_status.values()),
        "by_status": by_status,
        "rejected_at_ingest": int(rejects),
        "funnel": funnel(con),
        "drops": drops,
        "sources": sources,
        "runs": list_runs(con, last_runs),
        "rule_audits": rule_audits(con),
    }


def rule_audits(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The latest audited precision of each curation rule (`curator audit report`; docs/audit.md)."""
    from curator.audit.report import card_figures

    return card_figures(con) if table_exists(con, "rule_audits") else []


# the runs listing (`curator runs`, status's last runs, the Python API's runs()); one parameter: the limit
RUNS_SQL = (
    "SELECT run_id, command, stage, status, started_at, round(duration_s, 2) AS seconds, n_in, n_kept, "
    "n_dropped, n_modified, executor, code_version, config_hash, config, error "
    "FROM runs ORDER BY started_at DESC LIMIT ?"
)


def list_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> list[dict[str, Any]]:
    return rows_as_dicts(con.execute(RUNS_SQL, [limit]))


def list_sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows_as_dicts(
        con.execute(
            "SELECT s.name, s.format, s.license, s.rows_read, s.rows_accepted, s.rows_rejected, s.rows_present, "
            "(SELECT count(*) FROM samples WHERE source = s.name) AS samples, s.uri, s.last_ingested_at "
            "FROM sources s ORDER BY s.name"
        )
    )


def _candidates(ref: str) -> list[str]:
    """sample_ids a reference may mean: SOURCE:SOURCE_KEY first (when it has a colon), then the text itself."""
    return [make_sample_id(*ref.split(":", 1)), ref] if ":" in ref else [ref]


def _not_found(ref: str) -> CuratorError:
    return CuratorError(f"no sample {ref!r} (give a sample_id or SOURCE:SOURCE_KEY)")


def resolve_sample_id(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """A sample_id, or SOURCE:SOURCE_KEY; raises a one-line error when unknown."""
    for cand in _candidates(ref):
        if con.execute("SELECT 1 FROM samples WHERE sample_id = ?", [cand]).fetchone():
            return cand
    raise _not_found(ref)


# A default view (explain, the review app's sample page) shows no raw zone value: the text only once scrubbed
# (else NULL), the metadata's field names but never their values. Revealing them is an explicit, logged action
# (curator.review.reveal).
SAMPLE_COLUMNS = (
    "sample_id, source, source_key, status, status_stage, status_reason, language, language_score, "
    "label, dup_cluster, pii_scrubbed, created_at, n_chars, "
    "coalesce(json_keys(metadata), []::VARCHAR[]) AS metadata_fields, "
    "CASE WHEN pii_scrubbed THEN text END AS text"
)


def explain(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """A sample's current state (raw zone values left out: see SAMPLE_COLUMNS) and its whole history of
    decisions, oldest first (two point lookups)."""
    for cand in _candidates(ref):
        found = rows_as_dicts(con.execute(f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE sample_id = ?", [cand]))
        if found:
            break
    else:
        raise _not_found(ref)
    history = rows_as_dicts(
        con.execute(
            "SELECT d.created_at, d.stage, d.step, d.decision, d.reason, d.score, d.details, d.run_id "
            "FROM decisions d WHERE d.sample_id = ? ORDER BY d.created_at, d.seq",
            [found[0]["sample_id"]],
        )
    )
    sid = found[0]["sample_id"]
    return {"sample": found[0], "history": history, "duplicates": duplicates(con, sid, history)}


def duplicates(con: duckdb.DuckDBPyConnection, sample_id: str, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The duplicate clusters a sample is in: cluster id, kind (exact|near), size, the kept sample (keeper), its
    status and the first line of its text (None until PII-scrubbed), whether this is it, and the similarity and
    measure its dedup decision stored (None when the step stores none: before minhash_dup_v2)."""
    rows = rows_as_dicts(
        con.execute(
            "SELECT c.cluster_id, c.kind, c.is_keeper, count(*) OVER (PARTITION BY m.cluster_id) AS size, "
            "k.sample_id AS keeper, s.status AS keeper_status, "
            # the kept sample's first line, only once scrubbed (never raw text: docs/trust.md)
            "CASE WHEN s.pii_scrubbed THEN split_part(s.text, chr(10), 1) END AS keeper_first_line "
            "FROM dup_clusters c "
            "JOIN dup_clusters m ON m.cluster_id = c.cluster_id "
            "LEFT JOIN dup_clusters k ON k.cluster_id = c.cluster_id AND k.is_keeper "
            "LEFT JOIN samples s ON s.sample_id = k.sample_id WHERE c.sample_id = ? "
            "QUALIFY row_number() OVER (PARTITION BY c.cluster_id ORDER BY m.sample_id) = 1 ORDER BY c.kind",
            [sample_id],
        )
    )
    stored = [json.loads(h["details"]) for h in history if h["stage"] == "dedup" and h["details"]]
    found = next((d for d in reversed(stored) if isinstance(d, dict) and "similarity" in d), {})
    return [{**r, "similarity": found.get("similarity"), "measure": found.get("measure")} for r in rows]


def read_only_query(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = None) -> dict[str, Any]:
    """Run one read statement on a guarded connection (connect(ws, guarded=True)); returns columns and rows."""
    if not is_guarded(con):
        raise CuratorError("read_only_query needs a guarded connection: connect(ws, guarded=True)")
    statement = check_read_statement(con, sql)
    try:
        cur = con.execute(statement)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchmany(limit) if limit else cur.fetchall()
    except duckdb.Error as exc:
        raise CuratorError(f"query failed: {str(exc).splitlines()[0]}") from exc
    return {"columns": columns, "rows": [list(r) for r in rows]}
