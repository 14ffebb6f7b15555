"""A seeded workspace for the review app's tests: a real ingest, then the other areas' tables filled by SQL.

`seed_other_areas` stands in for stages that may not be runnable here (PII, dedup, Label Studio, training):
it writes rows with the columns of their migrations (0002-0005), through Arrow tables, as those stages would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from curator.catalog import Run, connect, transaction, utcnow
from curator.workspace import Workspace

LABELS = ("billing", "shipping", "technical")
V1, V2 = "v1aaaaaaaaaaaa", "v2bbbbbbbbbbbb"
N = 40


def write_corpus(path: Path, n: int = N) -> Path:
    """n support-ticket-like records; every 5th mentions an e-mail address, 3 are near-identical."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Ticket {i}: my order {1000 + i} is late, please help with {LABELS[i % 3]}."
            if i % 5 == 0:
                text += f" Write to me at user{i}@example.com."
            if i in (1, 2, 3):
                text = "My parcel never arrived, the tracking page shows nothing."
            fh.write(json.dumps({"id": f"t{i:03d}", "text": text, "label": LABELS[i % 3]}) + "\n")
    return path


def insert(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert through a registered Arrow table, by column name."""
    tbl = pa.Table.from_pylist(rows)
    con.register("seed_rows", tbl)
    cols = ", ".join(f'"{c}"' for c in tbl.column_names)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM seed_rows")
    con.unregister("seed_rows")


def _ids(con: Any) -> list[str]:
    return [r[0] for r in con.execute("SELECT sample_id FROM samples ORDER BY source_key").fetchall()]


def _stages(con: Any, ids: list[str], now: Any) -> None:
    """PII scrub (all but the last two samples; every 5th changes), a quality drop, one near-duplicate cluster."""
    from curator.stages.pii.stage import KEEP_RAW, SCRUBBED  # the PII stage's own PII import SQL

    scrub = Run("run", {"stage": "pii"}, stage="pii")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE res AS SELECT sample_id, regexp_replace(text, '\\S+@\\S+\\.com', "
        "'<EMAIL_ADDRESS>') AS new_text FROM samples WHERE sample_id NOT IN (?, ?)",
        [ids[-1], ids[-2]],
    )
    con.execute(KEEP_RAW)  # the originals of the changed texts (every 5th sample) into raw_texts
    con.execute(SCRUBBED)
    insert(
        con,
        "pii_findings",
        [
            {
                "sample_id": s,
                "run_id": scrub.run_id,
                "entity_type": "EMAIL_ADDRESS",
                "start": 40,
                "end": 58,
                "score": 1.0,
                "recognizer": "EmailRecognizer",
            }
            for s in ids[0:-2:5]
        ],
    )
    scrub.record(con, status="succeeded", n_in=len(ids), n_kept=len(ids))
    quality, dedup = Run("run", {"stage": "quality"}, stage="quality"), Run("run", {"stage": "dedup"}, stage="dedup")
    drops = [
        (quality, ids[10], "too_short"),
        (quality, ids[11], "too_short"),
        (dedup, ids[2], "near_duplicate"),
        (dedup, ids[3], "near_duplicate"),
    ]
    insert(
        con,
        "decisions",
        [
            {
                "run_id": r.run_id,
                "sample_id": s,
                "stage": r.stage,
                "step": f"{r.stage}_v1",
                "decision": "drop",
                "reason": why,
                "score": 0.1,
                "details": "{}",
                "created_at": now,
                "seq": i,
            }
            for i, (r, s, why) in enumerate(drops)
        ],
    )
    for run, sid, why in drops:
        con.execute(
            "UPDATE samples SET status = 'dropped', status_stage = ?, status_reason = ? WHERE sample_id = ?",
            [run.stage, why, sid],
        )
    insert(
        con,
        "dup_clusters",
        [
            {
                "cluster_id": f"near:{ids[1]}",
                "sample_id": s,
                "kind": "near",
                "is_keeper": s == ids[1],
                "run_id": dedup.run_id,
            }
            for s in ids[1:4]
        ],
    )
    con.execute("UPDATE samples SET dup_cluster = ? WHERE sample_id IN (?, ?, ?)", [f"near:{ids[1]}", *ids[1:4]])
    quality.record(con, status="succeeded", n_in=len(ids), n_dropped=2)
    dedup.record(con, status="succeeded", n_in=len(ids), n_dropped=2)


def _labeling(con: Any, ids: list[str], now: Any) -> None:
    """Three annotators on 15 samples (annotator c disagrees on every third), resolved labels, a relabel row."""
    run = Run("annotate pull", {}, stage="label")
    rows, n = [], 0
    for i, sid in enumerate(ids[:15]):
        for who in ("a@x.org", "b@x.org", "c@x.org"):
            label = LABELS[i % 3] if who != "c@x.org" or i % 3 else LABELS[(i + 1) % 3]
            rows.append(
                {
                    "project": "p",
                    "annotation_id": n,
                    "task_id": i,
                    "sample_id": sid,
                    "annotator": who,
                    "label": label,
                    "was_cancelled": False,
                    "deleted": False,
                    "created_at": now,
                    "simulated": True,
                    "pulled_at": now,
                    "run_id": run.run_id,
                }
            )
            n += 1
    insert(con, "annotations", rows)
    insert(
        con,
        "labels",
        [
            {
                "sample_id": s,
                "label": LABELS[i % 3],
                "method": "majority",
                "agreement": 1.0,
                "n_annotations": 3,
                "simulated": True,
                "run_id": run.run_id,
                "resolved_at": now,
            }
            for i, s in enumerate(ids[:15])
        ],
    )
    insert(
        con,
        "relabel_queue",
        [
            {
                "sample_id": ids[0],
                "reason": "disagreement",
                "priority": 0.5,
                "details": "{}",
                "status": "pending",
                "created_at": now,
                "run_id": run.run_id,
            }
        ],
    )
    run.record(con, status="succeeded", n_in=len(rows))


def _splits_models(con: Any, ids: list[str], now: Any) -> None:
    """Two versions of split 'main' (v2 moves one sample), one model with metrics and predictions."""
    run = Run("build-split", {"name": "main"}, stage="split")
    active = [s for s in ids if s not in (ids[2], ids[3], ids[10], ids[11])]
    parts = ["train"] * 24 + ["val"] * 6 + ["test"] * 6
    for v, shift in ((V1, 0), (V2, 1)):
        members = [
            {"name": "main", "version": v, "sample_id": s, "part": parts[k % 36], "label": LABELS[k % 3]}
            for k, s in enumerate(active)
        ]
        members[0]["part"] = "test" if shift else "train"
        insert(con, "split_members", members)
        insert(
            con,
            "splits",
            [
                {
                    "name": "main",
                    "version": v,
                    "created_at": now,
                    "run_id": run.run_id,
                    "mode": "stratified",
                    "label_source": "source",
                    "n_members": len(members),
                    "path": f"splits/main/{v}",
                    "leakage": "{}",
                }
            ],
        )
    run.record(con, status="succeeded", n_in=len(active))
    model, common = "minilm-test-0001", {"run_id": run.run_id, "created_at": now}
    insert(
        con,
        "models",
        [
            {
                "model_id": model,
                "kind": "minilm",
                "split_name": "main",
                "split_version": V2,
                "path": f"models/{model}",
                "val_macro_f1": 0.8,
                **common,
            }
        ],
    )
    cells = [("accuracy", None, None, 0.83), ("macro_f1", None, None, 0.81)]
    cells += [("confusion", t, p, 2.0 if t == p else 0.0) for t in LABELS for p in LABELS]
    cells += [(m, t, None, 0.8) for t in LABELS for m in ("precision", "recall", "f1")]
    insert(
        con,
        "metrics",
        [
            {
                "model_id": model,
                "split_name": "main",
                "split_version": V2,
                "part": "test",
                "metric": m,
                "label": t,
                "predicted": p,
                "value": float(v),
                **common,
            }
            for m, t, p, v in cells
        ],
    )
    wrong = {0: 1, 4: 1}  # two confident wrong predictions: suspected label issues
    insert(
        con,
        "predictions",
        [
            {
                "model_id": model,
                "sample_id": s,
                "part": "test",
                "label": LABELS[k % 3],
                "predicted": LABELS[(k + wrong.get(k, 0)) % 3],
                "score": 0.9 - k / 100,
                **common,
            }
            for k, s in enumerate(active[-6:])
        ],
    )


def seed_other_areas(ws: Workspace) -> list[str]:
    """Fill the curation, labeling, split and training tables for the ingested samples; returns the sample ids."""
    with connect(ws) as con, transaction(con):
        ids, now = _ids(con), utcnow()
        _stages(con, ids, now)
        _labeling(con, ids, now)
        _splits_models(con, ids, now)
    return ids


@pytest.fixture
def ingested(ws: Workspace, cli, tmp_path: Path) -> Workspace:
    """A workspace with the small corpus ingested (source 'tickets') and nothing else."""
    cli("ingest", str(write_corpus(tmp_path / "tickets.jsonl")), "--source", "tickets")
    return ws


@pytest.fixture
def seeded(ingested: Workspace) -> Workspace:
    """The ingested workspace with every other area's tables filled (see seed_other_areas)."""
    seed_other_areas(ingested)
    return ingested
