"""Splits and models: train / evaluate / export take only registered split versions whose part files still have the
sha256 their manifest lists; a split name is never a path and a model is never written outside the workspace.

Real ingest, real build-split, real fastText training through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from curator.catalog import connect
from tests.splits.conftest import ingest_records, make_records, mark_curated


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def built(ws, cli, tmp_path) -> dict:
    """A real split version `tickets@V` (120 labeled tickets, build-split from source labels)."""
    ingest_records(ws, make_records(120), tmp_path)
    mark_curated(ws)
    res = json.loads(cli("build-split", "tickets", "--label-source", "source", "--no-near-dup", "--json").stdout)
    return {"ref": f"tickets@{res['version']}", "dir": ws.splits_dir / "tickets" / res["version"]}


def _models(ws) -> list[tuple]:
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT model_id, path FROM models").fetchall()


def test_a_path_is_not_a_split(ws, cli, built):
    """`curator train ../../x@v` trained on unregistered files and saved the model outside the workspace."""
    outside = ws.home.parent
    planted = ws.splits_dir / "../../x" / "v"  # = <parent of the workspace>/x/v
    planted.mkdir(parents=True)
    for part in ("train", "val", "test"):
        (planted / f"{part}.parquet").write_bytes((built["dir"] / f"{part}.parquet").read_bytes())
    (planted / "manifest.json").write_bytes((built["dir"] / "manifest.json").read_bytes())
    before = _tree(outside)
    res = cli("train", "../../x@v", "--model", "fasttext", "--quiet", ok=False)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "split name '../../x'" in res.output and "never a path" in res.output
    assert _tree(outside) == before and _models(ws) == []  # no model anywhere, nothing written next to the workspace
    res = cli("export", "../../x@v", "--out", str(outside / "exported"), ok=False)
    assert res.exit_code == 1 and "never a path" in res.output and not (outside / "exported").exists()


def test_an_unregistered_version_folder_is_not_a_split(ws, cli, built):
    """A folder dropped next to the registered versions is not trained on (before: any folder with the parts)."""
    copy = built["dir"].parent / "0123456789ab"
    copy.mkdir()
    for f in built["dir"].iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    res = cli("train", "tickets@0123456789ab", "--model", "fasttext", "--quiet", ok=False)
    assert res.exit_code == 1 and "no split 'tickets@0123456789ab'" in res.output and _models(ws) == []


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _relabel_one_row(path: Path) -> None:
    """A valid Parquet file whose first row's label changed (label poisoning that any reader accepts)."""
    rows = pq.read_table(path).to_pylist()
    rows[0]["label"] = "bug" if rows[0]["label"] != "bug" else "billing"
    pq.write_table(pa.Table.from_pylist(rows), path)


@pytest.mark.parametrize("tamper", [_flip_one_byte, _relabel_one_row], ids=["one-byte", "relabeled-row"])
def test_a_changed_part_file_is_refused_by_train_evaluate_and_export(ws, cli, built, tmp_path, tamper):
    model_id = json.loads(cli("train", built["ref"], "--model", "fasttext", "--json").stdout)["model_id"]
    part = built["dir"] / "train.parquet"
    tamper(part)
    for args in (
        ("train", built["ref"], "--model", "fasttext", "--quiet"),
        ("train", "tickets", "--quiet"),
        ("evaluate", model_id),
        ("export", built["ref"], "--out", str(tmp_path / "out")),
    ):
        res = cli(*args, ok=False)
        assert res.exit_code == 1 and "Traceback" not in res.output, args
        one_line = " ".join(res.output.split())  # rich wraps long lines
        assert f"{part}: sha256" in one_line and "does not match the manifest" in one_line, (args, res.output)
    assert [m[0] for m in _models(ws)] == [model_id] and not (tmp_path / "out").exists()


def test_a_changed_manifest_is_refused(ws, cli, built, tmp_path):
    """Re-hashing a tampered part into manifest.json does not help: the catalog holds the manifest's sha256."""
    part = built["dir"] / "train.parquet"
    _relabel_one_row(part)
    from curator.splits.store import sha256_file

    manifest = json.loads((built["dir"] / "manifest.json").read_text())
    manifest["files"]["train.parquet"]["sha256"] = sha256_file(part)
    (built["dir"] / "manifest.json").write_text(json.dumps(manifest, indent=2))
    for args in (
        ("train", built["ref"], "--model", "fasttext", "--quiet"),
        ("export", built["ref"], "--out", str(tmp_path / "out")),
    ):
        res = cli(*args, ok=False)
        one_line = " ".join(res.output.split())
        assert res.exit_code == 1 and "manifest.json: sha256 differs from the one the catalog recorded" in one_line
    assert _models(ws) == []
