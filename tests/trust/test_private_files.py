"""Private by default: under a loose umask (0o022) the workspace and its folders are 0700, its files 0600.

The catalog holds raw text before scrubbing; nothing in the workspace may be readable by other local users,
whether a command created it (init, ingest, run, build-split: in-process and as a real separate process) or an
older curator left it looser (`curator init` tightens an existing workspace).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.splits.conftest import make_records, mark_curated

QUALITY = {"stage": "quality", "steps": [{"step": "outliers_v1"}]}


@pytest.fixture
def loose_umask():
    """The usual umask 0o022 for the test (and whatever it starts); the old one back afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def loose_paths(home: Path) -> list[str]:
    """Every path under home (home included) that group or others may access, with its mode."""
    found = []
    for path in [home, *home.rglob("*")]:
        st = os.lstat(path)
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
            found.append(f"{path.relative_to(home.parent)} {stat.filemode(st.st_mode)}")
    return found


def assert_private(home: Path) -> None:
    assert loose_paths(home) == []
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    for sub in ("data", "shards", "splits", "models", "secrets", "labelstudio", "tmp", "reports"):
        assert stat.S_IMODE(os.stat(home / sub).st_mode) == 0o700, sub
    assert stat.S_IMODE(os.stat(home / "catalog.duckdb").st_mode) == 0o600
    wal = home / "catalog.duckdb.wal"
    if wal.exists():
        assert stat.S_IMODE(os.stat(wal).st_mode) == 0o600


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_library_creates_a_private_workspace(loose_umask, tmp_path):
    from curator.catalog.init import init_workspace

    ws, created = init_workspace(tmp_path / "ws")
    assert created
    assert_private(ws.home)
    later = tmp_path / "later.txt"
    later.touch()
    assert stat.S_IMODE(later.stat().st_mode) == 0o644  # the caller's umask is given back


def test_init_tightens_an_existing_workspace(loose_umask, tmp_path):
    from typer.testing import CliRunner

    from curator.catalog.init import init_workspace
    from curator.cli import app

    ws, _ = init_workspace(tmp_path / "ws")
    (ws.data_dir / "old").mkdir()
    (ws.data_dir / "old" / "part.parquet").write_bytes(b"raw")
    for path in [ws.home, *ws.home.rglob("*")]:  # as an older curator under umask 0o022 left it
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert loose_paths(ws.home)
    res = CliRunner().invoke(app, ["init", "--home", str(ws.home)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert_private(ws.home)
    assert stat.S_IMODE(os.stat(ws.data_dir / "old" / "part.parquet").st_mode) == 0o600


def test_files_written_by_ingest_run_and_build_split_are_private(loose_umask, cli, ws, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", make_records(60))
    cli("ingest", str(src), "--source", "t")
    recipe = tmp_path / "r.yaml"
    recipe.write_text(yaml.safe_dump({"version": 1, "stages": [QUALITY]}))
    cli("run", str(recipe))
    mark_curated(ws)
    cli("build-split", "t", "--label-source", "source")
    assert list(ws.splits_dir.rglob("*.parquet")), "build-split wrote no part file"
    assert any(p.is_file() for p in ws.shards_dir.rglob("*")), "run wrote no shard"
    assert_private(ws.home)


def test_a_separate_cli_process_writes_private_files(loose_umask, tmp_path):
    home = tmp_path / "ws"
    src = write_jsonl(tmp_path / "t.jsonl", make_records(5))
    recipe = tmp_path / "r.yaml"
    recipe.write_text(yaml.safe_dump({"version": 1, "stages": [QUALITY]}))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for args in (["init"], ["ingest", str(src), "--source", "t"], ["run", str(recipe)]):
        done = subprocess.run(
            [sys.executable, "-m", "curator.cli", "--home", str(home), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    assert any(p.is_file() for p in (home / "shards").rglob("*")), "run wrote no shard"
    assert_private(home)
