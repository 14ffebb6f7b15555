"""Demo part 7 (scripts/demo/70_deploy.sh) names real commands and options, and keeps monitor's expected exit 1
from stopping the demo (scripts/demo.sh runs under `set -e`)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_docs import _check_line

PART = Path(__file__).resolve().parents[2] / "scripts" / "demo" / "70_deploy.sh"


def curator_lines() -> list[str]:
    """Every `curator …` command of the part (continuations joined; also inside $(…) and after a pipe)."""
    text = PART.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    found = re.findall(r"(?:^|\$\(|\|\s*|;\s*)\s*(curator [^|)\n]*)", "\n".join(lines), re.M)
    return [re.sub(r'"[^"]*"', "ARG", line).strip() for line in found]


def test_every_curator_line_of_the_deploy_part_is_a_real_command():
    lines = curator_lines()
    commands = {" ".join(line.split()[1:3]) for line in lines}
    assert {"models promote", "serve ARG", "monitor ARG", "monitor-compare ARG", "ingest ARG", "run"} <= commands
    for line in lines:
        _check_line(line)


def test_monitor_drift_exit_does_not_stop_the_demo():
    for line in PART.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        if line.startswith("curator monitor ") and "--to-labeling" not in line:
            assert "|| monitor_status=$?" in line
        if "--to-labeling" in line:
            assert line.rstrip().endswith("|| true")
