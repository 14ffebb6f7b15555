"""ruff format owns the formatting: no formatter opt-out markers (the code does not fight its formatter)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a table whose alignment is the point may opt out; list it here with the reason
ALLOWED: dict[str, str] = {
    "curator/stages/registry.py": "the step registry: one aligned row per step (name, stage, class, what it does)",
}


def test_no_fmt_skip_outside_the_allowed_tables() -> None:
    marker = "fmt: " + "skip"
    found = [
        str(p.relative_to(ROOT))
        for folder in ("curator", "apps", "tests", "scripts")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if marker in p.read_text(encoding="utf-8") and str(p.relative_to(ROOT)) not in ALLOWED
    ]
    assert found == [], f"remove the {marker} markers (ruff format owns the formatting): {found}"
