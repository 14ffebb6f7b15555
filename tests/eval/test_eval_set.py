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
    assert 8000 <= total <= 20000
    assert sum(p.stat().st_size for p in SET.rglob("*") if p.is_file()) < 6_000_000
    assert meta["release"]["codename"] == "bookworm" and meta["faker"]


@pytest.mark.parametrize("part", ["dev", "test"])
@pytest.mark.parametrize("task", TASKS)
def test_every_scorer_file_has_every_kind_of_text_in_number(part, task):
    records = load(SET / part / f"{task}.jsonl", task)
    kinds = {k: sum(r["kind"] == k for r in records) for k in ("prose", "conversational", "technical")}
    assert all(r.get("kind") in kinds for r in records)
    assert all(400 <= n <= 1100 for n in kinds.values()), kinds


def test_no_text_is_in_both_dev_and_test():
    texts = {part: set() for part in ("dev", "test")}
    for part in texts:
        for task in TASKS:
            texts[part] |= {r["text"] for r in load(SET / part / f"{task}.jsonl", task) if r.get("class") != "junk"}
    assert not texts["dev"] & texts["test"]


def test_short_text_edits_and_junk_of_each_kind_are_planted():
    dedup = load(SET / "dev" / "dedup.jsonl", "dedup")
    edits = {(r["kind"], r["edit"]) for r in dedup if r["dup_of"]}
    for kind in ("conversational", "technical"):
        assert {"prefix", "suffix", "number_changed", "punct_case", "exact"} <= {e for k, e in edits if k == kind}
    junk = {(r["kind"], r["junk_kind"]) for r in load(SET / "dev" / "quality.jsonl", "quality") if r["class"] == "junk"}
    assert {"pasted_diff", "base64_blob", "hex_blob", "stack_noise"} <= {j for k, j in junk if k == "technical"}
    langs = {r["lang"] for r in load(SET / "dev" / "langid.jsonl", "langid") if r["kind"] == "conversational"}
    assert {"en", "de", "fr", "es", "it", "nl", "pt"} < langs  # and other languages as "other" cases


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
    pinned = json.loads((ROOT / "scripts" / "eval" / "pinned.json").read_text())
    cache = Path.home() / ".cache" / "curator-eval"
    archives = [cache / "pypi" / pinned["conversational"]["file"]]
    archives += [cache / "deb" / info["file"] for info in pinned["technical"]["packages"].values()]
    if not all(a.is_file() for a in archives):
        pytest.skip("the pinned archives are not in the cache: run scripts/eval/fetch_sources.py")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval" / "build_set.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for part in ("dev", "test"):
        for task in TASKS:
            assert (tmp_path / part / f"{task}.jsonl").read_bytes() == (SET / part / f"{task}.jsonl").read_bytes()


def _scripts():
    sys.path.insert(0, str(ROOT / "scripts" / "eval"))
    try:
        import changelogs
        import chat
    finally:
        sys.path.pop(0)
    return changelogs, chat


def test_the_kinds_builder_rebuilds_a_committed_slice_byte_for_byte(tmp_path):
    """The conversational and technical build (pools, split, injection, junk, edits) on a small committed slice of
    the pinned inputs gives the committed output, twice; no network, no cache."""
    sample = ROOT / "tests" / "eval" / "data" / "kinds_sample.json"
    expected = ROOT / "tests" / "eval" / "data" / "kinds_sample_expected"
    for run in ("a", "b"):
        out = tmp_path / run
        script = [sys.executable, str(ROOT / "scripts" / "eval" / "more_kinds.py"), "--sample", str(sample)]
        subprocess.run([*script, "--out", str(out)], check=True, capture_output=True)
        for part in ("dev", "test"):
            for task in TASKS:
                assert (out / part / f"{task}.jsonl").read_bytes() == (expected / part / f"{task}.jsonl").read_bytes()
    for part in ("dev", "test"):
        for task in TASKS:
            load(expected / part / f"{task}.jsonl", task)  # valid truth


def test_changelog_items_keep_multi_line_notes_and_leave_out_credits():
    changelogs, _ = _scripts()
    text = (
        "foo (1.2-1) unstable; urgency=medium\n\n"
        "  [ Ada Byron ]\n"
        "  * New upstream release 1.2 (Closes: #1001).\n"
        "  * d/patches:\n    - fix-path.patch: use `/usr/lib/foo`\n      not /lib.\n"
        "  * Fix crash, thanks to Grace Hopper.\n"
        "  * Update French translation (Jean Dupont).\n"
        "  * Apply Jeff Sheinberg's fixes.\n"
        "  * Updated Portuguese translation from Américo Monteiro.\n"
        '  * The "Premio Nacional de Tauromaquia" release.\n'
        "  * Ok\n\n"
        " -- Ada Byron <ada@example.org>  Mon, 01 Jan 2024 10:00:00 +0000\n"
    )
    found = changelogs.items(text)
    assert found[:2] == [
        "New upstream release 1.2 (Closes: #1001).",
        "d/patches:\n- fix-path.patch: use `/usr/lib/foo`\n  not /lib.",
    ]
    # left out: credits, a translator in brackets, a possessive name, an accented name, a release name, too short
    assert changelogs.keep(found) == found[:2] and len(found) == 8


def test_untranslated_chat_turns_are_left_out_of_other_languages(tmp_path):
    import zipfile

    _, chat = _scripts()
    wheel = tmp_path / "c.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("chatterbot_corpus/data/english/a.yml", "conversations:\n- - Good morning to you\n  - What is up\n")
        z.writestr("chatterbot_corpus/data/french/a.yml", "conversations:\n- - What is up\n  - Bonjour à toi\n  - 42\n")
    turns = chat.read(wheel)
    assert turns["en"] == ["Good morning to you", "What is up"]
    assert turns["fr"] == ["Bonjour à toi"]  # the English turn in the French folder is not French; 42 is no turn
