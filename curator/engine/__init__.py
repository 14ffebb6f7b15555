"""The stage runner: catalog → Parquet shards → datatrove executor → one import transaction per stage run.

Names are imported on first use: the launcher process (curator.engine.launch) imports this package too, and
needs neither the catalog nor the recipe schema before its first stage starts.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "DEFAULT_RECIPE": "recipe",
    "Recipe": "recipe",
    "StagePlan": "recipe",
    "load_recipe": "recipe",
    "select_stages": "recipe",
    "StageReport": "runner",
    "run_recipe": "runner",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'curator.engine' has no attribute {name!r}")
    return getattr(import_module(f"curator.engine.{_WHERE[name]}"), name)
