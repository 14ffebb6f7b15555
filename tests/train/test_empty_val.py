"""A split with an empty validation part (`build-split --ratios 0.9,0,0.1`) still trains, saves and verifies.

Without validation there is nothing to early-stop on: every epoch runs, the last epoch's weights are saved, the
reload check reproduces the in-memory model's predictions on training texts, and no validation score is invented.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import register_split, write_split

from curator.catalog import connect

SIZES = {"train": 60, "val": 0, "test": 15}


@pytest.fixture
def no_val_split(ws):
    """`noval@v1`: 60 train, 0 val (a typed empty part, as build-split writes it), 15 test."""
    path = write_split(ws.home, "noval", "v1", SIZES)
    schema = pa.schema([("sample_id", pa.string()), ("text", pa.string()), ("label", pa.string())])
    pq.write_table(schema.empty_table(), path / "val.parquet")
    register_split(ws.home, path)
    return path


def test_finetune_with_empty_val_keeps_last_epoch_and_verifies_reload(ws, cli, no_val_split, tiny_bert):
    args = ["train", "noval", "--model", str(tiny_bert), "--epochs", "3", "--patience", "1", "--lr", "1e-9"]
    out = json.loads(cli(*args, "--batch-size", "16", "--max-length", "32", "--json").stdout)
    assert out["verified"] and out["n_val"] == 0 and out["n_train"] == 60
    assert out["val_macro_f1"] is None  # no validation part: no score, not a made-up 0.0
    assert out["best_epoch"] == 3 and len(out["history"]) == 3  # no early stop without validation: last epoch kept
    card = json.loads((ws.models_dir / out["model_id"] / "curator_model.json").read_text())
    assert card["val_macro_f1"] is None and card["best_epoch"] == 3
    with connect(ws, read_only=True) as con:
        row = con.execute("SELECT verified, n_val, val_macro_f1 FROM models").fetchone()
    assert row == (True, 0, None)
    text = cli("evaluate", out["model_id"]).stdout  # the saved checkpoint is usable on the test part
    assert "on noval@v1 test (15 samples)" in " ".join(text.split())


def test_fasttext_with_empty_val_trains_and_verifies(ws, cli, no_val_split):
    out = json.loads(cli("train", "noval", "--model", "fasttext", "--json").stdout)
    assert out["verified"] and out["n_val"] == 0 and out["val_macro_f1"] is None


def test_search_without_val_is_a_one_line_error(ws, cli, no_val_split):
    res = cli("train", "noval", "--model", "fasttext", "--search", "2", ok=False)
    assert res.exit_code == 1 and "noval@v1 has an empty validation part" in res.output
    assert "--search" in res.output
