"""In a log (no terminal) `ingest` and `build-split` start with their own first line (issue 20's walkthrough).

Their transient progress bar printed nothing but an empty line on stderr when stderr was not a terminal, so a log
of `curator ingest … > log 2>&1` began with a blank line. Run as a real process: CliRunner replaces the streams.
"""

from __future__ import annotations

import subprocess
import sys

from tests.ingest.hazards import write_jsonl


def _curator(home, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "curator.cli", "--home", str(home), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_ingest_and_build_split_print_no_blank_line_in_a_log(ws, tmp_path):
    rows = [{"id": "zip", "text": "Archiver for .zip files", "label": "utils"}]
    ingested = _curator(ws.home, "ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stderr == "" and ingested.stdout.startswith("pkgs: read 1 · accepted 1"), ingested
    split = _curator(ws.home, "build-split", "pkgs")  # nothing active and scrubbed yet: a one-line error
    assert split.returncode == 1 and split.stderr.startswith("error: no candidates"), split
