"""`curator purge-raw`: delete the raw zone (raw_texts) for good, recorded as a run with one decision per sample.

`raw_texts` holds the original only of texts the PII stage changed (written just before it replaced them).
By default the raw texts of scrubbed samples go; `all_=True` deletes every `raw_texts` row, also any left for
a sample that is not scrubbed (now). A sample the PII stage has not scrubbed has no separate raw copy: its
current text IS its raw text until the stage runs, so purge cannot remove it (run the PII stage first).
DuckDB leaves deleted rows in free blocks of the file until they are reused, so the catalog is then rewritten
into a fresh file (COPY FROM DATABASE) that replaces the old one: the raw texts are gone from disk too.
"""

from __future__ import annotations

import os
from typing import Any

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.queries import sql_path
from curator.workspace import Workspace

STEP, REASON = "purge_raw", "raw text purged"
_SCOPE = {False: "WHERE sample_id IN (SELECT sample_id FROM samples WHERE pii_scrubbed)", True: ""}


def count_purgeable(ws: Workspace, all_: bool = False) -> int:
    """How many raw texts `purge_raw` would delete."""
    with connect(ws, read_only=True) as con:
        return int(con.execute(f"SELECT count(*) FROM raw_texts {_SCOPE[all_]}").fetchone()[0])


def purge_raw(ws: Workspace, all_: bool = False, compact: bool = True) -> dict[str, Any]:
    """Delete raw texts (of scrubbed samples, or every row), record the run and decisions, then rewrite the file.

    Unscrubbed samples keep their text: it is their current text, not a copy in the raw zone.
    """
    run = Run("purge-raw", {"all": all_, "compact": compact}, stage="pii")
    with connect(ws) as con, transaction(con):
        before = int(con.execute("SELECT count(*) FROM raw_texts").fetchone()[0])
        con.execute(
            "INSERT INTO decisions (run_id, sample_id, stage, step, decision, reason, score, details, created_at, seq) "
            f"SELECT ?, sample_id, 'pii', ?, 'modify', ?, NULL, NULL, ?, row_number() OVER (ORDER BY sample_id) "
            f"FROM raw_texts {_SCOPE[all_]}",
            [run.run_id, STEP, REASON, utcnow()],
        )
        con.execute(f"DELETE FROM raw_texts {_SCOPE[all_]}")
        remaining = int(con.execute("SELECT count(*) FROM raw_texts").fetchone()[0])
        deleted = before - remaining
        counts = {"deleted": deleted, "remaining": remaining, "scope": "all" if all_ else "scrubbed"}
        run.record(con, status="succeeded", counts=counts, n_in=before, n_modified=deleted)
    if compact and deleted:
        rewrite_catalog(ws)
    return {"run_id": run.run_id, **counts, "compacted": bool(compact and deleted)}


def rewrite_catalog(ws: Workspace) -> None:
    """Copy every table into a fresh catalog file and swap it in, so deleted rows leave no trace on disk."""
    path = ws.catalog_path
    fresh = path.with_name(path.name + ".purge-tmp")
    fresh.unlink(missing_ok=True)
    with connect(ws) as con:
        con.execute("CHECKPOINT")
        name = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH {sql_path(fresh)} AS purge_fresh")
        try:
            con.execute(f'COPY FROM DATABASE "{name}" TO purge_fresh')
            con.execute("CHECKPOINT purge_fresh")
        finally:
            con.execute("DETACH purge_fresh")
    os.replace(fresh, path)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
