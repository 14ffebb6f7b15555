"""`curator purge-raw`: delete the raw zone for good, recorded as a run with one decision per sample changed.

The raw zone in the catalog: `raw_texts` (the original of every text the PII stage changed), the free-text
`metadata` of samples (the record's other fields, e.g. a customer_email) and `rejects.excerpt` (the start of each
bad line ingest rejected). By default the raw texts and metadata of scrubbed samples go; `all_=True` takes every
sample's (also of samples not scrubbed now). Metadata fields named in `keep_metadata` are kept (e.g. a field a
split is stratified on). Reject excerpts always go (file, line and reason stay). A sample the PII stage has not
scrubbed has no separate raw copy: its current text IS its raw text. `all_=True` scrubs those texts first with
the PII stage's own scrubber (stages.pii.unscrubbed: e.g. samples langid or quality dropped before the stage
ran; their status stays), in the same transaction, so no raw text is left.

The whole command holds the workspace writer lock, so no other writer commits while the file is swapped. It
first sweeps leftover staging and shard folders (stages.pii.leftovers). DuckDB leaves deleted and overwritten
values in free blocks of the file until they are reused — also those of earlier purges with `compact=False`, of
a rewrite that failed, or of a text the PII stage replaced — so, unless `compact=False`, the catalog is always
rewritten into a fresh file (COPY FROM DATABASE) that replaces the old one: no raw string is left in its bytes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import duckdb

from curator.catalog import Run, connect, decisions, transaction
from curator.catalog.lock import writer_lock
from curator.catalog.queries import sql_path
from curator.faults import fault_point
from curator.names import check_identifier
from curator.stages.pii.leftovers import rewrite_tmp, sweep_leftovers
from curator.stages.pii.unscrubbed import count_unscrubbed, scrub_unscrubbed, scrubber_params
from curator.workspace import Workspace

STEP, REASON, META_REASON = "purge_raw", "raw text purged", "raw metadata purged"
_SCOPE = {False: "WHERE sample_id IN (SELECT sample_id FROM samples WHERE pii_scrubbed)", True: ""}
_META_SCOPE = {False: "pii_scrubbed AND ", True: ""}


def count_purgeable(ws: Workspace, all_: bool = False, keep_metadata: Sequence[str] = ()) -> dict[str, int]:
    """What `purge_raw` would delete: raw texts, samples whose metadata would change, reject excerpts."""
    keep = [check_identifier(f, "--keep-metadata field") for f in keep_metadata]
    new, params = _metadata_sql(keep)
    with connect(ws, read_only=True) as con:
        texts = con.execute(f"SELECT count(*) FROM raw_texts {_SCOPE[all_]}").fetchone()[0]
        meta = con.execute(f"SELECT count(*) {_changed_metadata(all_, new)}", params).fetchone()[0]
        excerpts = con.execute("SELECT count(*) FROM rejects WHERE excerpt IS NOT NULL").fetchone()[0]
        unscrubbed = count_unscrubbed(con) if all_ else 0
    return {"raw_texts": int(texts), "metadata": int(meta), "excerpts": int(excerpts), "unscrubbed": unscrubbed}


def _changed_metadata(all_: bool, new: str) -> str:
    """FROM … WHERE of the samples in scope whose metadata the purge changes."""
    return (
        f"FROM samples s WHERE {_META_SCOPE[all_]}s.metadata IS NOT NULL "
        f"AND CAST(s.metadata AS VARCHAR) IS DISTINCT FROM CAST({new} AS VARCHAR)"
    )


def purge_raw(
    ws: Workspace, all_: bool = False, compact: bool = True, keep_metadata: Sequence[str] = ()
) -> dict[str, Any]:
    """With all_, scrub never-scrubbed texts; delete raw texts, raw metadata (but `keep_metadata` fields) and
    reject excerpts; record the run and one decision per sample changed; sweep leftover folders; then rewrite the
    catalog file (unless compact=False)."""
    keep = [check_identifier(f, "--keep-metadata field") for f in keep_metadata]
    with writer_lock(ws, "purge-raw"):
        swept = sweep_leftovers(ws)
        with connect(ws) as con, transaction(con):
            params = scrubber_params(con) if all_ else {}
            config = {"all": all_, "compact": compact, "keep_metadata": keep, **({"scrubber": params} if all_ else {})}
            run = Run("purge-raw", config, stage="pii")
            scrubbed = scrub_unscrubbed(con, run, params) if all_ else {"scrubbed_at_purge": 0, "modified_at_purge": 0}
            counts = {**_purge_rows(con, run, all_, keep), **scrubbed}
            n_modified = counts["deleted"] + counts["metadata_purged"] + counts["modified_at_purge"]
            run.record(
                con, status="succeeded", counts={**counts, "swept": swept}, n_in=counts["before"], n_modified=n_modified
            )
        fault_point("purge-raw.after_commit")
        if compact:
            rewrite_catalog(ws)
    return {"run_id": run.run_id, **counts, "swept": swept, "compacted": compact}


def _metadata_sql(keep: list[str], alias: str = "s") -> tuple[str, list[str]]:
    """The metadata a sample keeps (only the `keep` fields present; '{}' when none) and its parameters."""
    if not keep:
        return "'{}'::JSON", []
    pairs = ", ".join(f"?, json_extract({alias}.metadata, ?)" for _ in keep)
    params = [v for f in keep for v in (f, '$."' + f + '"')]
    return f"json_merge_patch('{{}}', json_object({pairs}))", params  # merge patch drops the absent (null) ones


def _purge_rows(con: duckdb.DuckDBPyConnection, run: Run, all_: bool, keep: list[str]) -> dict[str, Any]:
    before = int(con.execute("SELECT count(*) FROM raw_texts").fetchone()[0])
    rows = "SELECT sample_id, ? AS step, 'modify' AS decision, ? AS reason, NULL AS score, NULL AS details, "
    rows += "? + row_number() OVER (ORDER BY sample_id) AS seq "
    seq = int(con.execute("SELECT coalesce(max(seq), 0) FROM decisions WHERE run_id = ?", [run.run_id]).fetchone()[0])
    decisions.write(
        con, rows + f"FROM raw_texts {_SCOPE[all_]}", run_id=run.run_id, stage="pii", params=[STEP, REASON, seq]
    )
    con.execute(f"DELETE FROM raw_texts {_SCOPE[all_]}")
    remaining = int(con.execute("SELECT count(*) FROM raw_texts").fetchone()[0])
    new, params = _metadata_sql(keep)
    changed = _changed_metadata(all_, new)
    decisions.write(
        con,
        rows + changed,
        run_id=run.run_id,
        stage="pii",
        params=[STEP, META_REASON, seq + before - remaining, *params],
    )
    set_new = _metadata_sql(keep, "u")[0]
    n_meta = con.execute(
        f"UPDATE samples AS u SET metadata = ({set_new}) WHERE u.sample_id IN (SELECT s.sample_id {changed})",
        [*params, *params],
    ).fetchone()[0]
    n_excerpts = con.execute("UPDATE rejects SET excerpt = NULL WHERE excerpt IS NOT NULL").fetchone()[0]
    return {
        "before": before,
        "deleted": before - remaining,
        "remaining": remaining,
        "metadata_purged": int(n_meta),
        "excerpts_purged": int(n_excerpts),
        "scope": "all" if all_ else "scrubbed",
    }


def rewrite_catalog(ws: Workspace) -> None:
    """Copy every table into a fresh catalog file and swap it in, so deleted rows leave no trace on disk.
    The caller holds the writer lock (no other writer can commit between the copy and the swap)."""
    path, fresh = ws.catalog_path, rewrite_tmp(ws)
    fresh.unlink(missing_ok=True)
    with writer_lock(ws, "purge-raw"):
        try:
            with connect(ws) as con:
                con.execute("CHECKPOINT")
                name = con.execute("SELECT current_database()").fetchone()[0]
                con.execute(f"ATTACH {sql_path(fresh)} AS purge_fresh")
                try:
                    con.execute(f'COPY FROM DATABASE "{name}" TO purge_fresh')
                    con.execute("CHECKPOINT purge_fresh")
                finally:
                    con.execute("DETACH purge_fresh")
            os.chmod(fresh, 0o600)
            fault_point("purge-raw.before_swap")
            os.replace(fresh, path)  # after the connection closed: nothing writes the old file any more
        except BaseException:
            fresh.unlink(missing_ok=True)  # the next purge-raw rewrites again (it always does)
            raise
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
