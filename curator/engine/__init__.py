"""The stage runner: catalog → Parquet shards → datatrove executor → one import transaction per stage run."""

from curator.engine.recipe import DEFAULT_RECIPE, Recipe, StagePlan, load_recipe, select_stages
from curator.engine.runner import StageReport, run_recipe

__all__ = ["DEFAULT_RECIPE", "Recipe", "StagePlan", "StageReport", "load_recipe", "run_recipe", "select_stages"]
