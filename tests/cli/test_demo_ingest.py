"""The README's demo ingest (scripts/demo/10_ingest.sh) on the shipped corpus, through the CLI."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def demo_commands() -> list[list[str]]:
    """The `curator …` lines of demo part 10, joined across backslash continuations."""
    text = (ROOT / "scripts/demo/10_ingest.sh").read_text().replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in text.splitlines() if line.startswith("curator ")]


def test_demo_part_ingests_the_shipped_corpus(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    commands = demo_commands()
    assert [c[0] for c in commands][:4] == ["init", "ingest", "ingest", "ingest"]
    for args in commands:
        if args[0] == "ingest":
            rep = json.loads(cli(*args, "--json").output)
            assert rep["read"] == rep["accepted"] + rep["n_rejected"] + rep["present"]
            if rep["source"] == "tickets":
                assert rep["accepted"] == 3000 and rep["n_rejected"] == 0
            if rep["source"] == "forum":
                assert rep["accepted"] == 600
            if rep["source"] == "messy":
                assert {
                    "invalid_json",
                    "invalid_utf8",
                    "not_an_object",
                    "missing_text",
                    "null_text",
                    "empty_text",
                    "too_long",
                    "id_conflict",
                } <= set(rep["rejected"])
                assert rep["present"] >= 1
        else:
            cli(*args)
    st = json.loads(cli("status", "--json").output)
    assert st["samples"] == 3000 + 600 + json.loads(cli("sources", "--json").output)[1]["rows_accepted"]
