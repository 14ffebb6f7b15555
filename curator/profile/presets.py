"""Preset recipes for kinds of text (pipelines/presets/NAME.yaml) and how a `--recipe` value names a recipe.

A `--recipe` value is a path to a YAML file, a preset name (`web`, `short_text`, `technical`, `chat`), or `auto`
(`curator run` profiles the active samples and picks a preset: curator.profile.auto). A file wins over a preset
of the same name.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from curator.engine.recipe import PRESETS_DIR, ROOT

AUTO = "auto"


def names() -> list[str]:
    """The shipped presets."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))


def preset_path(name: str) -> Path | None:
    """The preset's file, or None when `name` is no preset."""
    path = PRESETS_DIR / f"{name}.yaml"
    return path if name in names() else None


def describe() -> list[tuple[str, str, str]]:
    """(name, description, path) of every preset."""
    out = []
    for name in names():
        path = PRESETS_DIR / f"{name}.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((name, str(doc.get("description", "")), str(path.relative_to(ROOT))))
    return out
