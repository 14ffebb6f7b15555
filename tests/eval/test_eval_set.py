"""The shipped real-text evaluation set (data/eval): valid truth, honest size, split by group, and rebuilt byte for
byte by scripts/eval/build_set.py from the same Debian lists (skipped where those lists differ or are absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from curator.eval.truth import TASKS, load

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "data" / "eval"


def test_every_shipped_file_is_valid_truth_and_the_set_is_small():
    meta = json.loads((SET / "meta.json").read_text())
    total = 0
    for part in ("dev", "test"):
        for task in TASKS:
            records = load(SET / part / f"{task}.jsonl", task)
            assert len(records) == meta["counts"][part][task]
            total += len(records)
    assert 3000 <= total <= 10000
    assert sum(p.stat().st_size for p in SET.rglob("*") if p.is_file()) < 3_000_000
    assert meta["release"]["codename"] == "bookworm" and meta["faker"]


def test_pii_set_has_every_entity_type_and_clean_texts():
    records = load(SET / "dev" / "pii.jsonl", "pii")
    types = {s["type"] for r in records for s in r["pii"]}
    assert types == {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS", "CREDIT_CARD", "US_SSN", "IP_ADDRESS"}
    assert sum(not r["pii"] for r in records) >= 200


def test_a_duplicate_pair_never_straddles_dev_and_test():
    ids = {part: {r["id"] for r in load(SET / part / "dedup.jsonl", "dedup")} for part in ("dev", "test")}
    assert not ids["dev"] & ids["test"]  # and load() checked every dup_of names a record of its own file


def test_the_builder_rebuilds_the_shipped_set(tmp_path):
    meta = json.loads((SET / "meta.json").read_text())
    sys.path.insert(0, str(ROOT / "scripts" / "eval"))
    try:
        import sources
    finally:
        sys.path.pop(0)
    lists = Path("/var/lib/apt/lists")
    try:
        for lang, info in meta["inputs"].items():
            if sources.sha256(sources.read_text(lists / info["file"])) != info["sha256_decompressed"]:
                pytest.skip(f"this machine's Translation-{lang} differs from the one the set was built from")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("the Debian lists the set was built from are not on this machine")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval" / "build_set.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for part in ("dev", "test"):
        for task in TASKS:
            assert (tmp_path / part / f"{task}.jsonl").read_bytes() == (SET / part / f"{task}.jsonl").read_bytes()
