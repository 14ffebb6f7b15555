"""Raw vs curated: the raw corpus excludes the test part and its duplicates; curated labels win on the same test."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from conftest import register_split, synth_texts

from curator.catalog import connect, transaction
from curator.ingest import IngestOptions, ingest
from curator.train.compare import compare_raw, raw_corpus
from curator.train.config import TrainOptions

LABELS = ["billing", "login", "shipping"]


def build(ws, tmp_path) -> dict[str, list[str]]:
    """Ingest 150 labeled records (every 2nd non-test source label wrong, one test text duplicated), write a split."""
    texts, labels = synth_texts(150, seed=5)
    noisy = [LABELS[(LABELS.index(y) + 1) % 3] if i >= 30 and i % 2 else y for i, y in enumerate(labels)]
    rows = [{"id": f"r{i}", "text": t, "label": y} for i, (t, y) in enumerate(zip(texts, noisy, strict=True))]
    rows.append({"id": "dup-of-test", "text": texts[0], "label": labels[0]})
    src = tmp_path / "raw.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest(ws, [src], IngestOptions(source="t"))
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET pii_scrubbed = true")
        con.execute("UPDATE samples SET status = 'dropped', status_stage = 'quality' WHERE source_key = 'r40'")
        ids = dict(con.execute("SELECT source_key, sample_id FROM samples").fetchall())
    parts = {"test": range(0, 30), "val": range(30, 50), "train": range(50, 150)}
    out = ws.splits_dir / "cur" / "v1"
    out.mkdir(parents=True)
    for part, idx in parts.items():  # the curated split carries the true labels
        table = {
            "sample_id": [ids[f"r{i}"] for i in idx],
            "text": [texts[i] for i in idx],
            "label": [labels[i] for i in idx],
        }
        pq.write_table(pa.table(table), out / f"{part}.parquet")
    register_split(ws.home, out)
    return {"test": [ids[f"r{i}"] for i in parts["test"]], "dup": [ids["dup-of-test"]], "dropped": [ids["r40"]]}


def test_raw_corpus_excludes_test_and_its_duplicates(ws, tmp_path):
    ids = build(ws, tmp_path)
    raw = raw_corpus(ws, ids["test"])
    assert len(raw) == 120  # 151 ingested - 30 test - 1 duplicate of a test text
    assert not set(raw.sample_ids) & set(ids["test"] + ids["dup"])
    assert ids["dropped"][0] in raw.sample_ids  # raw = no curation: dropped samples are in


def test_curated_beats_raw_on_the_same_test_set(ws, tmp_path):
    build(ws, tmp_path)
    res = compare_raw(ws, "cur@v1", TrainOptions(model="fasttext"))
    assert res["n_test"] == 30 and res["n_raw"] == 120 and res["n_curated"] == 120
    assert res["curated_macro_f1"] > res["raw_macro_f1"]
    with connect(ws, read_only=True) as con:
        rows = con.execute("SELECT model_id, value FROM metrics WHERE metric = 'macro_f1' ORDER BY 1").fetchall()
        run = con.execute("SELECT status FROM runs WHERE command = 'train --compare-raw'").fetchone()
    assert [r[0] for r in rows] == ["cur@v1:curated-fasttext", "cur@v1:raw-fasttext"] and run == ("succeeded",)
