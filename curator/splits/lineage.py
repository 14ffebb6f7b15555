"""What the catalog knows about a split's members: sources, the runs that produced them, label QA, the funnel.

Every function takes a connection on which the members are registered as the view `_split_members`
(sample_id, part, label).
"""

from __future__ import annotations

from typing import Any

import duckdb

from curator.catalog import queries
from curator.catalog.queries import rows_as_dicts, table_exists

MEMBERS = "_split_members"


def sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows_as_dicts(
        con.execute(
            f"SELECT s.source, coalesce(src.license, '') AS license, count(*) AS samples, "
            f"count(*) FILTER (m.part = 'train') AS train, count(*) FILTER (m.part = 'val') AS val, "
            f"count(*) FILTER (m.part = 'test') AS test FROM {MEMBERS} m JOIN samples s USING (sample_id) "
            f"LEFT JOIN sources src ON src.name = s.source GROUP BY 1, 2 ORDER BY 1"
        )
    )


def producing_runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The ingest runs and every run that recorded a decision about a member (stage runs, labeling, review)."""
    return rows_as_dicts(
        con.execute(
            f"WITH ids AS (SELECT DISTINCT s.ingest_run_id AS run_id FROM {MEMBERS} m JOIN samples s USING (sample_id) "
            f"UNION SELECT DISTINCT d.run_id FROM decisions d SEMI JOIN {MEMBERS} m ON m.sample_id = d.sample_id) "
            "SELECT r.run_id, r.command, r.stage, r.config_hash, r.code_version, r.started_at::VARCHAR AS started_at "
            "FROM runs r JOIN ids USING (run_id) ORDER BY r.started_at, r.run_id"
        )
    )


def label_qa(con: duckdb.DuckDBPyConnection, label_source: str) -> dict[str, Any]:
    """How the members' labels were obtained, and the latest labeling QA figures when there are any."""
    out: dict[str, Any] = {"label_source": label_source}
    if label_source in ("resolved", "resolved_or_source") and table_exists(con, "labels"):
        out["methods"] = dict(
            con.execute(
                f"SELECT l.method, count(*) FROM {MEMBERS} m JOIN labels l USING (sample_id) GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        row = con.execute(
            f"SELECT avg(l.agreement), avg(l.n_annotations), count(*) FILTER (l.simulated) "
            f"FROM {MEMBERS} m JOIN labels l USING (sample_id)"
        ).fetchall()[0]
        out["mean_agreement"] = None if row[0] is None else round(float(row[0]), 4)
        out["mean_annotations"] = None if row[1] is None else round(float(row[1]), 3)
        out["simulated_labels"] = int(row[2] or 0)
    if table_exists(con, "qa_runs"):
        qa = rows_as_dicts(
            con.execute(
                "SELECT run_id, project, created_at::VARCHAR AS created_at, n_samples, n_overlapped, overlap_coverage, "
                "krippendorff_alpha, fleiss_kappa, simulated FROM qa_runs ORDER BY created_at DESC LIMIT 1"
            )
        )
        if qa:
            out["qa"] = qa[0]
    if table_exists(con, "qa_annotators") and out.get("qa"):
        row = con.execute(
            "SELECT count(*), avg(gold_accuracy), avg(agreement_with_consensus), avg(pairwise_agreement), avg(kappa) "
            "FROM qa_annotators WHERE run_id = ?",
            [out["qa"]["run_id"]],
        ).fetchall()[0]
        out["qa"]["annotators"] = int(row[0])
        out["qa"]["mean_gold_accuracy"] = None if row[1] is None else round(float(row[1]), 4)
        out["qa"]["mean_agreement_with_consensus"] = None if row[2] is None else round(float(row[2]), 4)
        out["qa"]["mean_pairwise_agreement"] = None if row[3] is None else round(float(row[3]), 4)  # ties count
        out["qa"]["mean_kappa"] = None if row[4] is None else round(float(row[4]), 4)
    return out


def funnel(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The catalog's funnel (curator status) at build time: per stage, and drops by reason."""
    st = queries.status(con, last_runs=0)
    return {
        "samples": st["samples"],
        "by_status": st["by_status"],
        "rejected_at_ingest": st["rejected_at_ingest"],
        "stages": st["funnel"],
        "drops": st["drops"][:20],
    }


def time_range(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows_as_dicts(
        con.execute(
            f"SELECT m.part, min(s.created_at)::VARCHAR AS oldest, max(s.created_at)::VARCHAR AS newest, "
            f"count(DISTINCT s.language) AS languages FROM {MEMBERS} m JOIN samples s USING (sample_id) "
            "GROUP BY 1 ORDER BY list_position(['train', 'val', 'test'], m.part)"
        )
    )
