"""The docs tell the truth about the CLI (like sqlite-utils' test_docs.py).

Every command (the Typer app walked, sub-apps included) is in README's command table and its `--help` shows an
example; every `curator …` line in the docs' fenced code blocks and in the help examples names a command that
exists with options it has; a few safe doc lines run against a small workspace and print what the docs show.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import curator.cli  # noqa: F401  (registers every command)
from curator.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ROOT_OPTIONS = {"--home", "--wait", "--help"}
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def _commands(cmd=None, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """(command path, click command) of every leaf command under `cmd` (default: the root app)."""
    cmd = cmd or typer.main.get_command(app)
    if not hasattr(cmd, "commands"):
        return [(path, cmd)]
    return [leaf for name, sub in cmd.commands.items() for leaf in _commands(sub, (*path, name))]


COMMANDS = dict(_commands())
GROUPS = {path[0] for path in COMMANDS if len(path) > 1}


def _readme_table() -> dict[str, set[str]]:
    """Top-level command → the subcommands README's command table names for it (`curator a x\\|y`)."""
    section = (ROOT / "README.md").read_text().split("## The commands", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        for cell in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            words = cell.removeprefix("curator ").split()
            subs = words[1].replace("\\|", "|").split("|") if len(words) > 1 else []
            table.setdefault(words[0], set()).update(subs)
    return table


def _options(cmd) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")} | {"--help"}


def _check_line(line: str) -> None:
    """`line` ("curator [root options] COMMAND [SUB] …") names a command that exists and only options it has."""
    words = line.split("#", 1)[0].split()[1:]
    while words and words[0] in ROOT_OPTIONS:
        words = words[2:] if words[0] != "--help" else words[1:]
    path = (words[0],) if words else ()
    if path and path[0] in GROUPS:
        path = (*path, words[1] if len(words) > 1 else "")
    assert path in COMMANDS, f"{line!r}: no command `curator {' '.join(path)}`"
    unknown = set(OPTION.findall(" ".join(words[len(path) :]))) - _options(COMMANDS[path])
    assert not unknown, f"{line!r}: `curator {' '.join(path)}` has no option {sorted(unknown)}"


def _doc_lines() -> list[tuple[str, str]]:
    """(file, line) for every `curator …` line in a fenced block of README.md and docs/*.md."""
    found = []
    for doc in DOCS:
        for block in FENCE.findall(doc.read_text()):
            for line in block.replace("\\\n", " ").splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("curator "):
                    found.append((doc.name, line))
    return found


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_is_in_the_readme_table(path):
    table = _readme_table()
    assert path[0] in table, f"`curator {path[0]}` is missing from README's command table"
    if len(path) > 1:
        assert path[1] in table[path[0]], f"`curator {' '.join(path)}` is missing from README's command table"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_help_has_an_example_that_parses(path):
    text = " ".join(_help(path).split())  # rich wraps and boxes the help text
    assert re.search(r"\bExamples?\b|\be\.g\.", text), f"`curator {' '.join(path)} --help` shows no example"
    for example in re.findall(r"`(curator [^`]+)`", COMMANDS[path].help or ""):
        _check_line(example)


def test_the_docs_command_lines_name_real_commands_and_options():
    lines = _doc_lines()
    assert len(lines) >= 20 and {f for f, _ in lines} >= {"curation.md", "splits.md", "training.md"}
    for doc, line in lines:
        try:
            _check_line(line)
        except AssertionError as exc:
            raise AssertionError(f"{doc}: {exc}") from None


def test_the_check_catches_a_missing_command_and_a_missing_option():
    with pytest.raises(AssertionError, match="no command `curator splits lst`"):
        _check_line("curator splits lst")
    with pytest.raises(AssertionError, match=r"has no option \['--jsn'\]"):
        _check_line("curator status --jsn")
    _check_line("curator --home ws splits diff a@1 a@2 --json  # a comment --not-an-option")


def test_safe_doc_lines_run_against_a_small_workspace(ws, cli, tmp_path):
    """`curator status` and `curator purge-raw` (no --yes) as docs/curation.md and docs/pii.md show them."""
    lines = {line.split("#", 1)[0].strip() for _, line in _doc_lines()}
    assert {"curator status", "curator purge-raw"} <= lines
    rows = tmp_path / "tickets.jsonl"
    texts = ["My parcel has not arrived yet, can you check the delivery?", "The invoice shows the wrong address."]
    rows.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    cli("ingest", str(rows), "--source", "tickets")
    assert "ingest" in cli("status").output
    purge = cli("purge-raw", ok=False)
    assert purge.exit_code == 1 and purge.output.startswith("error: purge-raw would delete 0 raw texts")
    assert "run again with --yes to do it" in purge.output
